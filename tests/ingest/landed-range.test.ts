import { describe, expect, it } from "vitest";
import { planRange, rangeSummary } from "../../ingest/protocol/landed-range.ts";

const JUNE = "2026-06-01T00:00:00.000Z";
const AUGUST = "2026-08-01T00:00:00.000Z";
const OCTOBER = "2026-10-01T00:00:00.000Z";

describe("a slice's plan from its saved state and the start date", () => {
  it("backfills only a given start date earlier than the landed range, and never moves the landed start forward", () => {
    const saved = { start_date: OCTOBER, cursor: { updated_at: "2026-11-01T00:00:00Z" } };
    expect(planRange(undefined, JUNE, true)).toEqual({ start: JUNE, cursor: undefined, unknownStart: false });
    expect(planRange(saved, JUNE, true)).toEqual({ backfill: { from: JUNE, until: OCTOBER }, start: JUNE, cursor: saved.cursor, unknownStart: false });
    // the 90-day default, and a later date, read on from the cursor with the landed start kept
    expect(planRange(saved, JUNE, false)).toEqual({ start: OCTOBER, cursor: saved.cursor, unknownStart: false });
    expect(planRange({ start_date: JUNE, cursor: saved.cursor }, OCTOBER, true)).toEqual({ start: JUNE, cursor: saved.cursor, unknownStart: false });
  });

  it("keeps a state saved before the landed start was recorded as its cursor, with the start unknown", () => {
    const legacy = { updated_at: "2026-11-01T00:00:00Z" };
    expect(planRange(legacy, JUNE, true)).toEqual({ start: null, cursor: legacy, unknownStart: true });
    expect(planRange({ start_date: null, cursor: legacy }, JUNE, false)).toEqual({ start: null, cursor: legacy, unknownStart: false });
  });
});

describe("the one line a source says", () => {
  it("names the backfilled days, or each stream's end when they differ, or nothing", () => {
    const plan = (until: string) => ({ backfill: { from: JUNE, until }, start: JUNE, cursor: undefined, unknownStart: false });
    const onward = { start: OCTOBER, cursor: undefined, unknownStart: false };
    expect(rangeSummary("github", [plan(OCTOBER), onward, plan(OCTOBER)])).toBe("github: backfilling 2026-06-01..2026-10-01 before the landed range");
    expect(rangeSummary("github", [plan(OCTOBER), plan(AUGUST)])).toBe(
      "github: backfilling from 2026-06-01 up to where each stream's landed range begins (2026-08-01 to 2026-10-01)",
    );
    expect(rangeSummary("pagerduty", [onward])).toBeUndefined();
    expect(rangeSummary("pagerduty", [{ start: null, cursor: {}, unknownStart: true }])).toBe(
      "pagerduty: the saved state does not record where the landed range begins, so no backfill: --reset-state pagerduty reads again from the start date",
    );
  });
});
