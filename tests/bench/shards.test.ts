/**
 * `npm run bench:shards` (issue 19): the arithmetic that projects a sharded build to a bigger archive on
 * more runners, its tables, its options; and the command itself on a tiny corpus.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { readRuns } from "../../src/bench/results.ts";
import {
  assumptions,
  fitLine,
  fitModel,
  isArticlePage,
  parseRunners,
  partsTable,
  project,
  projectionTable,
  wholeNumber,
} from "../../src/bench/shards.ts";
import { PROJECT, run, tempDir } from "../helpers/site.ts";

const GIB = 1024 ** 3;

describe("sharded build arithmetic", () => {
  it("fits the fixed cost and the cost per article by least squares", () => {
    // 10 s + 2 ms an article, exactly.
    const line = fitLine([
      { articles: 25_000, cost: 60 },
      { articles: 25_000, cost: 60 },
      { articles: 3_125, cost: 16.25 },
    ]);
    assert.equal(line.how, "fit");
    assert.ok(Math.abs(line.fixed - 10) < 1e-9, String(line.fixed));
    assert.ok(Math.abs(line.perArticle - 0.002) < 1e-12, String(line.perArticle));
  });

  it("never gives a negative fixed cost or cost per article", () => {
    const origin = fitLine([
      { articles: 100, cost: 1 },
      { articles: 1000, cost: 20 },
    ]);
    assert.deepEqual({ fixed: origin.fixed, how: origin.how }, { fixed: 0, how: "no fixed cost" });
    assert.ok(Math.abs(origin.perArticle - (100 * 1 + 1000 * 20) / (100 ** 2 + 1000 ** 2)) < 1e-12);
    assert.deepEqual(
      fitLine([
        { articles: 100, cost: 12 },
        { articles: 1000, cost: 8 },
      ]),
      { fixed: 10, perArticle: 0, how: "no per-article cost" },
    );
  });

  it("refuses parts all of one size: the two costs cannot be told apart", () => {
    assert.throws(
      () =>
        fitLine([
          { articles: 500, cost: 3 },
          { articles: 500, cost: 4 },
        ]),
      /expected parts of at least two sizes to tell the fixed cost from the cost per article, received 2 part\(s\) of 500 articles/,
    );
  });

  it("projects a part as fixed × T/N + per article × T/R, the slowest by the measured excess, and the merge as merge × T/N", () => {
    const parts = [
      { part: "1/8", articles: 25_000, wallSeconds: 57, peakRssBytes: 2 * GIB },
      { part: "2/8", articles: 25_000, wallSeconds: 63, peakRssBytes: 3.5 * GIB },
    ];
    const calibration = { part: "1/64", articles: 3_125, wallSeconds: 16.25, peakRssBytes: 1.125 * GIB };
    const model = fitModel(200_000, parts, calibration, { wallSeconds: 100, peakRssBytes: 3 * GIB });
    assert.equal(model.excessSeconds, 3);
    assert.deepEqual(model.memory, { corpus: 1.125 * GIB, working: 2.375 * GIB });
    const [eight, sixtyFour] = project(model, 1_000_000, [8, 64]) as [ReturnType<typeof project>[number], ReturnType<typeof project>[number]];
    // Fixed 10 s at 200k is 50 s at 1M; 125,000 articles a part at 2 ms is 250 s; the slowest 3 s more.
    assert.equal(eight.articlesPerPart, 125_000);
    assert.ok(Math.abs(eight.partSeconds - 300) < 1e-6, String(eight.partSeconds));
    assert.ok(Math.abs(eight.slowestSeconds - 303) < 1e-6, String(eight.slowestSeconds));
    assert.ok(Math.abs(eight.mergeSeconds - 500) < 1e-9);
    assert.ok(Math.abs(eight.totalSeconds - 803) < 1e-6);
    assert.ok(Math.abs(eight.runnerSeconds - (8 * 300 + 500)) < 1e-6);
    // Memory: the corpus held (1.125 GiB at 200k) ×5, plus the largest part's 2.375 GiB above it.
    assert.ok(Math.abs((eight.partPeakBytes as number) / GIB - 8) < 1e-9, String((eight.partPeakBytes as number) / GIB));
    assert.equal(sixtyFour.partPeakBytes, eight.partPeakBytes);
    assert.equal(eight.mergePeakBytes, 15 * GIB);
    assert.ok(Math.abs(sixtyFour.partSeconds - (50 + 15_625 * 0.002)) < 1e-6);
    assert.equal(sixtyFour.articlesPerPart, 15_625);
  });

  it("prints the tables and the assumptions", () => {
    const row = { part: "1/2", articles: 10, pages: 30, files: 40, bytes: 2_500_000, wallSeconds: 1.234, cpuSeconds: 2, peakRssBytes: GIB / 2 };
    const merge = { ...row, part: "merge", articles: 20, cpuSeconds: undefined };
    assert.equal(
      partsTable([row], merge),
      [
        "| part | articles | pages | files | MB | wall s | CPU s | peak GiB |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
        "| 1/2 | 10 | 30 | 40 | 2.5 | 1.23 | 2.00 | 0.50 |",
        "| merge | 20 | 30 | 40 | 2.5 | 1.23 | n/a | 0.50 |",
      ].join("\n"),
    );
    const model = fitModel(
      1000,
      [{ part: "1/2", articles: 500, wallSeconds: 6 }],
      { part: "1/16", articles: 50, wallSeconds: 1.5 },
      { wallSeconds: 3 },
    );
    assert.equal(model.memory, undefined);
    assert.equal(
      projectionTable(project(model, 10_000, [10])),
      [
        "| runners | articles a part | part s | slowest part s | part peak GiB | merge s | merge peak GiB | slowest part + merge min | runner min |",
        "|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
        "| 10 | 1000 | 20 | 20 | n/a | 30 | n/a | 0.8 | 3.8 |",
      ].join("\n"),
    );
    const words = assumptions(model, 10_000);
    assert.match(
      words[0] as string,
      /^part wall = 1\.00 s fixed at 1000 articles \+ 10\.00 s per 1,000 articles of the part \(least squares over the parts and the calibration part\); the slowest part took 0\.0 s more than the mean/,
    );
    assert.ok(words.some((w) => /grows ×10\.0, in proportion to the corpus/.test(w)));
    assert.ok(words.some((w) => /^Not counted: runner start-up/.test(w)));
  });

  it("knows an article page from the other pages of a part", () => {
    assert.ok(isArticlePage("news/2025/03/27/a-story/index.html"));
    assert.ok(isArticlePage("eng/news/2025/03/27/a-story/index.html"));
    assert.ok(!isArticlePage("eng/news/2025/03/27/index.html"));
    assert.ok(!isArticlePage("eng/news/2025/03/index.html"));
    assert.ok(!isArticlePage("eng/tags/eu/index.html"));
  });

  it("reads its options, refusing what is not a whole number", () => {
    assert.deepEqual(parseRunners("8, 16,32,64"), [8, 16, 32, 64]);
    assert.throws(() => parseRunners("8,x"), /--runners: expected whole numbers of runners separated by commas, such as 8,16,32,64, received "8,x"/);
    assert.throws(() => parseRunners("8,0"), /received "8,0"/);
    assert.equal(wholeNumber("shards", "8", 2), 8);
    assert.throws(() => wholeNumber("shards", "1", 2), /--shards: expected a whole number of at least 2, received "1"/);
    assert.throws(() => wholeNumber("articles", "2.5"), /--articles: expected a whole number of at least 1, received "2.5"/);
  });
});

describe("npm run bench:shards on a tiny corpus", () => {
  const tmp = tempDir("newsroom-bench-shards-test-");

  it("builds 3 parts and a calibration part from no cache, merges them, checks the site, projects, builds +1 with each one's cache and records", () => {
    const results = path.join(tmp, "results.json");
    const r = run(PROJECT, "bench-shards", { TMPDIR: tmp }, [
      "--articles",
      "60",
      "--shards",
      "3",
      "--keep",
      "--results",
      results,
      "--runners",
      "8,64",
      "--warm",
    ]);
    assert.equal(r.code, 0, `${r.stdout}\n${r.stderr}`);
    const rows = r.stdout.split("\n").filter((l) => /^\| (\d+\/\d+|merge)( \+1)? \|/.test(l));
    assert.deepEqual(
      rows.map((l) => l.split("|")[1]?.trim()),
      ["1/3", "2/3", "3/3", "1/24", "merge", "1/3 +1", "2/3 +1", "3/3 +1", "merge +1"],
    );
    for (const line of rows) assert.match(line, /^\| [^|]+ \| \d+ \| \d+ \| \d+ \| \d+\.\d \| \d+\.\d\d \| \d+\.\d\d \| \d+\.\d\d \|$/);
    const articles = rows.slice(0, 3).map((l) => Number(l.split("|")[2]));
    assert.equal(
      articles.reduce((a, b) => a + b, 0),
      60,
    );
    assert.match(
      r.stdout,
      /merged site complete: \d+ files, all \d+ files of the parts' manifests with their sizes, 60 article pages for 60 published articles/,
    );
    // The parts of the +1 run render the 61 articles between them (a cut between parts may move by a day); the merged site has them all.
    assert.equal(
      rows.slice(5, 8).reduce((n, l) => n + Number(l.split("|")[2]), 0),
      61,
    );
    assert.match(r.stdout, /all \d+ files of the parts' manifests with their sizes, 61 article pages for 61 published articles/);
    assert.match(r.stdout, /^\+1 side by side on 3 runners: [\d.]+ s \(slowest part [\d.]+ s \+ merge [\d.]+ s\)$/m);
    assert.match(r.stdout, /1000000 articles on R runners/);
    assert.match(r.stdout, /^\| 8 \| 125000 \| \d+ \| \d+ \| \d+\.\d\d \| \d+ \| \d+\.\d\d \| [\d.]+ \| [\d.]+ \|$/m);
    assert.match(r.stdout, /^\| 64 \| 15625 \|/m);
    const kept = /^bench:shards: kept (\S+)$/m.exec(r.stdout)?.[1] as string;
    assert.ok(kept.startsWith(tmp), kept);
    assert.ok(existsSync(path.join(kept, "_site/index.html")));
    assert.deepEqual(readdirSync(path.join(kept, "artifacts")).sort(), ["1-of-3", "2-of-3", "3-of-3"]);
    const [recorded] = readRuns(results);
    assert.deepEqual(recorded?.shards, { count: 3, warm: true });
    const part = (l: string | undefined) => ["ours, shard part", l?.split("|")[1]?.trim(), Number(l?.split("|")[2])];
    assert.deepEqual(
      recorded?.builds.map((b) => [b.series, b.part, b.partArticles]),
      [
        ...rows.slice(0, 4).map(part),
        ...rows.slice(5, 8).map(part),
        ["ours, shard merge", "merge", undefined],
        ["ours, shard merge", "merge +1", undefined],
      ],
    );
  });
});
