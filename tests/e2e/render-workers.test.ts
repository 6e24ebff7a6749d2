/**
 * Rendering in threads (src/pipeline/render-workers.ts, NEWSROOM_RENDER_WORKERS): the same site as a
 * serial build, byte for byte, with every rendered page in the page cache and its links noted for the
 * link check; a thread's error fails the build with the serial build's message and leaves _site/ as it was.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, renameSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { DateTime } from "luxon";
import { LINKS_CACHE_DIR } from "../../src/model/links-cache.ts";
import { PARSE_CACHE_DIR } from "../../src/model/parse-cache.ts";
import { planPages } from "../../src/pages/plan.ts";
import { build } from "../../src/pipeline/build.ts";
import { internalLinks } from "../../src/pipeline/link-check.ts";
import { prepare } from "../../src/pipeline/prepare.ts";
import { disableProgress, enableProgress } from "../../src/pipeline/progress.ts";
import { RenderedLinks } from "../../src/pipeline/render-pass.ts";
import { defaultRenderWorkers, renderPlanned, renderThreads, renderWorkersSetting } from "../../src/pipeline/render-workers.ts";
import { renderContext } from "../../src/render/pages.ts";
import { article, filesUnder, makeSite, PROJECT, run, tempDir } from "../helpers/site.ts";

// 2025-03-27 11:15 UTC = 13:15 in Kyiv.
const CLOCK = { SOURCE_DATE_EPOCH: "1743074100" };

/** Articles in both editions, over two months, with tags and authors: lists, feeds and pages of every kind. */
function site(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 14; i++) {
    const day = String(1 + i).padStart(2, "0");
    const month = i % 2 ? "02" : "03";
    files[`content/articles/eng/2025/${month}/story-${i}.md`] = article(
      { title: `Story ${i}`, date: `2025-${month}-${day} 10:00`, tags: i % 3 ? "[Ukraine, EU]" : "[Energy]" },
      `Lead ${i}.\n\nSee [the news](/eng/news/) and [another](/eng/tags/eu/).\n`,
    );
    files[`content/articles/uk/2025/${month}/novyna-${i}.md`] = article({
      title: `Новина ${i}`,
      date: `2025-${month}-${day} 11:00`,
      tags: "[Україна]",
    });
  }
  return files;
}

describe("rendering in threads", () => {
  it("builds the serial build's site byte for byte, its pages in the page cache (a warm build takes as many; a verify build finds them equal)", () => {
    const files = site();
    const serial = makeSite(files);
    const threaded = makeSite(files);
    const cold = (dir: string, env: NodeJS.ProcessEnv) => {
      const result = run(dir, "build", { ...CLOCK, ...env });
      assert.equal(result.code, 0, result.stderr + result.stdout);
      assert.match(result.stdout, /^write: \d+ pages in .*; 0 from the page cache\)$/m);
      return filesUnder(path.join(dir, "_site"));
    };
    const one = cold(serial, { NEWSROOM_RENDER_WORKERS: "0" });
    assert.ok(one.size > 80, String(one.size));
    assert.deepEqual(cold(threaded, { NEWSROOM_RENDER_WORKERS: "2" }), one);
    // Bundled (`npm run build`, scripts/run.mjs), the threads run the render worker's own bundle.
    const bundled = makeSite(files);
    const launched = spawnSync(process.execPath, [path.join(PROJECT, "scripts/run.mjs"), "build"], {
      cwd: bundled,
      env: { ...process.env, ...CLOCK, NEWSROOM_RENDER_WORKERS: "2" },
      encoding: "utf8",
    });
    assert.equal(launched.status, 0, launched.stderr);
    assert.deepEqual(filesUnder(path.join(bundled, "_site")), one);
    assert.ok(readdirSync(path.join(PROJECT, ".cache/bin")).some((f) => /^render-worker-[0-9a-f]{20}\.mjs$/.test(f)));
    // A warm build: every cached page from the cache, as many as after the serial build.
    const fromCache = (dir: string) => {
      const result = run(dir, "build", { ...CLOCK, NEWSROOM_RENDER_WORKERS: "2" });
      assert.equal(result.code, 0, result.stderr);
      return Number(/^write: \d+ pages in .*; (\d+) from the page cache\)$/m.exec(result.stdout)?.[1]);
    };
    const cached = fromCache(serial);
    assert.ok(cached > 50, String(cached));
    assert.equal(fromCache(threaded), cached);
    // Every page rendered again in threads, in one-page passes, and compared with the cache.
    const verify = run(threaded, "build", { ...CLOCK, NEWSROOM_RENDER_WORKERS: "2", NEWSROOM_RENDER_SLICE: "1", NEWSROOM_PAGE_CACHE: "verify" });
    assert.equal(verify.code, 0, verify.stderr);
    assert.match(verify.stdout, new RegExp(`; ${cached} cached pages verified\\)$`, "m"));
    assert.deepEqual(filesUnder(path.join(threaded, "_site")), one);
  });

  it("sends back every page's internal links, as the page's file has them", async () => {
    const root = makeSite(site());
    const now = DateTime.fromSeconds(Number(CLOCK.SOURCE_DATE_EPOCH), { zone: "UTC" });
    const ready = await prepare(root, { now });
    const pages = planPages(ready);
    const output = tempDir("newsroom-render-");
    const links = new RenderedLinks();
    let counted = 0;
    const started = renderThreads.started;
    const written = await renderPlanned({
      root,
      output,
      ready,
      options: { now },
      ctx: renderContext(ready.site),
      pages,
      assets: true,
      links,
      written: (n) => {
        counted += n;
      },
      env: { NEWSROOM_RENDER_WORKERS: "2", NEWSROOM_RENDER_SLICE: "10" },
    });
    const html = pages.filter((p) => p.file.endsWith(".html"));
    assert.equal(written, html.length);
    assert.equal(counted, written);
    assert.equal(renderThreads.started - started, 2);
    for (const page of html) assert.deepEqual(links.get(page.file), internalLinks(readFileSync(path.join(output, page.file), "utf8")), page.file);
    assert.equal(renderThreads.running, 0);
  });

  it("prepares in a thread from the caches without writing them (the build's thread wrote them; threads would race)", async () => {
    const root = makeSite(site());
    const now = DateTime.fromSeconds(Number(CLOCK.SOURCE_DATE_EPOCH), { zone: "UTC" });
    const readOnly = await prepare(root, { now, readOnlyCaches: true });
    // Related links are found when a page first shows them.
    const pages = planPages(readOnly).length;
    assert.equal(existsSync(path.join(root, PARSE_CACHE_DIR)), false);
    assert.equal(existsSync(path.join(root, LINKS_CACHE_DIR)), false);
    const written = await prepare(root, { now });
    assert.equal(planPages(written).length, pages);
    assert.ok(readdirSync(path.join(root, PARSE_CACHE_DIR)).length > 0);
    assert.ok(readdirSync(path.join(root, LINKS_CACHE_DIR)).length > 0);
  });

  describe("a thread's error", () => {
    const saved = { ...process.env };
    after(() => {
      process.env = saved;
      disableProgress();
    });

    it("fails the build with the serial build's message, naming the file, stops every thread and leaves _site/ as it was", async () => {
      const root = makeSite(site());
      const out = path.join(root, "_site");
      Object.assign(process.env, CLOCK, { NEWSROOM_PAGE_CACHE: "off" });
      // Files written in the last two seconds are read at every load (src/model/parse-cache.ts, RACY_MS): these are to be read when their page renders.
      await sleep(2100);
      await build(root, out);
      const before = filesUnder(out);
      const gone = path.join(root, "content/articles/eng/2025/02/story-1.md");
      const messages: string[] = [];
      for (const threads of ["0", "2"]) {
        process.env.NEWSROOM_RENDER_WORKERS = threads;
        // The article goes once the build has loaded and planned, before its page renders.
        enableProgress({
          write: (line: string) => {
            if (line.startsWith("plan:")) renameSync(gone, `${gone}.away`);
          },
        });
        await assert.rejects(build(root, out), (error: Error) => {
          messages.push(error.message);
          return true;
        });
        disableProgress();
        renameSync(`${gone}.away`, gone);
        assert.equal(renderThreads.running, 0);
        assert.deepEqual(filesUnder(out), before);
      }
      assert.equal(
        messages[0],
        "content/articles/eng/2025/02/story-1.md:1  expected the file as this build loaded it, received no file (it was removed) while the build ran; build again\n1 error in 1 file; nothing was written.",
      );
      assert.equal(messages[1], messages[0]);
    });
  });

  it("takes its number of threads from NEWSROOM_RENDER_WORKERS, and by default threads only for a render of many passes on more than two cores", () => {
    assert.equal(renderWorkersSetting({}), undefined);
    assert.equal(renderWorkersSetting({ NEWSROOM_RENDER_WORKERS: "3" }), 3);
    assert.equal(renderWorkersSetting({ NEWSROOM_RENDER_WORKERS: "0" }), 0);
    for (const bad of ["-1", "two", "1.5", "65"])
      assert.throws(() => renderWorkersSetting({ NEWSROOM_RENDER_WORKERS: bad }), {
        message: `NEWSROOM_RENDER_WORKERS: expected a number of render threads from 0 to 64 (0 renders on the build's own thread), received "${bad}"`,
      });
    assert.equal(defaultRenderWorkers(6, 3, false), 2);
    assert.equal(defaultRenderWorkers(6, 8, false), 2);
    assert.equal(defaultRenderWorkers(6, 2, false), 0);
    assert.equal(defaultRenderWorkers(1, 4, false), 0);
    assert.equal(defaultRenderWorkers(6, 4, true), 0);
  });
});
