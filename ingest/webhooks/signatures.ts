import { createHash, timingSafeEqual } from "node:crypto";
import { sign, verify } from "@octokit/webhooks-methods";

// The library signs and verifies strings: GitHub and PagerDuty send UTF-8 JSON, so decoding the body
// loses nothing; a body that is not UTF-8 no longer matches its signature and is refused.

/** HMAC-SHA256 of the raw body, hex: what GitHub and PagerDuty both sign. */
async function hmacHex(secret: string, body: Buffer): Promise<Buffer> {
  const signature = await sign(secret, body.toString("utf8"));
  return Buffer.from(signature.slice("sha256=".length), "utf8");
}

/** Constant time for equal lengths; a length mismatch is no secret (every valid signature has one length). */
function sameBytes(expected: Buffer, given: string): boolean {
  const candidate = Buffer.from(given, "utf8");
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** Whether a header can hold a GitHub signature at all: told before the body is read. */
export const isGitHubSignatureHeader = (header: string | undefined): boolean => !!header?.startsWith("sha256=") && SHA256_HEX.test(header.slice("sha256=".length).trim());

/** Whether a header holds at least one PagerDuty v1 signature: told before the body is read. */
export const isPagerDutySignatureHeader = (header: string | undefined): boolean =>
  (header ?? "").split(",").some((part) => part.trim().startsWith("v1=") && SHA256_HEX.test(part.trim().slice(3)));

/** GitHub: `X-Hub-Signature-256: sha256=<hex>` over the raw body. */
export async function verifyGitHubSignature(secret: string, body: Buffer, header: string | undefined): Promise<boolean> {
  // the library throws on an empty secret, body or signature: none of them can be a valid delivery
  if (!secret || body.length === 0 || !header?.startsWith("sha256=")) return false;
  return verify(secret, body.toString("utf8"), `sha256=${header.slice("sha256=".length).trim().toLowerCase()}`);
}

/**
 * PagerDuty v3: `X-PagerDuty-Signature: v1=<hex>[,v1=<hex>…]`; during a secret rotation several are
 * sent and any match is enough. Every candidate is compared, so the time does not say which matched.
 */
export async function verifyPagerDutySignature(secret: string, body: Buffer, header: string | undefined): Promise<boolean> {
  if (!secret || body.length === 0 || !header) return false;
  const expected = await hmacHex(secret, body);
  let matched = false;
  for (const part of header.split(",")) {
    const signature = part.trim();
    if (signature.startsWith("v1=") && sameBytes(expected, signature.slice(3).toLowerCase())) matched = true;
  }
  return matched;
}

/** Bearer token of the generic endpoints, compared in constant time. */
export function verifyBearer(token: string, header: string | undefined): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? "");
  if (!match) return false;
  // digests of both, so neither the comparison's time nor its length check tells anything about the token
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(token), digest(match[1].trim()));
}
