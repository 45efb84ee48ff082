import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { Metric } from "../metrics.ts";

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
  return renderSvg(trendSpec(metric, points, title));
}

function trendSpec(metric: Metric, points: readonly TrendPoint[], title: string): TopLevelSpec {
  const faceted = points.some((p) => p.group !== undefined);
  const values = points.map((p) => ({ ...p, shown: p.value === null ? null : scaled(metric, p.value) }));
  // weeks as bands, so sample bars are a week wide and the line runs through their centres
  const x = { field: "week", type: "ordinal" as const, title: null, axis: { labelAngle: -45, labelExpr: "slice(datum.value, 5)" } };
  // deployment frequency is its own sample: its bars alone say it, on the left axis
  const countOnly = metric.column === metric.sample;
  const sampleLayer = {
    mark: { type: "bar" as const, color: SAMPLE_COLOUR, opacity: 0.8 },
    encoding: {
      x,
      y: countOnly
        ? { field: "sample", type: "quantitative" as const, title: "deployments" }
        : { field: "sample", type: "quantitative" as const, title: `n (${metric.sample.replaceAll("_", " ")})`, axis: { orient: "right" as const } },
    },
  };
  const valueLayer = {
    mark: { type: "line" as const, color: VALUE_COLOUR, point: { color: VALUE_COLOUR } },
    encoding: {
      x,
      y: { field: "shown", type: "quantitative" as const, title: axisTitle(metric), axis: metric.unit === "share" ? { format: ".0%" } : {} },
    },
  };
  const inner = {
    width: faceted ? 220 : 640,
    height: faceted ? 110 : 180,
    layer: countOnly ? [sampleLayer] : [sampleLayer, valueLayer],
    resolve: { scale: { y: "independent" as const } },
  };
  return faceted
    ? // vega-lite needs the layers' independent y resolved at the facet level too
      ({ title, data: { values }, facet: { field: "group", type: "nominal", title: null }, columns: 3, spec: inner, resolve: inner.resolve, config: CONFIG } as TopLevelSpec)
    : ({ title, data: { values }, ...inner, config: CONFIG } as TopLevelSpec);
}

const CONFIG = { font: "sans-serif", view: { stroke: "#ddd" }, axis: { labelFontSize: 10, titleFontSize: 10 } };

function scaled(metric: Metric, value: number): number {
  return metric.unit === "seconds" ? value / 3600 : value;
}

function axisTitle(metric: Metric): string {
  return metric.unit === "seconds" ? "hours" : metric.unit === "share" ? "share" : metric.label;
}

/** A horizontal stacked bar per group: the p50 of each lead-time component, in hours. */
export async function breakdownChart(rows: ReadonlyArray<{ group: string; component: string; hours: number; order: number }>): Promise<string> {
  return renderSvg({
    title: "Lead time components, p50 over the 13 weeks (hours)",
    data: { values: rows },
    width: 560,
    height: { step: 22 },
    mark: "bar",
    encoding: {
      y: { field: "group", type: "nominal", title: null },
      x: { field: "hours", type: "quantitative", title: "hours" },
      color: { field: "component", type: "nominal", sort: ["coding", "review", "deploy wait"], title: null },
      order: { field: "order", type: "quantitative" },
    },
    config: CONFIG,
  } as TopLevelSpec);
}

async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
