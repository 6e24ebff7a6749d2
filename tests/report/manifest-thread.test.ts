/**
 * The build report's article list made in a thread of its own (src/report/manifest-thread.ts), as a
 * large site's build makes it: the same changes and the same file as the build's own thread makes.
 */
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { DateTime } from "luxon";
import { prepare } from "../../src/pipeline/prepare.ts";
import { compareRows, manifestRows, readManifest, serializeManifest } from "../../src/report/manifest.ts";
import { manifestThreadFor, manifestThreads, startManifestThread } from "../../src/report/manifest-thread.ts";
import { article, makeSite } from "../helpers/site.ts";

const NOW = DateTime.fromISO("2025-04-05T00:00:00Z");
const BUILT = "2025-04-05T03:00:00+03:00";

describe("the article list's thread", () => {
  it("pairs the articles with the last list's rows, says what changed and writes the list the build's thread would", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 30; i++)
      files[`content/articles/eng/2025/03/story-${i}.md`] = article(
        { title: `Story ${i}`, date: `2025-03-${String(1 + (i % 28)).padStart(2, "0")} 10:${String(i).padStart(2, "0")}` },
        `Body ${i}.\n`,
      );
    const dir = makeSite(files);
    const list = path.join(dir, "articles.v8");
    const articles = async () => (await prepare(dir, { now: NOW, validateOnly: true })).site.articles;
    writeFileSync(list, serializeManifest("2025-04-01T09:00:00+03:00", manifestRows(await articles())));
    // One added, one edited, one removed.
    writeFileSync(path.join(dir, "content/articles/eng/2025/03/added.md"), article({ title: "Added", date: "2025-03-15 12:00" }, "New.\n"));
    writeFileSync(
      path.join(dir, "content/articles/eng/2025/03/story-3.md"),
      article({ title: "Story 3, edited", date: "2025-03-04 10:03" }, "Body 3.\n"),
    );
    rmSync(path.join(dir, "content/articles/eng/2025/03/story-7.md"));
    const now = await articles();

    const previous = readManifest(list) ?? assert.fail("no list");
    const current = manifestRows(now, previous);
    const expected = { builtAt: previous.builtAt, changes: compareRows(previous, current) };
    const bytes = serializeManifest(BUILT, current);
    assert.deepEqual(
      [expected.changes.added.map((e) => e.title), expected.changes.changed.map((e) => e.title), expected.changes.removed.map((e) => e.title)],
      [["Added"], ["Story 3, edited"], ["Story 7"]],
    );

    const thread = startManifestThread(list);
    try {
      thread.compare(now, BUILT);
      assert.deepEqual(await thread.compared(), expected);
      await thread.write();
      assert.ok(readFileSync(list).equals(bytes), "the list the thread wrote is the one the build's thread makes");
    } finally {
      await thread.close();
    }
  });

  it("is started for a large last list only", () => {
    const dir = makeSite({});
    const list = path.join(dir, "articles.v8");
    assert.equal(manifestThreadFor(list), undefined);
    writeFileSync(list, Buffer.alloc(1024));
    assert.equal(manifestThreadFor(list), undefined);
    const saved = manifestThreads.minBytes;
    manifestThreads.minBytes = 1024;
    try {
      const thread = manifestThreadFor(list);
      assert.ok(thread);
      void thread.close();
    } finally {
      manifestThreads.minBytes = saved;
    }
  });
});
