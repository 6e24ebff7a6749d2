/**
 * The build's Eleventy runs (src/pipeline/render-pass.ts): every page but article pages first,
 * then article pages, each in runs of bounded weight (a full-text feed weighs its entries).
 * That the output is the same whatever the slice is tested in tests/e2e/workflow.test.ts.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import Eleventy from "@11ty/eleventy";
import { DateTime } from "luxon";
import { type PlannedPage, planPages } from "../../src/pages/plan.ts";
import { prepare } from "../../src/pipeline/prepare.ts";
import { ELEVENTY_ENVIRONMENT, pageWeight, renderInput, renderPass, renderPasses } from "../../src/pipeline/render-pass.ts";
import { eleventySetup, loopTurns, renderContext } from "../../src/render/pages.ts";
import { article, makeSite } from "../helpers/site.ts";

const page = (kind: string, file: string, view: unknown = {}) => ({ kind, file, view }) as PlannedPage;
const feed = (file: string, entries: number, fullText: boolean) =>
  page("atom-feed", file, { fullText, items: Array.from({ length: entries }, () => ({})) });
const files = (passes: PlannedPage[][]) => passes.map((p) => p.map((x) => x.file));

describe("render passes", () => {
  it("weighs a full-text feed by its entries and every other page as one", () => {
    assert.equal(pageWeight(feed("a.xml", 50, true)), 50);
    assert.equal(pageWeight(feed("b.xml", 50, false)), 1);
    assert.equal(pageWeight(feed("c.xml", 0, true)), 1);
    assert.equal(pageWeight(page("tag", "t.html")), 1);
  });

  it("renders other pages first, then articles, in runs of at most the slice's weight, in order", () => {
    const pages = [
      page("article", "a1"),
      page("home", "h"),
      feed("f1", 3, true),
      page("article", "a2"),
      page("tag", "t1"),
      feed("f2", 2, false),
      page("article", "a3"),
    ];
    assert.deepEqual(files(renderPasses(pages, 3)), [["h"], ["f1"], ["t1", "f2"], ["a1", "a2", "a3"]]);
    assert.deepEqual(files(renderPasses(pages, 2)), [["h"], ["f1"], ["t1", "f2"], ["a1", "a2"], ["a3"]]);
    // A feed heavier than the slice gets a run of its own.
    assert.deepEqual(files(renderPasses(pages, 1)), [["h"], ["f1"], ["t1"], ["f2"], ["a1"], ["a2"], ["a3"]]);
  });

  it("renders everything in one run, other pages first, when it all weighs no more than a slice (a publish of one article)", () => {
    const pages = [page("article", "a1"), page("home", "h"), feed("f1", 3, true), page("article", "a2")];
    // Weight 6: one run from a slice of 6, the two runs otherwise.
    assert.deepEqual(files(renderPasses(pages, 6)), [["h", "f1", "a1", "a2"]]);
    assert.deepEqual(files(renderPasses(pages, 5)), [
      ["h", "f1"],
      ["a1", "a2"],
    ]);
    // A bad slice falls back to the default, which everything fits.
    assert.deepEqual(files(renderPasses(pages, Number.NaN)), [["h", "f1", "a1", "a2"]]);
  });

  it("has a first run even without pages (it publishes the assets)", () => {
    assert.deepEqual(renderPasses([], 10), [[]]);
    assert.deepEqual(files(renderPasses([page("article", "a")], 10)), [["a"]]);
  });
});

describe("turns of the event loop during a run (the search index's pipe to Pagefind moves while pages render)", () => {
  /** Renders a site's article pages in one run, each page taking ~2 ms; returns how many pages were rendered at each turn the loop took meanwhile. */
  async function turnsDuringRun(turnMs: number | undefined, turnWhile?: () => boolean): Promise<{ seen: number[]; total: number }> {
    const dir = makeSite(
      Object.fromEntries(
        Array.from({ length: 24 }, (_, i) => [
          `content/articles/eng/2025/03/a${i}.md`,
          article({ title: `Article ${i}`, date: `2025-03-${String(1 + i).padStart(2, "0")} 10:00` }, `Text ${i}.\n`),
        ]),
      ),
    );
    const ready = await prepare(dir, { now: DateTime.fromISO("2025-04-01T00:00:00Z") });
    const pages = planPages(ready).filter((p) => p.kind === "article");
    let done = 0;
    const seen: number[] = [];
    let running = true;
    const tick = () => {
      seen.push(done);
      if (running) setImmediate(tick);
    };
    setImmediate(tick);
    // A run adds no variable to the process's environment (ELEVENTY_ENVIRONMENT): native threads read it meanwhile.
    const names = Object.keys(process.env).sort();
    try {
      await renderPass(renderInput(dir), path.join(dir, "_out"), {
        ctx: renderContext(ready.site),
        pages,
        assets: false,
        rendered: () => {
          done++;
          for (const start = performance.now(); performance.now() - start < 2; );
        },
        turns: turnMs === undefined ? undefined : loopTurns(turnMs, turnWhile),
      });
    } finally {
      running = false;
    }
    assert.deepEqual(Object.keys(process.env).sort(), names);
    for (const name of ELEVENTY_ENVIRONMENT) assert.notEqual(process.env[name], "", name);
    return { seen, total: pages.length };
  }

  it("gives the loop a turn every turnMs of rendering, and none mid-run without it", async () => {
    const during = (r: { seen: number[]; total: number }) => r.seen.filter((n) => n > 0 && n < r.total);
    const without = await turnsDuringRun(undefined);
    assert.equal(without.total, 24);
    assert.deepEqual(during(without), []);
    const withTurns = await turnsDuringRun(1);
    // ~2 ms a page, a turn due every 1 ms: a turn before nearly every page.
    assert.ok(during(withTurns).length >= 12, `turns during the run: ${during(withTurns).join(" ")}`);
  });

  it("takes turns only while turnWhile holds (the build's: once its images are encoded)", async () => {
    let pages = 0;
    const r = await turnsDuringRun(1, () => ++pages > 12);
    const during = r.seen.filter((n) => n > 0 && n < r.total);
    // None before the condition held (about the 12th page), turns after it.
    assert.ok(during.length >= 4, `turns during the run: ${during.join(" ")}`);
    assert.ok(
      during.every((n) => n >= 11),
      `turns before the condition held: ${during.join(" ")}`,
    );
  });
});

describe("a run's pages as bytes (Eleventy holds every page of a run until it returns)", () => {
  it("hands Eleventy each page as a Buffer it keeps and writes as it is, the same bytes as the page's text, with and without turns", async () => {
    const dir = makeSite({
      "content/articles/eng/2025/03/a.md": article({ title: "Київ і Харків", date: "2025-03-01 10:00" }, "Текст «статті» — 2025.\n"),
      "content/articles/eng/2025/03/b.md": article({ title: "Second", date: "2025-03-02 10:00" }, "Plain text.\n"),
    });
    const ready = await prepare(dir, { now: DateTime.fromISO("2025-04-01T00:00:00Z") });
    const pages = planPages(ready);
    for (const turnMs of [undefined, 0.001]) {
      const texts = new Map<string, string>();
      const output = path.join(dir, `_out-${turnMs ?? "none"}`);
      const eleventy = new Eleventy(renderInput(dir), output, {
        configPath: false,
        quietMode: true,
        config: eleventySetup({
          ctx: renderContext(ready.site),
          pages,
          assets: false,
          bytes: true,
          rendered: (file, text) => texts.set(file, text),
          turns: turnMs === undefined ? undefined : loopTurns(turnMs),
        }),
      });
      const results = ((await eleventy.write()) as unknown[]).flat(Number.POSITIVE_INFINITY) as Array<{ outputPath: string; content: unknown }>;
      // Every page (HTML, feeds, sitemaps) is one of the plugin's.
      assert.equal(results.length, texts.size);
      assert.ok([...texts.keys()].filter((f) => f.endsWith(".html")).length > 2, `pages: ${[...texts.keys()].join(" ")}`);
      for (const r of results) {
        // Held as bytes: Eleventy's JavaScript engine would turn a Buffer returned as it is into a string.
        assert.ok(Buffer.isBuffer(r.content), `${r.outputPath} is held as ${typeof r.content}`);
        const file = path.relative(output, r.outputPath);
        assert.equal(readFileSync(r.outputPath, "utf8"), texts.get(file), file);
      }
    }
    // The build's runs ask for bytes.
    const written = path.join(dir, "_out-pass");
    assert.ok((await renderPass(renderInput(dir), written, { ctx: renderContext(ready.site), pages, assets: false })) > 2);
    for (const p of pages)
      assert.equal(readFileSync(path.join(written, p.file), "utf8"), readFileSync(path.join(dir, "_out-none", p.file), "utf8"), p.file);
  });
});
