/**
 * Nothing lost (issue #9): with a mix of valid and invalid files the build names every
 * invalid one and writes nothing; once they are fixed, every valid article appears
 * exactly once in each list it belongs to, in the feeds and in the sitemap.
 */
import assert from "node:assert/strict";
import { readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { article, DEFAULT_CONFIG, makeSite, read, run } from "../helpers/site.ts";

// 2025-04-30 00:00 UTC: after every article below.
const CLOCK = { SOURCE_DATE_EPOCH: "1745971200" };
const TAGS = ["Ukraine", "EU", "Energy", "USA", "Poland"];
const N = 60;

function valid(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < N; i++) {
    const edition = i % 3 === 0 ? "uk" : "eng";
    const day = String(1 + (i % 28)).padStart(2, "0");
    const time = `${String(8 + (i % 12)).padStart(2, "0")}:${String((i * 7) % 60).padStart(2, "0")}`;
    const tags = TAGS.filter((_, t) => (i + t) % 3 === 0 || t === i % 5);
    const authors = i % 4 === 0 ? "[ulyana-krychkovska, anastasia-protz]" : i % 2 ? "[anastasia-protz]" : "[ulyana-krychkovska]";
    files[`content/articles/${edition}/2025/04/story-${i}.md`] = article({
      title: `Story number ${i}`,
      date: `2025-04-${day} ${time}`,
      tags: `[${tags.join(", ")}]`,
      authors,
    });
  }
  return files;
}

const INVALID: Record<string, string> = {
  "content/articles/eng/bad/no-date.md": article({ date: "" }),
  "content/articles/eng/bad/bad-yaml.md": "---\ntitle: [oops\n---\nBody.\n",
  "content/articles/eng/bad/empty.md": "",
  "content/articles/eng/bad/unknown-author.md": article({ authors: "[nobody]" }),
  "content/articles/uk/bad/gap.md": article({ date: "2025-03-30 03:30" }),
};

/** How many times `needle` occurs in the pages under `dir` matching `pattern`. */
function occurrences(site: string, pattern: RegExp, needle: string): number {
  let count = 0;
  for (const file of readdirSync(site, { recursive: true }) as string[]) {
    if (!pattern.test(file.split(path.sep).join("/"))) continue;
    count += read(site, file).split(needle).length - 1;
  }
  return count;
}

describe("nothing lost", () => {
  it("reports every invalid file, then publishes every valid article exactly once everywhere", () => {
    const dir = makeSite({ ...valid(), ...INVALID }, { config: { ...DEFAULT_CONFIG, pageSize: 7, feedSize: 100 } });
    const failed = run(dir, "build", CLOCK);
    assert.equal(failed.code, 1);
    const reported = new Set([...failed.stderr.matchAll(/^(content\/\S+?\.md):/gm)].map((m) => m[1]));
    assert.deepEqual([...reported].sort(), Object.keys(INVALID).sort());
    assert.match(failed.stderr, /5 errors in 5 files; nothing was written\.$/m);
    // Nothing but the build report (which lists these problems first): no site, no cache.
    assert.deepEqual(readdirSync(dir).sort(), [".cache", "content"]);
    assert.deepEqual(readdirSync(path.join(dir, ".cache")), ["report"]);
    assert.deepEqual(readdirSync(path.join(dir, ".cache/report")).sort(), ["index.html", "report.json"]);

    for (const file of Object.keys(INVALID)) rmSync(path.join(dir, file));
    const built = run(dir, "build", CLOCK);
    assert.equal(built.code, 0, built.stderr);
    const site = path.join(dir, "_site");
    for (let i = 0; i < N; i++) {
      const edition = i % 3 === 0 ? "uk" : "eng";
      const prefix = edition === "uk" ? "" : "eng/";
      const href = `href="/${prefix}news/2025/04/${String(1 + (i % 28)).padStart(2, "0")}/story-${i}/"`;
      const where = `story-${i}`;
      const tags = TAGS.filter((_, t) => (i + t) % 3 === 0 || t === i % 5);
      assert.equal(occurrences(site, new RegExp(`^${prefix}news/2025/04/\\d\\d/story-${i}/index\\.html$`), "<h1>"), 1, where);
      assert.equal(occurrences(site, new RegExp(`^${prefix}news/(page/\\d+/)?index\\.html$`), href), 1, `${where} in the news feed`);
      assert.equal(occurrences(site, new RegExp(`^${prefix}news/2025/04/\\d\\d/index\\.html$`), href), 1, `${where} in its day`);
      for (const tag of tags) {
        const slug = tag.toLowerCase();
        assert.equal(occurrences(site, new RegExp(`^${prefix}tags/${slug}/(page/\\d+/)?index\\.html$`), href), 1, `${where} in tag ${tag}`);
      }
      assert.equal(occurrences(site, new RegExp(`^${prefix}tags/[^/]+/(page/\\d+/)?index\\.html$`), href), tags.length, `${where} in no other tag`);
      const loc = `https://example.org/${prefix}news/2025/04/${String(1 + (i % 28)).padStart(2, "0")}/story-${i}/`;
      assert.equal(occurrences(site, /^sitemaps\/\d{4}-\d\d(-\d+)?\.xml$/, `<loc>${loc}</loc>`), 1, `${where} in the sitemap`);
      assert.equal(
        occurrences(site, new RegExp(`^${prefix}feed\\.xml$`), `<link rel="alternate" type="text/html" href="${loc}"/>`),
        1,
        `${where} in the Atom feed`,
      );
      assert.equal(occurrences(site, new RegExp(`^${prefix}feed\\.json$`), `"url": "${loc}"`), 1, `${where} in the JSON feed`);
    }
  });
});
