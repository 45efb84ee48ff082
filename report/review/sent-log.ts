import type { MartDatabase } from "../reader/open.ts";
import { dateValue, ensureLogTable, sentAtValue } from "../sent-log.ts";

export type ReviewKind = "weekly" | "quarterly";

/**
 * Which reviews were posted, one row per (review, period_start) in `dora.reviews_sent`: the nightly
 * job runs `review --post` every night and posts each week's (and each quarter's) review once.
 */
export async function ensureReviewLog(m: MartDatabase): Promise<void> {
  await ensureLogTable(m, "reviews_sent", [
    ["review", "STRING"],
    ["period_start", "DATE"],
    ["sent_at", "TIMESTAMP"],
  ]);
}

/** When the review of this period was posted, or null when it was not. */
export async function reviewSentAt(m: MartDatabase, review: ReviewKind, periodStart: string): Promise<string | null> {
  const rows = await m.db
    .selectFrom("reviews_sent")
    .select(["sent_at"])
    .where("review", "=", review)
    .where("period_start", "=", dateValue(periodStart))
    .execute();
  return rows[0]?.sent_at ?? null;
}

export async function recordReviewSent(m: MartDatabase, review: ReviewKind, periodStart: string): Promise<void> {
  await m.db.insertInto("reviews_sent").values({ review, period_start: dateValue(periodStart), sent_at: sentAtValue(m) }).execute();
}
