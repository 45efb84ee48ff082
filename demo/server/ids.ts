import { createHash } from "node:crypto";

export function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

/** A stable positive 31-bit integer for a name (user ids, label ids). */
export function stableId(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 1) || 1;
}

/** GitHub's legacy global node id: base64 of "0<len>:<Type><id>". */
export function nodeId(type: string, id: number | string): string {
  return Buffer.from(`0${type.length}:${type}${id}`).toString("base64");
}

/** The type and id a legacy global node id names, or undefined for anything else (GitHub then answers NOT_FOUND). */
export function parseNodeId(id: string): { type: string; id: string } | undefined {
  const match = /^0(\d+):(.*)$/s.exec(Buffer.from(id, "base64").toString("utf8"));
  if (!match) return undefined;
  const length = Number(match[1]);
  return match[2]!.length > length ? { type: match[2]!.slice(0, length), id: match[2]!.slice(length) } : undefined;
}

/** A PagerDuty-style id ("P" + 6 uppercase letters and digits), stable for a name. */
export function pagerDutyId(text: string): string {
  const digits = sha1(text).slice(0, 12);
  return `P${BigInt(`0x${digits}`).toString(36).toUpperCase().padStart(6, "0").slice(0, 6)}`;
}

