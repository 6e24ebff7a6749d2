// What a build needs of an article's body besides rendering it (src/content/body-facts.ts) is kept
// with the parsed article: a build with lazy bodies reads the bodies of the pages it renders and no
// others, and still plans a cached article's body photos and checks its relative links.
import assert from "node:assert/strict";
import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { bodyFacts } from "../../src/content/body-facts.ts";
import { ContentError } from "../../src/errors/content-error.ts";
import { lazyBodyCounts, RACY_MS } from "../../src/model/parse-cache.ts";
import { build } from "../../src/pipeline/build.ts";
import { photo } from "../helpers/photos.ts";
import { article, DEFAULT_CONFIG, makeSite } from "../helpers/site.ts";

describe("body facts", () => {
  it("are the body's length, whether it may link relatively, and its images with their lines", () => {
    const body = 'Lead with [a link](../other/).\n\n![A desk](./desk.jpg "Caption")\n\nMore [out](https://example.com/).\n';
    assert.deepEqual(bodyFacts(body, 10), { length: body.length, relativeLinks: true, images: [{ src: "./desk.jpg", alt: "A desk", line: 12 }] });
    assert.deepEqual(bodyFacts("Only [out](https://example.com/) and [in](/eng/).\n", 5), { length: 50, relativeLinks: false, images: [] });
    assert.deepEqual(bodyFacts("", 5), { length: 0, relativeLinks: false, images: [] });
  });
});

describe("a build with lazy bodies", () => {
  const EPOCH = String(Date.UTC(2025, 3, 1, 9) / 1000);
  const day = (n: number, month = 2) => `2025-0${month}-${String(n).padStart(2, "0")} 10:00`;
  let dir: string;
  const saved = process.env.SOURCE_DATE_EPOCH;

  before(async () => {
    process.env.SOURCE_DATE_EPOCH = EPOCH;
    const files: Record<string, string | Buffer> = {};
    // Within the 30 days of social cards before the new article below, and in its month (the search index
    // re-indexes the new article's day alone, reading that day's bodies).
    for (let i = 1; i <= 20; i++) files[`content/articles/eng/2025/02/story-${i}.md`] = article({ title: `Story ${i}`, date: day(i + 8) });
    files["content/articles/eng/2025/02/with-photo.md"] = article(
      { title: "A story with a photo in its text", date: day(15) },
      'The lead.\n\n![A desk in an office](./desk.jpg "The desk")\n\nSee [the first story](../../09/story-1/).\n',
    );
    files["content/articles/eng/2025/02/desk.jpg"] = await photo(1600, 1000);
    dir = makeSite(files, { config: { ...DEFAULT_CONFIG, feedSize: 3 } });
    await build(dir);
    // Files changed within RACY_MS of a load are read again by the next (src/model/parse-cache.ts): once
    // settled, a build takes them by their stat, and their bodies are read only when used.
    await new Promise((resolve) => setTimeout(resolve, RACY_MS + 500));
    await build(dir);
  });
  after(() => {
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  });

  it("reads, when nothing changed, only the body whose relative link the check parses, and plans a cached article's body photo", async () => {
    const before = lazyBodyCounts.read;
    await build(dir);
    assert.equal(lazyBodyCounts.read - before, 1);
    // The body photo's widths (the cards are "-card.jpg"): planned from the kept facts.
    const photos = readdirSync(path.join(dir, "_site/images")).filter((f) => /-1600\.(avif|webp|jpg)$/.test(f));
    assert.equal(photos.length, 3, photos.join(" "));
  });

  it("reads, for a new article, only the bodies of the pages it renders again", async () => {
    writeFileSync(
      path.join(dir, "content/articles/eng/2025/02/story-new.md"),
      article({ title: "A new story", date: "2025-02-28 12:00", tags: "[Odesa]" }),
    );
    const before = lazyBodyCounts.read;
    await build(dir);
    const read = lazyBodyCounts.read - before;
    // Its neighbour's page, the edition's and section's feeds (full texts, 3 entries each), its day's other
    // article (the day's search shard) and the article whose relative link the check parses; not the other
    // 16 (the new article itself was parsed, not read lazily).
    assert.ok(read > 0 && read <= 6, `${read} bodies read`);
  });

  it("still fails a build on a cached article's relative link whose target went, naming it", async () => {
    rmSync(path.join(dir, "content/articles/eng/2025/02/story-1.md"));
    await assert.rejects(build(dir), (error: Error) => {
      assert.ok(error instanceof ContentError, String(error));
      assert.match(
        error.message,
        /content\/articles\/eng\/2025\/02\/with-photo\.md:\d+ {2}body: expected a link to a page of the site, received "\.\.\/\.\.\/09\/story-1\/"/,
      );
      return true;
    });
    assert.ok(existsSync(path.join(dir, "_site")));
  });
});
