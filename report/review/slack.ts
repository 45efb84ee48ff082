/**
 * A review as a Slack-compatible incoming-webhook message (`{text, blocks}`, also read by
 * Mattermost and Rocket.Chat), within Slack's limits: a section's text at most 3,000 characters,
 * at most 50 blocks, and a `text` kept under the 4,000 characters Slack advises (it truncates
 * beyond 40,000). The Appendix stays in the report.
 */

/** Slack's limit on a section block's text. */
export const SECTION_LIMIT = 3000;
/** Slack's advised limit on a message's top-level text. */
export const TEXT_LIMIT = 4000;
/** Slack's limit on the blocks of a message. */
export const BLOCK_LIMIT = 50;
/** Slack's limit on a header block's plain text. */
const HEADER_LIMIT = 150;

export interface SlackMessage {
  text: string;
  blocks: Array<Record<string, unknown>>;
}

/** `markdown` is a review as `doraform review` writes it; `link` is where its whole page is read. */
export function reviewMessage(markdown: string, link: string): SlackMessage {
  const body = markdown.split("\n## Appendix\n")[0]!.trimEnd();
  const [first, ...rest] = body.split("\n");
  const title = (first ?? "").replace(/^#\s+/, "");
  const sections = rest.join("\n").split(/\n(?=## )/).map((s) => mrkdwn(s.trim())).filter((s) => s !== "");
  const more = `The whole review: ${escape(link)}`;
  const whole = [`*${escape(title)}*`, ...sections, more].join("\n\n");
  const shown = sections.slice(0, BLOCK_LIMIT - 2);
  return {
    text: whole.length <= TEXT_LIMIT ? whole : `*${escape(title)}*\n${more}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: truncate(title, HEADER_LIMIT) } },
      ...shown.map((text) => ({ type: "section", text: { type: "mrkdwn", text: fit(text, more) } })),
      { type: "context", elements: [{ type: "mrkdwn", text: more }] },
    ],
  };
}

/** Markdown headings as bold lines, lists as bullets, tables as preformatted text (Slack draws no tables). */
export function mrkdwn(markdown: string): string {
  const out: string[] = [];
  let table = false;
  for (const line of markdown.split("\n")) {
    const row = line.startsWith("|");
    if (row !== table) out.push("```");
    table = row;
    if (row) {
      // the header's underline says nothing in monospace
      if (!/^\|( ?-+ ?\|)+$/.test(line)) out.push(escape(line));
    } else {
      const heading = /^#+\s+(.*)$/.exec(line);
      out.push(heading ? `*${escape(heading[1]!)}*` : escape(line.replace(/^- /, "• ")));
    }
  }
  if (table) out.push("```");
  return out.join("\n");
}

/** Slack's three control characters, escaped as its formatting guide asks. */
function escape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function truncate(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/** A section cut at a line within SECTION_LIMIT, its code block closed, and where the rest is. */
function fit(text: string, more: string): string {
  if (text.length <= SECTION_LIMIT) return text;
  const tail = `…\n${more}`;
  const kept: string[] = [];
  let length = 0;
  let open = false;
  for (const line of text.split("\n")) {
    const closing = open || line === "```" ? "\n```".length : 0;
    if (length + line.length + 1 + closing + tail.length + 1 > SECTION_LIMIT) break;
    kept.push(line);
    length += line.length + 1;
    if (line === "```") open = !open;
  }
  return [...kept, ...(open ? ["```"] : []), tail].join("\n");
}
