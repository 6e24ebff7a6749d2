/**
 * A cold build's search index on every core once its pages are rendered (src/pipeline/build.ts tells
 * the search job; src/pipeline/search-index.ts starts more Pagefind processes): the site, and the
 * order the output's record lists the search files in, are the same whatever the number of processes.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { liveFiles } from "../../src/pipeline/output.ts";
import { article, filesUnder, makeSite, run } from "../helpers/site.ts";

const CLOCK = { SOURCE_DATE_EPOCH: String(Date.UTC(2025, 3, 6, 6, 0) / 1000) };

function fixture(): string {
  const files: Record<string, string> = {};
  // Shards of several sizes: days and months of 2025, and two older years.
  const dates = [
    "2025-03-27 13:15",
    "2025-03-26 09:00",
    "2025-03-10 12:00",
    "2025-02-14 08:30",
    "2025-01-05 10:00",
    "2024-06-01 12:00",
    "2023-05-01 10:00",
  ];
  for (const [i, date] of dates.entries()) {
    const [day] = date.split(" ");
    const [year, month] = (day ?? "").split("-");
    const words = Array.from({ length: 400 * (i + 1) }, (_, n) => `word${(n * 7 + i) % 997}`).join(" ");
    files[`content/articles/eng/${year}/${month}/story-${i}.md`] = article({ title: `Story ${i}`, date }, `${words}\n`);
  }
  files["content/articles/uk/2025/03/новина.md"] = article({ title: "Новина", date: "2025-03-20 10:00", tags: "[Україна]" }, "Текст новини.\n");
  return makeSite(files);
}

describe("search index processes", { timeout: 300_000 }, () => {
  it("builds the same site, its files recorded in the same order, with one Pagefind process or four", () => {
    const dir = fixture();
    const out = path.join(dir, "_site");
    const build = (services: string) => {
      rmSync(path.join(dir, ".cache"), { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
      const result = run(dir, "build", { ...CLOCK, NEWSROOM_SEARCH_SERVICES: services });
      assert.equal(result.code, 0, result.stderr);
      const record = liveFiles(dir, out) ?? assert.fail("no record of the output");
      // The search files' order among themselves (images are placed beside them as they are encoded).
      return { files: filesUnder(out), record: [...record].filter(([file]) => file.startsWith("pagefind/")) };
    };
    const one = build("1");
    const four = build("4");
    assert.ok(
      [...one.files.keys()].some((f) => f.startsWith("pagefind/eng-2023/")),
      "the older years have shards",
    );
    assert.deepEqual([...four.files.keys()].sort(), [...one.files.keys()].sort());
    for (const [file, bytes] of one.files) assert.ok(four.files.get(file)?.equals(bytes), file);
    assert.deepEqual(four.record, one.record);
  });

  it("publishes nothing and leaves no Pagefind process behind when the build fails after rendering", () => {
    const dir = fixture();
    // A broken internal link fails the link check, after the render, while shards may still be indexed.
    writeFileSync(
      path.join(dir, "content/articles/eng/2025/03/broken.md"),
      article({ title: "Broken", date: "2025-03-27 14:00" }, "See [this](/eng/news/2025/01/01/nowhere/).\n"),
    );
    const result = run(dir, "build", { ...CLOCK, NEWSROOM_SEARCH_SERVICES: "4" });
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /broken internal link/);
    assert.equal(existsSync(path.join(dir, "_site")), false, "nothing published");
    // Pagefind runs in the site's folder: none is left there once the build's process has ended.
    const inSite = readdirSync("/proc")
      .filter((n) => /^\d+$/.test(n))
      .filter((n) => {
        try {
          return readFileSync(`/proc/${n}/comm`, "utf8").startsWith("pagefind") && readlinkSync(`/proc/${n}/cwd`) === realpathSync(dir);
        } catch {
          return false; // gone, or not ours to look at
        }
      });
    assert.deepEqual(inSite, []);
  });
});
