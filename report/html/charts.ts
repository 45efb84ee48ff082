import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { Metric } from "../metrics.ts";
import { escapeHtml } from "./page.ts";
import { sampleUnit } from "./units.ts";

/** One point of a weekly trend: the metric's value and the sample it was computed from. */
export interface TrendPoint {
  week: string;
  /** The service or team of a small multiple; absent for the organisation. */
  group?: string;
  value: number | null;
  sample: number;
}

const SAMPLE_COLOUR = "#c9d3df";
const VALUE_COLOUR = "#1f5fa8";

/**
 * A weekly trend as Vega-Lite, rendered to a standalone SVG string in Node (no DOM, no network):
 * the sample size as grey bars on the right axis behind the value's line, so every rate and
 * percentile is seen with its sample; small multiples when the points carry a group.
 */
export async function trendChart(metric: Metric, points: readonly TrendPoint[], title: string): Promise<string> {
  return renderSvg(trendSpec(metric, points, title), title);
}

function trendSpec(metric: Metric, points: readonly TrendPoint[], title: string): TopLevelSpec {
  const faceted = points.some((p) => p.group !== undefined);
  const width = faceted ? 220 : 640;
  const values = points.map((p) => ({ ...p, shown: p.value === null ? null : scaled(metric, p.value) }));
  // weeks as bands, so sample bars are a week wide and the line runs through their centres
  const x = { field: "week", type: "ordinal" as const, title: null, axis: weekAxis([...new Set(points.map((p) => p.week))].sort(), width) };
  // deployment frequency is its own sample: its bars alone say it, on the left axis
  const countOnly = metric.column === metric.sample;
  // a small multiple is shorter than "n (changes deployed)" standing on its side: its caption says what n counts
  const sampleTitle = countOnly ? "deployments" : faceted ? "n" : `n (${sampleUnit(metric)})`;
  const sampleLayer = {
    mark: { type: "bar" as const, color: SAMPLE_COLOUR, opacity: 0.8, aria: false },
    encoding: {
      x,
      y: {
        field: "sample",
        type: "quantitative" as const,
        title: sampleTitle,
        // a one-letter title standing on its side reads as a "u": upright
        axis: { ...COUNT_AXIS, ...(countOnly ? {} : { orient: "right" as const }), ...(sampleTitle === "n" ? { titleAngle: 0, titleAlign: "left" as const } : {}) },
      },
    },
  };
  const valueLayer = {
    mark: { type: "line" as const, color: VALUE_COLOUR, aria: false, point: { color: VALUE_COLOUR, aria: false } },
    encoding: {
      x,
      y: { field: "shown", type: "quantitative" as const, title: axisTitle(metric), axis: metric.unit === "share" ? { format: ".0%" } : metric.unit === "count" ? COUNT_AXIS : {} },
    },
  };
  const inner = {
    width,
    height: faceted ? 110 : 180,
    layer: countOnly ? [sampleLayer] : [sampleLayer, valueLayer],
    resolve: { scale: { y: "independent" as const } },
  };
  return faceted
    ? // vega-lite needs the layers' independent y resolved at the facet level too
      ({ title, data: { values }, facet: { field: "group", type: "nominal", title: null }, columns: 3, spec: inner, resolve: inner.resolve, config: CONFIG } as TopLevelSpec)
    : ({ title, data: { values }, ...inner, config: CONFIG } as TopLevelSpec);
}

/**
 * Counts tick at whole numbers only: no "0.5 deployments". tickMinStep alone is not enough (d3 still
 * picks a step of 0.5 over a domain of 0 to 2), so ticks between whole numbers are hidden too.
 */
const BETWEEN_WHOLE = "datum.value % 1 !== 0";
const COUNT_AXIS = {
  format: "d",
  tickMinStep: 1,
  labelExpr: `${BETWEEN_WHOLE} ? '' : datum.label`,
  tickOpacity: { condition: { test: BETWEEN_WHOLE, value: 0 }, value: 1 },
  gridOpacity: { condition: { test: BETWEEN_WHOLE, value: 0 }, value: 1 },
};

/** Room one horizontal "16 Nov" label needs, in pixels at the axis font size, with a gap. */
const LABEL_WIDTH = 44;

/**
 * Horizontal date labels on as many weeks as fit the width without touching, counted back from the
 * latest week so it is always labelled (a label per week on a small multiple overlaps into a smear).
 */
function weekAxis(weeks: readonly string[], width: number) {
  const step = Math.max(1, Math.ceil((LABEL_WIDTH * weeks.length) / width));
  const last = weeks.length - 1;
  return {
    labelAngle: 0,
    values: weeks.filter((_, i) => (last - i) % step === 0),
    labelExpr: "utcFormat(toDate(datum.value + 'T00:00:00Z'), '%-d %b')",
  };
}

/** Label and title colours dark enough for small text on white (WCAG AA). */
const CONFIG = {
  font: "sans-serif",
  view: { stroke: "#ddd" },
  axis: { labelFontSize: 10, titleFontSize: 10, labelColor: "#3d4a57", titleColor: "#3d4a57" },
  title: { color: "#1d2733" },
  header: { labelColor: "#1d2733" },
  legend: { labelColor: "#3d4a57" },
};

function scaled(metric: Metric, value: number): number {
  return metric.unit === "seconds" ? value / 3600 : value;
}

function axisTitle(metric: Metric): string {
  return metric.unit === "seconds" ? "hours" : metric.unit === "share" ? "% of deployments" : metric.label;
}

/** A headline's trend line: the weekly value alone, no axes (the numbers beside it carry the units). */
export async function sparkline(metric: Metric, points: readonly TrendPoint[], label: string): Promise<string> {
  return renderSvg({
    data: { values: points.map((p) => ({ week: p.week, shown: p.value === null ? null : scaled(metric, p.value) })) },
    width: 180,
    height: 40,
    mark: { type: "line", color: VALUE_COLOUR, aria: false, point: { color: VALUE_COLOUR, size: 12, aria: false } },
    encoding: {
      x: { field: "week", type: "ordinal", axis: null },
      y: { field: "shown", type: "quantitative", axis: null, scale: { zero: false } },
    },
    config: { ...CONFIG, view: { stroke: null } },
  } as TopLevelSpec, label);
}

/** A horizontal stacked bar per group: the p50 of each lead-time component, in hours. */
export async function breakdownChart(rows: ReadonlyArray<{ group: string; component: string; hours: number; order: number }>): Promise<string> {
  return renderSvg({
    title: "Lead time components, p50 over the 13 weeks (hours)",
    data: { values: rows },
    width: 560,
    height: { step: 22 },
    mark: { type: "bar", aria: false },
    encoding: {
      y: { field: "group", type: "nominal", title: null },
      x: { field: "hours", type: "quantitative", title: "hours" },
      color: { field: "component", type: "nominal", sort: ["coding", "pickup", "review after pickup", "deploy wait"], title: null },
      order: { field: "order", type: "quantitative" },
    },
    config: CONFIG,
  } as TopLevelSpec, "Lead time components, p50 over the 13 weeks, in hours");
}

/**
 * The chart as an image with a name (screen readers say it; its figure's caption and the tables carry
 * the numbers); marks are left out of the accessibility tree, which has no name for each point.
 */
async function renderSvg(spec: TopLevelSpec, label: string): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    const svg = await view.toSVG();
    return svg.replace(/^<svg /, `<svg role="img" aria-label="${escapeHtml(label)}" `);
  } finally {
    view.finalize();
  }
}
