import { UserError } from "../../core/errors.ts";
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

export interface PostOptions {
  /** Attempts in all, the first included. */
  attempts?: number;
  /** The wait before the first retry; doubled after each. */
  backoffMs?: number;
}

/**
 * Posts the message, retrying on 5xx, 429 and dropped connections with exponential backoff.
 * Errors name the webhook by its host only: the URL's path is the secret.
 */
export async function postWebhook(url: string, body: unknown, options: PostOptions = {}): Promise<void> {
  const attempts = options.attempts ?? 4;
  let wait = options.backoffMs ?? 1000;
  let host: string;
  try {
    host = new URL(url).host;
  } catch {
    throw new UserError("--webhook-url is not a URL");
  }
  let last = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (response.ok) return;
      last = `HTTP ${response.status}`;
      if (response.status < 500 && response.status !== 429) {
        throw new UserError(`alerts webhook at ${host} refused the message: ${last}`);
      }
    } catch (error) {
      if (error instanceof UserError) throw error;
      last = (error as Error).message;
    }
    if (attempt < attempts) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      wait *= 2;
    }
  }
  throw new UserError(`alerts webhook at ${host} failed after ${attempts} attempts: ${last}`);
}
