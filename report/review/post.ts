import * as fs from "node:fs";
import { UserError } from "../../core/errors.ts";
import type { MartDatabase } from "../reader/open.ts";
import { postWebhook } from "../webhook.ts";
import { ensureReviewLog, recordReviewSent, reviewSentAt, type ReviewKind } from "./sent-log.ts";
import { reviewMessage } from "./slack.ts";

export interface ReviewPost {
  review: ReviewKind;
  /** The week's Monday, or the quarter's first day: a review is posted once per period. */
  periodStart: string;
  /** "the week of 2026-11-16", "2026-Q4" */
  period: string;
  markdown: string;
  /** Where the whole review is read (the HTML report). */
  link: string;
}

export interface Destinations {
  /** A Slack-compatible incoming webhook: a secret, never printed (errors name its host only). */
  webhookUrl?: string;
  /** The job summary of a GitHub Actions run (GITHUB_STEP_SUMMARY): the Markdown is appended to it. */
  summaryFile?: string;
  /** Say what would be posted; post and record nothing. */
  dryRun?: boolean;
}

/**
 * Posts a review to its destinations unless the log says this period's was posted already, then
 * records it: a failed post is not recorded, so the next run tries again. Returns what it did, in
 * one line.
 */
export async function postReview(m: MartDatabase, post: ReviewPost, to: Destinations): Promise<string> {
  const where = [to.webhookUrl ? `the webhook at ${host(to.webhookUrl)}` : null, to.summaryFile ? "the job summary" : null].filter(Boolean).join(" and ");
  if (!where) throw new UserError("review --post: nowhere to post: set DORAFORM_SLACK_WEBHOOK_URL (or --webhook-url), or GITHUB_STEP_SUMMARY in a workflow");
  await ensureReviewLog(m);
  const sentAt = await reviewSentAt(m, post.review, post.periodStart);
  if (sentAt !== null) return `review: the ${post.review} review of ${post.period} was posted at ${new Date(sentAt).toISOString()}: not posted again`;
  if (to.dryRun) return `review --dry-run: would post the ${post.review} review of ${post.period} to ${where}`;
  if (to.summaryFile) fs.appendFileSync(to.summaryFile, `${post.markdown.trimEnd()}\n`);
  if (to.webhookUrl) await postWebhook(to.webhookUrl, reviewMessage(post.markdown, post.link), { what: "review" });
  await recordReviewSent(m, post.review, post.periodStart);
  return `review: posted the ${post.review} review of ${post.period} to ${where}`;
}

function host(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    throw new UserError("review --post: the webhook URL (DORAFORM_SLACK_WEBHOOK_URL or --webhook-url) is not a URL");
  }
}
