import * as fs from "node:fs";
import { isSeq, LineCounter, parseDocument } from "yaml";
import type { LoadedConfig } from "../config/load.ts";
import { UserError } from "../errors.ts";
import { isMetricKey, METRIC_KEYS, METRIC_KINDS, type MetricKey, type Scope } from "../metrics.ts";

/** One quarterly target (doraform.yaml `targets:`, or the older targets file report/targets.example.yaml documents). */
export interface Target {
  /** "2026-Q4" */
  quarter: string;
  metric: MetricKey;
  scope: Scope;
  /** The service or team; `all` for the organisation. */
  name: string;
  /** In the metric's unit: seconds, a share, or deploy days per week for deployment frequency. */
  target: number;
  /** Where it is written, for errors: "targets.yaml line 12". */
  source: string;
}

const SCOPES: Scope[] = ["organisation", "team", "service"];
const DURATION = /^(\d+(?:\.\d+)?)\s*(s|m|min|h|d|w)$/;
const SECONDS: Record<string, number> = { s: 1, m: 60, min: 60, h: 3600, d: 86400, w: 604800 };

export function readTargets(file: string): Target[] {
  const lines = new LineCounter();
  let list: unknown;
  try {
    const doc = parseDocument(fs.readFileSync(file, "utf8"), { lineCounter: lines });
    if (doc.errors.length > 0) throw doc.errors[0];
    list = doc.get("targets");
  } catch (error) {
    throw new UserError(`cannot read targets file ${file}: ${(error as Error).message.split("\n")[0]}`);
  }
  if (!isSeq(list)) throw new UserError(`targets file ${file}: expected a top-level \`targets:\` list`);
  return list.items.map((item) => {
    const offset = (item as { range?: [number, number, number] } | null)?.range?.[0];
    const source = `${file} line ${offset === undefined ? "?" : lines.linePos(offset).line}`;
    return parseTarget((item as { toJSON?: () => unknown } | null)?.toJSON?.() ?? item, source);
  });
}

/** One target entry, checked; `where` starts each error (the file and the entry). */
export function parseTarget(entry: unknown, where: string): Target {
  if (typeof entry !== "object" || entry === null) throw new UserError(`${where}: expected a mapping`);
  const e = entry as Record<string, unknown>;
  if (typeof e.quarter !== "string" || !/^\d{4}-Q[1-4]$/.test(e.quarter)) throw new UserError(`${where}: quarter must look like 2026-Q4`);
  if (!isMetricKey(e.metric)) throw new UserError(`${where}: metric must be one of ${METRIC_KEYS.join(", ")}`);
  const m = e.metric;
  const scope = (e.scope ?? "organisation") as Scope;
  if (!SCOPES.includes(scope)) throw new UserError(`${where}: scope must be one of ${SCOPES.join(", ")}`);
  if (scope !== "organisation" && typeof e.name !== "string") throw new UserError(`${where}: a ${scope} target needs a name`);
  return { quarter: e.quarter, metric: m, scope, name: scope === "organisation" ? "all" : String(e.name), target: targetValue(m, e.target, where), source: where };
}

function targetValue(m: MetricKey, raw: unknown, where: string): number {
  const text = String(raw ?? "").trim();
  const { unit } = METRIC_KINDS[m];
  if (unit === "seconds") {
    const match = DURATION.exec(text);
    if (match) return Number(match[1]) * SECONDS[match[2]];
  } else if (unit === "share" && text.endsWith("%")) {
    const n = Number(text.slice(0, -1));
    if (Number.isFinite(n)) return n / 100;
  }
  const n = typeof raw === "number" ? raw : Number(text);
  if (text !== "" && Number.isFinite(n) && n >= 0) return n;
  const expected = unit === "seconds" ? "a duration (90m, 36h, 2d) or seconds" : unit === "share" ? "a share (10% or 0.1)" : "deploy days per week";
  throw new UserError(`${where}: target ${JSON.stringify(raw)} for ${m} is not ${expected}`);
}

/**
 * doraform.yaml's `targets:`, each checked where it is written. A second target for the same metric,
 * scope and quarter fails: the review and the `quarterly_targets` mart would each judge only one.
 */
export function configTargets({ config, where }: LoadedConfig): Target[] {
  const targets = config.targets.map((entry, index) => parseTarget(entry, where(["targets", index])));
  const seen = new Map<string, Target>();
  for (const t of targets) {
    const key = [t.quarter, t.metric, t.scope, t.name].join("\u0000");
    const first = seen.get(key);
    if (first) throw new UserError(`${t.source}: a second ${t.quarter} target for ${t.metric} of ${t.scope === "organisation" ? "the organisation" : `${t.scope} ${t.name}`} (first at ${first.source})`);
    seen.set(key, t);
  }
  return targets;
}

/** A target as the models read it (includes/targets.js): the value in the mart's unit, with which way is better. */
export interface ModelTarget {
  scope: Scope;
  /** `all` for the organisation. */
  name: string;
  /** "2026-Q4" */
  quarter: string;
  metric: MetricKey;
  /** Seconds, a ratio in [0, 1], or deploy days per week. */
  target: number;
  better: "lower" | "higher";
}

/** What includes/generated/doraform.json holds of the targets. */
export function modelTargets(targets: readonly Target[]): ModelTarget[] {
  return targets.map((t) => ({ scope: t.scope, name: t.name, quarter: t.quarter, metric: t.metric, target: t.target, better: METRIC_KINDS[t.metric].better }));
}
