/**
 * `docs/bench/build-times.svg`: wall time against archive size for every kind of build the bench
 * records, drawn with Vega-Lite from `docs/bench/results.json`. For each archive size and build the
 * line goes through the fastest recorded run (the machine is shared: a slower run measured other
 * work too), and every run is a small ring, so the spread shows; both axes are logarithmic, so 1k
 * and 100k articles read on one chart.
 */
import type { TopLevelSpec } from "vega-lite";
import { renderChart } from "../report/chart.ts";
import { type RecordedRun, SERIES, type Series } from "./results.ts";

/** What the chart draws: the five builds (Eleventy's minimal site and sharded builds stay in the record only). */
export const CHARTED: readonly Series[] = SERIES.filter((s) => s !== "Eleventy minimal" && !s.startsWith("ours, shard"));

export interface ChartPoint {
  articles: number;
  series: Series;
  wallSeconds: number;
  date: string;
  load: number;
}

/** Every recorded figure of the charted builds. */
export function allPoints(runs: readonly RecordedRun[]): ChartPoint[] {
  return runs.flatMap((run) =>
    run.builds
      .filter((b) => CHARTED.includes(b.series))
      .map((b) => ({
        articles: run.articles,
        series: b.series,
        wallSeconds: b.wallSeconds,
        date: run.date.slice(0, 10),
        load: run.machine.loadBefore[0] ?? 0,
      })),
  );
}

/** The fastest figure for each archive size and build (the earlier run on a tie). */
export function chartPoints(runs: readonly RecordedRun[]): ChartPoint[] {
  const best = new Map<string, ChartPoint>();
  for (const point of allPoints(runs)) {
    const key = `${point.articles}|${point.series}`;
    const seen = best.get(key);
    if (!seen || point.wallSeconds < seen.wallSeconds) best.set(key, point);
  }
  return [...best.values()].sort((a, b) => a.articles - b.articles || CHARTED.indexOf(a.series) - CHARTED.indexOf(b.series));
}

export function formatArticles(n: number): string {
  return n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

export function chartDescription(points: readonly ChartPoint[], allRuns: readonly RecordedRun[]): string {
  const runs = allRuns.filter((r) => r.builds.some((b) => CHARTED.includes(b.series)));
  const sizes = [...new Set(points.map((p) => p.articles))];
  const parts = sizes.map((n) => {
    const figures = points.filter((p) => p.articles === n).map((p) => `${p.series} ${p.wallSeconds.toFixed(1)} s`);
    return `${formatArticles(n)} articles: ${figures.join(", ")}`;
  });
  const dates = [...new Set(points.map((p) => p.date))].sort();
  const cpus = [...new Set(runs.map((r) => r.machine.cpus))].join(" or ");
  return `Wall time of each build, in seconds, by archive size (the fastest of ${runs.length} recorded runs of npm run bench for each size, ${dates[0]} to ${dates.at(-1)}, on a ${cpus}-core machine shared with other work). ${parts.join(". ")}.`;
}

export async function buildTimesChart(runs: readonly RecordedRun[]): Promise<string> {
  const points = chartPoints(runs);
  if (!points.length) throw new Error("no recorded bench runs to chart: run `npm run bench -- --articles N --warm --baseline` first");
  const sizes = [...new Set(points.map((p) => p.articles))];
  const present = CHARTED.filter((s) => points.some((p) => p.series === s));
  const encoding = {
    x: {
      field: "articles",
      type: "quantitative",
      scale: { type: "log" },
      axis: { values: sizes, labelExpr: "datum.value >= 1000 ? format(datum.value / 1000, ',') + 'k' : datum.value", grid: false },
      title: "articles in the archive (log scale)",
    },
    y: { field: "wallSeconds", type: "quantitative", scale: { type: "log" }, title: "wall time, seconds (log scale)" },
    color: { field: "series", type: "nominal", sort: present, title: "build", legend: { orient: "right" } },
  } as const;
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: 520,
    height: 300,
    title: "Build time against archive size",
    layer: [
      {
        data: { values: allPoints(runs) },
        mark: { type: "point", filled: false, size: 30, opacity: 0.6 },
        encoding: { ...encoding, shape: { field: "series", type: "nominal", sort: present, title: "build" } },
      },
      {
        data: { values: points },
        mark: { type: "line", strokeWidth: 2 },
        encoding: { ...encoding, strokeDash: { field: "series", type: "nominal", sort: present, title: "build" } },
      },
      {
        data: { values: points },
        mark: { type: "point", filled: true, size: 60, opacity: 1 },
        encoding: { ...encoding, shape: { field: "series", type: "nominal", sort: present, title: "build" } },
      },
    ],
  } as unknown as TopLevelSpec;
  return renderChart(spec, {
    id: "build-times",
    title: "Build time against archive size: ours (cold, warm, one new article), Hugo and Hugo with Pagefind",
    description: chartDescription(points, runs),
  });
}
