import { quarterLabel } from "../dates.ts";
import { formatSampled } from "../format.ts";
import { benchmarkMetric, classify } from "../levels.ts";
import { METRICS, type Metric } from "../metrics.ts";
import { nameOf, type Reading } from "../reading.ts";
import type { QuarterlyRow, Scope } from "../reader/queries.ts";
import type { Target } from "../targets/file.ts";
import { quarterValue } from "../targets/progress.ts";
import { changeFailureRateWarning, linkCoverage } from "../quality.ts";
import { mdTable } from "./markdown.ts";
import { targetsTable } from "./weekly.ts";

/** Quarters shown side by side. */
const QUARTERS = 4;

/**
 * The quarterly page for the business review, in Markdown: each metric quarter over quarter for
 * the organisation and per team, from the `*_quarterly` marts, with its level for the report year
 * (classified against the `benchmarks` mart; none below the minimum sample).
 */
export function quarterlyReview(r: Reading, targets: readonly Target[]): string {
  const current = quarterLabel(r.asOf);
  const quarters = [...new Set(r.quarterly.organisation.map((q) => q.quarter_start!))].sort().filter((q) => quarterLabel(q) <= current).slice(-QUARTERS);
  const label = (q: string) => `${quarterLabel(q)}${quarterLabel(q) === current ? " (to date)" : ""}`;
  const parts = [
    `# Quarterly delivery review: ${current}`,
    "",
    `Each quarter is measured from the facts (the quarterly marts), not from weekly rows. ${current} runs to ${r.asOf} (as_of).`,
    `Levels: State of DevOps ${r.reportYear}; none below the minimum sample of ${r.minSample}. Deployment frequency is deploy days per week over the quarter's days (to date: through as_of). n = sample size.`,
    "",
  ];
  for (const m of METRICS) {
    parts.push(`## ${m.label}`, "");
    const rows: string[][] = [];
    for (const scope of ["organisation", "team"] as const) {
      const names = [...new Set(r.quarterly[scope].map((q) => nameOf(scope, q)))].sort();
      for (const name of names) {
        rows.push([
          scope === "organisation" ? "organisation" : `team ${name}`,
          ...quarters.map((q) => cell(r, m, rowOf(r, scope, name, q))),
        ]);
      }
    }
    parts.push(mdTable(["", ...quarters.map(label)], rows));
  }
  parts.push(`## Targets for ${current}`, "", targetsTable(r, targets.filter((t) => t.quarter === current)));
  return parts.join("\n");
}

function rowOf(r: Reading, scope: Scope, name: string, quarterStart: string): QuarterlyRow | undefined {
  return r.quarterly[scope].find((q) => q.quarter_start === quarterStart && nameOf(scope, q) === name);
}

function cell(r: Reading, m: Metric, row: QuarterlyRow | undefined): string {
  const year = r.reportYear;
  if (!row) return "—";
  const value = quarterValue(m, row, r.asOf);
  const text = m.key === "deployment_frequency" ? `${(value.value ?? 0).toFixed(2)} (n=${value.sample})` : formatSampled(m, value);
  const benchmark = benchmarkMetric(m.key, year);
  if (!benchmark) return text;
  const level = classify(r.benchmarks, year, benchmark, value.value, value.sample, r.minSample);
  // below the link coverage threshold change failure rate counts too few failures for a level
  const withheld = m.key === "change_failure_rate" && level ? changeFailureRateWarning(linkCoverage(r.dataQuality, r.minLinkCoverage)) : null;
  return withheld ? `${text} ${withheld}` : level ? `${text} ${level}` : `${text} no level`;
}
