import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { buildTimesChart, chartPoints } from "../../src/bench/chart.ts";
import type { RecordedBuild, RecordedRun } from "../../src/bench/results.ts";
import { tempDir } from "../helpers/site.ts";
import { wellFormed } from "../helpers/tools.ts";

function run(articles: number, date: string, builds: Array<[RecordedBuild["series"], number]>): RecordedRun {
  return {
    date,
    commit: "abc",
    articles,
    seed: "default",
    photos: 0,
    machine: { cpus: 2, memoryGiB: 24, node: "v20", tmpdir: "/tmp", inMemory: false, loadBefore: [2, 2, 2], loadAfter: [2, 2, 2] },
    builds: builds.map(([series, wallSeconds]) => ({ series, wallSeconds, pages: 10 })),
  };
}

const RUNS = [
  run(1000, "2026-12-01T10:00:00Z", [
    ["ours, cold", 5],
    ["Hugo minimal", 1],
  ]),
  // A later run on a busier machine: recorded, drawn as a ring, but the line keeps the fastest.
  run(1000, "2026-12-02T10:00:00Z", [["ours, cold", 9]]),
  run(20000, "2026-12-02T11:00:00Z", [
    ["ours, cold", 50],
    ["ours, warm", 10],
    ["ours, +1 article", 12],
    ["Hugo minimal", 20],
    ["Hugo + Pagefind", 70],
    ["Eleventy minimal", 51],
  ]),
];

describe("the bench chart", () => {
  it("draws the fastest recorded figure of each build at each archive size, and not Eleventy's", () => {
    const points = chartPoints(RUNS);
    assert.deepEqual(
      points.map((p) => [p.articles, p.series, p.wallSeconds]),
      [
        [1000, "ours, cold", 5],
        [1000, "Hugo minimal", 1],
        [20000, "ours, cold", 50],
        [20000, "ours, warm", 10],
        [20000, "ours, +1 article", 12],
        [20000, "Hugo minimal", 20],
        [20000, "Hugo + Pagefind", 70],
      ],
    );
  });

  it("is a well-formed static SVG with a title, the figures as its description, and colours for dark pages", async () => {
    const svg = await buildTimesChart(RUNS);
    const dir = tempDir("chart-");
    writeFileSync(path.join(dir, "chart.svg"), svg);
    assert.equal(wellFormed([path.join(dir, "chart.svg")]), "");
    assert.match(svg, /^<svg [^>]*role="img" aria-labelledby="build-times-title build-times-desc">/);
    assert.match(svg, /<title id="build-times-title">Build time against archive size/);
    assert.match(
      svg,
      /<desc id="build-times-desc">Wall time of each build, in seconds, by archive size \(the fastest of 3 recorded runs of npm run bench for each size, 2026-12-01 to 2026-12-02, on a 2-core machine shared with other work\)\. 1k articles: ours, cold 5\.0 s, Hugo minimal 1\.0 s\. 20k articles: ours, cold 50\.0 s, ours, warm 10\.0 s, ours, \+1 article 12\.0 s, Hugo minimal 20\.0 s, Hugo \+ Pagefind 70\.0 s\.<\/desc>/,
    );
    // Its own background, white, dark with light text in a dark scheme.
    assert.match(svg, /<\/style><rect class="chart-bg" width="\d+" height="\d+" rx="6" fill="#ffffff"\/>/);
    assert.match(svg, /@media \(prefers-color-scheme: dark\) \{\n {2}\.chart-bg \{ fill: #0d1117; \}\n {2}text \{ fill: #e5e7eb; \}/);
    // Drawn by Vega (paths and text), with no script and no external reference.
    assert.doesNotMatch(svg, /<script|href=|<image/);
    for (const label of ["ours, cold", "Hugo + Pagefind", "1k", "20k"]) assert.ok(svg.includes(`>${label}</text>`), label);
  });

  it("refuses to draw an empty record, saying how to fill it", async () => {
    await assert.rejects(buildTimesChart([]), /npm run bench -- --articles N --warm --baseline/);
  });
});
