import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { CORPUS_CLOCK, corpusDays, generateCorpus } from "../../src/bench/corpus.ts";
import { inMemoryFolder } from "../../src/bench/results.ts";
import { loadContent } from "../../src/model/load.ts";
import { tempDir } from "../helpers/site.ts";

function files(dir: string): Map<string, Buffer> {
  const entries = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  return new Map(entries.map((e) => [path.relative(dir, path.join(e.parentPath, e.name)), readFileSync(path.join(e.parentPath, e.name))]));
}

describe("benchmark corpus", () => {
  const fresh = () => tempDir("newsroom-bench-");

  it("is the same bytes for the same seed, and different for another seed", async () => {
    const [a, b, c] = [fresh(), fresh(), fresh()];
    await generateCorpus(a, { articles: 50, photos: 2 });
    await generateCorpus(b, { articles: 50, photos: 2 });
    await generateCorpus(c, { articles: 50, photos: 2, seed: 7 });
    const [fa, fb] = [files(a), files(b)];
    assert.deepEqual([...fa.keys()].sort(), [...fb.keys()].sort());
    for (const [name, content] of fa) assert.ok(content.equals(fb.get(name) as Buffer), name);
    assert.notDeepEqual([...files(c).keys()].sort(), [...fa.keys()].sort());
  });

  it("is 50 valid English articles with 200 authors, 2 to 6 tags each, in naive Kyiv times", async () => {
    const dir = fresh();
    await generateCorpus(dir, { articles: 50, photos: 2 });
    const content = await loadContent(dir);
    assert.equal(content.articles.length, 50);
    assert.deepEqual(content.warnings, []);
    assert.equal(content.authors.size, 200);
    assert.equal(new Set(content.articles.map((a) => a.url)).size, 50);
    for (const a of content.articles) {
      assert.equal(a.edition, "eng");
      assert.ok(a.tags.length >= 2 && a.tags.length <= 6, a.file);
      assert.match(a.file, /^content\/articles\/eng\/\d{4}\/\d{2}\/[a-z0-9-]+\.md$/);
    }
    assert.equal(content.articles.filter((a) => a.image).length, 2);
    const words = content.articles.reduce((n, a) => n + a.body.split(/\s+/).length, 0) / 50;
    assert.ok(words > 650 && words < 870, `about 760 words per article, got ${words}`);
  });

  it("takes its shape from --per-month, --tags and --article-kb: months back from the clock, distinct tags, KB a body", async () => {
    const dir = fresh();
    await generateCorpus(dir, { articles: 60, perMonth: 20, tags: 500, articleKb: 8 });
    const content = await loadContent(dir);
    assert.equal(content.articles.length, 60);
    assert.deepEqual(content.warnings, []);
    assert.equal(corpusDays(60, 20), 91);
    const clock = CORPUS_CLOCK * 1000;
    for (const a of content.articles) {
      const t = a.date.toMillis();
      assert.ok(t < clock && t >= clock - 92 * 86_400_000, `${a.file} within three months before the clock`);
    }
    const kb = content.articles.reduce((n, a) => n + Buffer.byteLength(a.body), 0) / 60 / 1024;
    assert.ok(kb > 7 && kb < 9.5, `about 8 KB a body, got ${kb.toFixed(2)}`);
    // 500 tags: more than the named ones (3 + places + topics + topic × place), so numbered topics are used too.
    const many = await (async () => {
      const d = fresh();
      await generateCorpus(d, { articles: 400, tags: 500 });
      return loadContent(d);
    })();
    const tags = new Set(many.articles.flatMap((a) => a.tags));
    assert.ok(tags.size > 300, `more than 300 distinct tags used, got ${tags.size}`);
  });

  it("tells a folder in memory (tmpfs) from one on disk by the mount table", () => {
    const mounts = [
      { point: "/", type: "ext4" },
      { point: "/dev/shm", type: "tmpfs" },
      { point: "/tmp", type: "tmpfs" },
      { point: "/var/tmp", type: "ext4" },
    ];
    assert.equal(inMemoryFolder("/dev/shm/x", mounts), true);
    assert.equal(inMemoryFolder("/tmp", mounts), true);
    assert.equal(inMemoryFolder("/tmpfoo", mounts), false);
    assert.equal(inMemoryFolder("/var/tmp/bench", mounts), false);
    assert.equal(inMemoryFolder("/home/x", mounts), false);
  });
});
