/** Prints benchmark results as a Markdown table, ready to paste into the README. */
import type { Measurement } from "./measure.ts";

export interface Row {
  name: string;
  measurement: Measurement;
  pages: number;
  articles: number;
}

const GIB = 1024 ** 3;
const fixed = (n: number | undefined, digits: number) => (n === undefined ? "n/a" : n.toFixed(digits));

export function table(rows: readonly Row[]): string {
  const lines = ["| build | wall s | CPU s | peak RSS GiB | pages | articles/s |", "|---|--:|--:|--:|--:|--:|"];
  for (const { name, measurement: m, pages, articles } of rows) {
    const rss = m.peakRssBytes === undefined ? undefined : m.peakRssBytes / GIB;
    lines.push(
      `| ${name} | ${fixed(m.wallSeconds, 2)} | ${fixed(m.cpuSeconds, 2)} | ${fixed(rss, 2)} | ${pages} | ${Math.round(articles / m.wallSeconds)} |`,
    );
  }
  return lines.join("\n");
}

/** `ours, warm / hugo 0.111.3: wall 1.52×, CPU 2.10×, peak RSS 0.60×` (below 1 means ours is better). */
export function ratio(ours: Row, other: Row): string {
  const r = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b === 0 ? "n/a" : `${(a / b).toFixed(2)}×`);
  const [a, b] = [ours.measurement, other.measurement];
  return `${ours.name} / ${other.name}: wall ${r(a.wallSeconds, b.wallSeconds)}, CPU ${r(a.cpuSeconds, b.cpuSeconds)}, peak RSS ${r(a.peakRssBytes, b.peakRssBytes)}`;
}
