import type { Firing } from "./evaluate.ts";

/** Slack refuses a message of more than 50 blocks: the header, 48 alerts, and a line saying how many more. */
const MAX_SECTIONS = 48;

/** A Slack-compatible incoming-webhook message (also accepted by Mattermost and Rocket.Chat). */
export function slackMessage(weekStart: string, firings: readonly Firing[]) {
  const title = `DORA regressions for the week of ${weekStart}: ${firings.length} alert${firings.length === 1 ? "" : "s"}`;
  const shown = firings.slice(0, MAX_SECTIONS);
  const more = firings.length - shown.length;
  return {
    text: `${title}\n${firings.map((f) => `• ${f.text}`).join("\n")}`,
    blocks: [
      { type: "header", text: { type: "plain_text", text: title } },
      ...shown.map((f) => ({ type: "section", text: { type: "mrkdwn", text: `*${f.rule}* · ${f.text}` } })),
      ...(more > 0 ? [{ type: "context", elements: [{ type: "mrkdwn", text: `…and ${more} more (all of them in the message text)` }] }] : []),
    ],
  };
}
