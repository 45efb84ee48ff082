/**
 * A dated stream's saved state says where its landed records begin, so a start date earlier than that
 * reads only the missing days (issue 14): `start_date` is the day the landed range begins (null: a state
 * saved before it was recorded), `cursor` the stream's own state.
 */
export interface RangedState<S> {
  start_date: string | null;
  cursor: S | undefined;
}

/** The days a backfill reads: from `from` up to (not including) `until`, both midnight UTC ISO timestamps. */
export interface Backfill {
  from: string;
  until: string;
}

/** How one slice (a stream, or a stream of one repository) is read from a saved state and a start date. */
export interface RangePlan<S> {
  /** The missing days before the landed range, when the start date asked for reaches before it. */
  backfill?: Backfill;
  /** The landed range's start once this read is done: a later start date removes nothing, so it never moves forward. */
  start: string | null;
  cursor: S | undefined;
  /** The landed start is unknown (an older state) while the start date was given: no backfill is possible. */
  unknownStart: boolean;
}

/** `given`: the start date was set by the user, not the 90-day default, so it may extend the landed range. */
export function planRange<S>(saved: unknown, startDate: string, given: boolean): RangePlan<S> {
  if (saved === undefined || saved === null) return { start: startDate, cursor: undefined, unknownStart: false };
  if (!isRanged(saved)) return { start: null, cursor: saved as S, unknownStart: given };
  const landed = saved as RangedState<S>;
  if (landed.start_date === null) return { start: null, cursor: landed.cursor, unknownStart: given };
  if (!given || Date.parse(startDate) >= Date.parse(landed.start_date)) return { start: landed.start_date, cursor: landed.cursor, unknownStart: false };
  return { backfill: { from: startDate, until: landed.start_date }, start: startDate, cursor: landed.cursor, unknownStart: false };
}

function isRanged(saved: unknown): boolean {
  return typeof saved === "object" && saved !== null && Object.hasOwn(saved, "start_date");
}

/** What a stream does beyond the default backfill: a read from no state, whose state is then dropped. */
export interface BackfillHooks<S> {
  /** The state the backfill's read starts from, taken from the saved one (deployments to compare across the boundary). */
  seed?(saved: S | undefined): S | undefined;
  /** The saved cursor with what the backfill found that later reads must still know (incidents still open). */
  merge?(cursor: S, backfilled: S): S;
}

/** One slice's read: the backfill first (a read bounded to the missing days), then the usual read from the saved cursor. */
export async function* readRanged<S>(
  plan: RangePlan<S>,
  read: (range: Backfill | undefined, cursor: S | undefined) => AsyncGenerator<Record<string, unknown>, S>,
  hooks: BackfillHooks<S> = {},
): AsyncGenerator<Record<string, unknown>, RangedState<S>> {
  let backfilled: S | undefined;
  if (plan.backfill) backfilled = yield* read(plan.backfill, hooks.seed?.(plan.cursor));
  const cursor = yield* read(undefined, plan.cursor);
  return { start_date: plan.start, cursor: backfilled !== undefined && hooks.merge ? hooks.merge(cursor, backfilled) : cursor };
}

/** A source's config narrowed to a backfill's days. */
export function backfillConfig<C extends { startDate: string; endDate?: string }>(config: C, range: Backfill): C {
  return { ...config, startDate: range.from, endDate: range.until };
}

/** The one line a source says about its slices' plans, or undefined when they read as before. */
export function rangeSummary(namespace: string, plans: Array<RangePlan<unknown>>): string | undefined {
  const day = (iso: string) => iso.slice(0, 10);
  const backfills = plans.flatMap((plan) => (plan.backfill ? [plan.backfill] : []));
  if (backfills.length > 0) {
    const ends = [...new Set(backfills.map((backfill) => day(backfill.until)))].sort();
    const from = day(backfills[0]!.from);
    return ends.length === 1
      ? `${namespace}: backfilling ${from}..${ends[0]} before the landed range`
      : `${namespace}: backfilling from ${from} up to where each stream's landed range begins (${ends[0]} to ${ends.at(-1)})`;
  }
  if (plans.some((plan) => plan.unknownStart)) {
    return `${namespace}: the saved state does not record where the landed range begins, so no backfill: --reset-state ${namespace} reads again from the start date`;
  }
  return undefined;
}
