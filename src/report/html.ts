/**
 * The build report as one self-contained HTML page (`.cache/report/index.html`): inline CSS,
 * the phase chart as inline SVG, no script and nothing fetched. Its own Content-Security-Policy
 * allows exactly that (`default-src 'none'; style-src 'unsafe-inline'`); it is never published.
 * A failed build's page starts with its problems.
 */
import type { TopLevelSpec } from "vega-lite";
import { renderChart, type SvgRenderer } from "./chart.ts";
import { clock, count, formatBytes, seconds, zoneCity } from "./format.ts";
import type { ArticleLink, BuildReport, HeldArticle, ReportProblem } from "./model.ts";

/** Rows shown per list; report.json has them all. */
export const LIST_LIMIT = 200;

export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const CSS = `
:root { color-scheme: light dark; --fg: #1f2937; --bg: #ffffff; --muted: #4b5563; --line: #d1d5db; --card: #f3f4f6;
  --bad: #b91c1c; --bad-bg: #fef2f2; --warn: #92400e; --ok: #047857; --link: #1d4ed8; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e5e7eb; --bg: #111827; --muted: #9ca3af; --line: #374151; --card: #1f2937;
    --bad: #fca5a5; --bad-bg: #3b0d0d; --warn: #fcd34d; --ok: #6ee7b7; --link: #93c5fd; }
}
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header, main { max-width: 72rem; margin: 0 auto; padding: 0 1rem; }
header { padding-top: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
a { color: var(--link); }
code { font: .875em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; overflow-wrap: anywhere; }
.status-published { color: var(--ok); }
.status-failed { color: var(--bad); }
.meta { color: var(--muted); margin: 0; }
.problems { border: 2px solid var(--bad); background: var(--bad-bg); border-radius: .5rem; padding: .5rem 1rem 1rem; }
.problems h2 { color: var(--bad); border: 0; margin-top: .5rem; }
.problems li, .warnings li { margin: .35rem 0; overflow-wrap: anywhere; }
.warnings h2 { color: var(--warn); }
details.files > summary { cursor: pointer; margin: .75rem 0; }
dl.summary { display: grid; grid-template-columns: repeat(auto-fill, minmax(10.5rem, 1fr)); gap: .75rem; margin: 1.25rem 0 0; }
dl.summary div { background: var(--card); border-radius: .5rem; padding: .6rem .8rem; }
dl.summary dt { color: var(--muted); font-size: .875rem; }
dl.summary dd { margin: 0; font-size: 1.5rem; font-weight: 600; }
dl.summary dd small { font-size: .8rem; font-weight: normal; color: var(--muted); display: block; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .9375rem; }
caption { text-align: left; color: var(--muted); padding-bottom: .25rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.when { white-space: nowrap; }
figure { margin: 0; }
figure svg { max-width: 100%; height: auto; }
figure svg .chart-bg { fill: transparent; }
.more { color: var(--muted); }
@media (max-width: 40rem) {
  body { font-size: 15px; }
  td.file, th.file { display: none; }
}
`;

const esc = (text: string | number): string =>
  String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function problemItem(p: ReportProblem): string {
  const where = p.file ? `${p.file}${p.line ? `:${p.line}` : ""}${p.line && p.column ? `:${p.column}` : ""}` : "";
  return `<li>${where ? `<code>${esc(where)}</code> ` : ""}${p.field ? `<strong>${esc(p.field)}</strong>: ` : ""}${esc(p.message)}</li>`;
}

function articleTable(id: string, caption: string, rows: readonly ArticleLink[], zone: string, linked: boolean): string {
  if (!rows.length) return "";
  const shown = rows.slice(0, LIST_LIMIT);
  const body = shown
    .map(
      (a) =>
        `<tr><td lang="${esc(a.lang)}">${linked ? `<a href="${esc(a.url)}">${esc(a.title)}</a>` : esc(a.title)}</td><td>${esc(a.edition)}</td><td class="when">${esc(clock(a.date))}</td><td class="file"><code>${esc(a.file)}</code></td></tr>`,
    )
    .join("\n");
  return `<section aria-labelledby="${id}"><h2 id="${id}">${esc(caption)} (${count(rows.length)})</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">Headline</th><th scope="col">Edition</th><th scope="col">Published (${esc(zoneCity(zone))} time)</th><th scope="col" class="file">File</th></tr></thead>
<tbody>
${body}
</tbody></table></div>${more(rows.length)}</section>`;
}

function more(total: number): string {
  return total > LIST_LIMIT ? `<p class="more">and ${count(total - LIST_LIMIT)} more, listed in report.json.</p>` : "";
}

function embargoTable(rows: readonly HeldArticle[], zone: string): string {
  if (!rows.length) return "";
  const body = rows
    .slice(0, LIST_LIMIT)
    .map(
      (a) =>
        `<tr><td lang="${esc(a.lang)}">${esc(a.title)}</td><td>${esc(a.edition)}</td><td class="when"><strong>${esc(a.goesLive)}</strong></td><td class="file"><code>${esc(a.file)}</code><br><code>${esc(a.url)}</code></td></tr>`,
    )
    .join("\n");
  return `<section aria-labelledby="embargoed"><h2 id="embargoed">Held back under embargo (${count(rows.length)})</h2>
<p class="meta">Each goes live with the first build after its time (the scheduled run every 15 minutes).</p>
<div class="table-wrap"><table><thead><tr><th scope="col">Headline</th><th scope="col">Edition</th><th scope="col">Goes live (${esc(zoneCity(zone))} time)</th><th scope="col" class="file">File and address</th></tr></thead>
<tbody>
${body}
</tbody></table></div>${more(rows.length)}</section>`;
}

function draftsTable(rows: NonNullable<BuildReport["drafts"]>): string {
  if (!rows.length) return "";
  const body = rows
    .slice(0, LIST_LIMIT)
    .map((a) => `<tr><td lang="${esc(a.lang)}">${esc(a.title)}</td><td>${esc(a.edition)}</td><td class="file"><code>${esc(a.file)}</code></td></tr>`)
    .join("\n");
  return `<section aria-labelledby="drafts"><h2 id="drafts">Drafts, not published (${count(rows.length)})</h2>
<div class="table-wrap"><table><thead><tr><th scope="col">Headline</th><th scope="col">Edition</th><th scope="col" class="file">File</th></tr></thead>
<tbody>
${body}
</tbody></table></div>${more(rows.length)}</section>`;
}

function rendersSection(renders: BuildReport["renders"]): string {
  if (!renders?.total) return "";
  const reasons = renders.reasons
    .map((r) => `<tr><td><code>${esc(r.kind)}</code></td><td>${esc(r.why)}</td><td class="num">${esc(count(r.count))}</td></tr>`)
    .join("\n");
  const files = renders.files
    .slice(0, LIST_LIMIT)
    .map((r) => `<tr><td class="file"><code>${esc(r.file)}</code></td><td><code>${esc(r.kind)}</code></td><td>${esc(r.why)}</td></tr>`)
    .join("\n");
  return `<section aria-labelledby="renders"><h2 id="renders">Rendered (${count(renders.total)})</h2>
<p class="meta">Pages and feeds this build rendered rather than took from the page cache, and why.</p>
<div class="table-wrap"><table><thead><tr><th scope="col">Page type</th><th scope="col">Why</th><th scope="col" class="num">Files</th></tr></thead>
<tbody>
${reasons}
</tbody></table></div>
<details class="files"><summary>The files, one by one${renders.total > LIST_LIMIT ? ` (the first ${count(LIST_LIMIT)})` : ""}</summary>
<div class="table-wrap"><table><thead><tr><th scope="col" class="file">File</th><th scope="col">Page type</th><th scope="col">Why</th></tr></thead>
<tbody>
${files}
</tbody></table></div>${
    renders.total > LIST_LIMIT
      ? `<p class="more">and ${count(renders.total - LIST_LIMIT)} more, ${renders.total > renders.files.length ? `counted above; report.json names the first ${count(renders.files.length)}` : "listed in report.json"}.</p>`
      : ""
  }</details></section>`;
}

/** The phases without the command's total, which the summary shows. */
export function chartedPhases(report: BuildReport): BuildReport["phases"] {
  return report.phases.filter((p) => p.name !== "total");
}

export async function phaseChart(report: BuildReport, svgOf?: SvgRenderer): Promise<string> {
  const phases = chartedPhases(report);
  if (!phases.length) return "";
  const values = phases.map((p) => ({ phase: p.name, seconds: Math.round(p.seconds * 100) / 100 }));
  const spec = {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: 240,
    height: { step: 28 },
    // Read at 390 px too, where the page scales the chart down a little.
    config: { axis: { labelFontSize: 14, titleFontSize: 14 } },
    data: { values },
    encoding: {
      y: { field: "phase", type: "nominal", sort: null, title: null },
      x: { field: "seconds", type: "quantitative", title: "seconds" },
    },
    layer: [
      { mark: { type: "bar", color: "#3b82f6" } },
      { mark: { type: "text", align: "left", dx: 4, fontSize: 14 }, encoding: { text: { field: "seconds", type: "quantitative", format: ".2f" } } },
    ],
  } as unknown as TopLevelSpec;
  const description = `${values.map((v) => `${v.phase} ${v.seconds.toFixed(2)} s`).join(", ")}; the whole build ${seconds(report.seconds)}.`;
  return renderChart(spec, { id: "phases-chart", title: "Time of each build phase, in seconds", description }, svgOf);
}

function phaseTable(report: BuildReport): string {
  const rows = report.phases
    .map(
      (p) =>
        `<tr><th scope="row">${esc(p.name)}</th><td class="num">${esc(seconds(p.seconds))}</td><td class="num">${esc(count(p.count))} ${esc(p.unit)}</td><td>${esc(p.note ?? "")}</td></tr>`,
    )
    .join("\n");
  return `<div class="table-wrap"><table><caption>The same figures as a table</caption><thead><tr><th scope="col">Phase</th><th scope="col" class="num">Time</th><th scope="col" class="num">Done</th><th scope="col">Note</th></tr></thead>
<tbody>
${rows}
</tbody></table></div>`;
}

function summary(report: BuildReport): string {
  const items: Array<[string, string, string?]> = [];
  const a = report.articles;
  if (a) {
    const editions = Object.entries(a.byEdition)
      .map(([id, n]) => `${id} ${count(n)}`)
      .join(", ");
    items.push(["Articles published", count(a.published), editions]);
    if (a.comparedWith) {
      items.push(["New", count(a.added.length)], ["Changed", count(a.changed.length)], ["Removed", count(a.removed.length)]);
    }
  }
  // A failed build may not have read everything: what it would have held back is not known, and not shown.
  if (report.embargoed) {
    items.push(["Held back (embargo)", count(report.embargoed.length), report.embargoed[0] ? `next ${report.embargoed[0].goesLive}` : undefined]);
  }
  if (report.drafts) items.push(["Drafts", count(report.drafts.length)]);
  items.push(["Warnings", count(report.warnings.length)]);
  if (report.pages) items.push(["Pages rendered", count(report.pages.rendered), `${count(report.pages.fromCache)} from the page cache`]);
  if (report.output) items.push(["Output", formatBytes(report.output.bytes), `${count(report.output.files)} files`]);
  items.push(["Build time", seconds(report.seconds)]);
  return `<dl class="summary">${items.map(([k, v, note]) => `<div><dt>${esc(k)}</dt><dd>${esc(v)}${note ? `<small>${esc(note)}</small>` : ""}</dd></div>`).join("")}</dl>`;
}

/** `svgOf`: where Vega renders the phase chart (the build's report: a worker started with the build, src/report/chart-worker.ts). */
export async function reportHtml(report: BuildReport, svgOf?: SvgRenderer): Promise<string> {
  const failed = report.status === "failed";
  const zone = report.timeZone;
  const title = failed ? "Build failed: nothing was published" : "Build published";
  const parts: string[] = [];
  if (failed) {
    const files = new Set(report.problems.map((p) => p.file).filter(Boolean)).size;
    parts.push(`<section class="problems" aria-labelledby="problems"><h2 id="problems">Problems (${count(report.problems.length)}${files ? ` in ${count(files)} ${files === 1 ? "file" : "files"}` : ""})</h2>
<p>${report.lastPublished ? `The site online is still the one built at ${esc(clock(report.lastPublished))} (${esc(zoneCity(zone))} time).` : "The site online, if any, was left as it was."} Fix these and build again.</p>
<ul>
${report.problems.map(problemItem).join("\n")}
</ul></section>`);
  }
  parts.push(summary(report));
  const a = report.articles;
  if (a && !a.comparedWith) {
    parts.push(
      `<p class="meta">No earlier build's article list in .cache/report/ to compare with: the next build will list what it adds, changes and removes.</p>`,
    );
  }
  if (a) {
    parts.push(articleTable("added", "New articles", a.added, zone, true));
    parts.push(articleTable("changed", "Changed articles", a.changed, zone, true));
    parts.push(articleTable("removed", "Removed since the last build", a.removed, zone, false));
  }
  if (report.warnings.length) {
    parts.push(`<section class="warnings" aria-labelledby="warnings"><h2 id="warnings">Warnings (${count(report.warnings.length)})</h2>
<ul>
${report.warnings.map(problemItem).join("\n")}
</ul></section>`);
  }
  parts.push(embargoTable(report.embargoed ?? [], zone));
  parts.push(draftsTable(report.drafts ?? []));
  if (report.phases.length) {
    parts.push(`<section aria-labelledby="timings"><h2 id="timings">Timings</h2>
<figure>${await phaseChart(report, svgOf)}</figure>
${phaseTable(report)}</section>`);
  }
  if (report.output && report.pages && report.images) {
    parts.push(`<section aria-labelledby="output"><h2 id="output">Output</h2>
<p><code>${esc(report.output.dir)}</code>: ${esc(count(report.output.files))} files, ${esc(formatBytes(report.output.bytes))}; ${esc(count(report.pages.total))} pages (${esc(count(report.pages.rendered))} rendered, ${esc(count(report.pages.fromCache))} from the page cache); images: ${esc(count(report.images.filesEncoded))} of ${esc(count(report.images.files))} files encoded, ${esc(count(report.images.fromCache))} photos and cards from the image cache.</p></section>`);
  }
  parts.push(rendersSection(report.renders));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="robots" content="noindex">
<title>${esc(title)}, ${esc(clock(report.builtAt))}</title>
<style>${CSS}</style>
</head>
<body>
<header>
<h1 class="status-${report.status}">${esc(title)}</h1>
<p class="meta">Build clock ${esc(clock(report.builtAt))} (${esc(zoneCity(zone))} time)${report.baseUrl ? `, site <a href="${esc(report.baseUrl)}">${esc(report.baseUrl)}</a>` : ""}; took ${esc(seconds(report.seconds))}.</p>
</header>
<main>
${parts.filter(Boolean).join("\n")}
</main>
</body>
</html>
`;
}
