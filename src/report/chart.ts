/**
 * Static SVG charts from Vega-Lite specs, rendered on the server by Vega's headless SVG
 * renderer (no canvas, no browser, no script in the result). Every chart gets:
 * - a palette readable on light and dark pages, and its own background, white, which a
 *   `prefers-color-scheme: dark` rule inside the SVG turns dark with light text and grid lines
 *   (an SVG shown through `<img>` follows the reader's colour scheme too). A page whose theme
 *   differs from the system's (GitHub's own dark theme on a light system) still shows a
 *   legible card; the build report, which follows the system's scheme itself, makes the
 *   background transparent;
 * - a `<title>` and a `<desc>` (the figures in words) named by `aria-labelledby`, so the
 *   picture has a text alternative wherever it is shown; it is one image to assistive
 *   technology, so the marks' own ARIA roles and labels are left out.
 */
import type { TopLevelSpec } from "vega-lite";
import { escapeXml } from "../render/xml.ts";

/** Series colours with at least 3.5:1 contrast on white and on dark backgrounds (#0d1117, #111827). */
export const PALETTE = ["#3b82f6", "#ea580c", "#059669", "#8b5cf6", "#db2777", "#6b7280"] as const;
/** Text and grid colours on light pages; the SVG's own style switches them on dark ones. */
const INK = "#1f2937";
const GRID = "#d1d5db";

const DARK_STYLE = `<style>
@media (prefers-color-scheme: dark) {
  .chart-bg { fill: #0d1117; }
  text { fill: #e5e7eb; }
  .role-axis-grid line { stroke: #374151; }
  .role-axis-domain line, .role-axis-tick line { stroke: #9ca3af; }
}
</style>`;

export const CHART_CONFIG = {
  background: "#ffffff",
  font: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
  view: { stroke: null },
  axis: {
    labelColor: INK,
    titleColor: INK,
    gridColor: GRID,
    domainColor: "#6b7280",
    tickColor: "#6b7280",
    labelFontSize: 12,
    titleFontSize: 12,
    titleFontWeight: "normal",
  },
  legend: { labelColor: INK, titleColor: INK, labelFontSize: 12, titleFontSize: 12, titleFontWeight: "normal" },
  title: { color: INK, fontSize: 14, fontWeight: "bold", anchor: "start" },
  range: { category: [...PALETTE] },
} as const;

export interface ChartText {
  /** A short name: the SVG's `<title>`. */
  title: string;
  /** The figures in words: the SVG's `<desc>`. */
  description: string;
  /** Prefix for the title and desc ids (several charts may share a page). */
  id: string;
}

/** Vega's SVG of a (themed) Vega-Lite spec: in this thread by default (`vegaSvg`), or in a worker (src/report/chart-worker.ts). */
export type SvgRenderer = (spec: TopLevelSpec) => Promise<string>;

/** Vega's SVG of a Vega-Lite spec, Vega and Vega-Lite loaded on first use (a build that writes no chart never loads them). */
export async function vegaSvg(spec: TopLevelSpec): Promise<string> {
  const [vega, { compile }] = await Promise.all([import("vega"), import("vega-lite")]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Renders a Vega-Lite spec to a standalone SVG string with the theme, a title and a description. */
export async function renderChart(spec: TopLevelSpec, text: ChartText, svgOf: SvgRenderer = vegaSvg): Promise<string> {
  // The spec's own config refines the theme key by key (`axis: { labelFontSize }` keeps the theme's colours).
  const own = (spec.config ?? {}) as Record<string, unknown>;
  const config: Record<string, unknown> = { ...CHART_CONFIG };
  for (const [key, value] of Object.entries(own)) {
    const base = config[key];
    config[key] = isObject(base) && isObject(value) ? { ...base, ...value } : value;
  }
  const themed = { ...spec, config } as TopLevelSpec;
  return accessible(await svgOf(themed), text);
}

/** Marks the SVG as one image named by its title and description, and adds the dark-scheme style. */
function accessible(svg: string, { title, description, id }: ChartText): string {
  const open = /^<svg\b[^>]*>/.exec(svg);
  if (!open) throw new Error("Vega returned something that is not an SVG document");
  const head = open[0]
    .replace(/\s(role|aria-label|aria-labelledby)="[^"]*"/g, "")
    .replace(/>$/, ` role="img" aria-labelledby="${id}-title ${id}-desc">`);
  // Inside one role="img" the marks' own ARIA roles and labels (Vega's graphics-* roles) are never read: removed.
  const rest = svg
    .slice(open[0].length)
    .replace(/\s(?:role|aria-roledescription|aria-label|aria-hidden)="[^"]*"/g, "")
    .replace(/^<rect (width="[\d.]+" height="[\d.]+") fill="#ffffff"\/>/, '<rect class="chart-bg" $1 rx="6" fill="#ffffff"/>');
  if (!rest.startsWith('<rect class="chart-bg"'))
    throw new Error("Vega's SVG no longer starts with its background: the chart's dark scheme needs it");
  return `${head}<title id="${id}-title">${escapeXml(title)}</title><desc id="${id}-desc">${escapeXml(description)}</desc>${DARK_STYLE}${rest}\n`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
