/**
 * Page keys name a loaded article by its source (src/pages/keys.ts, src/model/parse-cache.ts
 * `sourceDigest`): the parse environment, the file's path and bytes. The shortcut must not hide an
 * edit: whatever changes an article (its bytes, the config, the authors) changes its digest and
 * the key of every page that shows it, and an article made in memory is hashed by its content.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { DateTime } from "luxon";
import { collectContent } from "../../src/model/load.ts";
import { sourceDigest } from "../../src/model/parse-cache.ts";
import { digest, pageKeys, timeText } from "../../src/pages/keys.ts";
import { planPages } from "../../src/pages/plan.ts";
import { prepare } from "../../src/pipeline/prepare.ts";
import type { Article } from "../../src/schema/article.ts";
import { article, DEFAULT_CONFIG, makeSite } from "../helpers/site.ts";

const NOW = DateTime.fromISO("2025-04-06T06:00:00Z");
const PARIS = "content/articles/eng/2025/03/paris.md";
const KYIV = "content/articles/eng/2025/02/kyiv.md";

function fixture(): string {
  return makeSite({
    [PARIS]: article({ title: "Coalition meets in Paris", date: "2025-03-27 13:15", tags: "[Ukraine, EU]" }),
    [KYIV]: article({ title: "Kyiv talks", date: "2025-02-10 09:00", tags: "[Ukraine, EU]" }),
    // The same bytes as Paris under another path (and so another URL).
    "content/articles/eng/2025/03/paris-copy.md": article({ title: "Coalition meets in Paris", date: "2025-03-27 13:15", tags: "[Ukraine, EU]" }),
  });
}

/** Each loaded article's digest, by file. */
async function digests(dir: string): Promise<Map<string, string>> {
  const { content, problems } = await collectContent(dir, NOW);
  assert.deepEqual(problems, []);
  return new Map(content.articles.map((a) => [a.file, digest(a)]));
}

/** Each cached page's key, by output file. */
async function keys(dir: string): Promise<Map<string, string>> {
  const ready = await prepare(dir, { now: NOW });
  const key = pageKeys({ chrome: "the same chrome" });
  return new Map(planPages(ready).map((p) => [p.file, key(p.kind, p.view)]));
}

describe("page keys of loaded articles", () => {
  it("name an article by its source: the same for a fresh parse and a cached one, different for other bytes or another path", async () => {
    const dir = fixture();
    const cold = await digests(dir);
    const warm = await digests(dir);
    assert.deepEqual(warm, cold);
    assert.notEqual(cold.get(PARIS), cold.get("content/articles/eng/2025/03/paris-copy.md"));
    assert.equal(new Set(cold.values()).size, 3);
  });

  it("change with the article's bytes (its body alone too), and only the pages that show it change", async () => {
    const dir = fixture();
    const before = await digests(dir);
    const pagesBefore = await keys(dir);
    writeFileSync(
      path.join(dir, PARIS),
      article(
        { title: "Coalition meets in Paris", date: "2025-03-27 13:15", tags: "[Ukraine, EU]" },
        "A lead paragraph.\n\nMore text.\n\nA new last paragraph.\n",
      ),
    );
    const after = await digests(dir);
    assert.notEqual(after.get(PARIS), before.get(PARIS));
    assert.equal(after.get(KYIV), before.get(KYIV));
    const pagesAfter = await keys(dir);
    const changed = [...pagesAfter].filter(([file, key]) => pagesBefore.get(file) !== key).map(([file]) => file);
    assert.ok(changed.includes("eng/news/2025/03/27/paris/index.html"), changed.join(" "));
    assert.ok(!changed.includes("eng/news/2025/02/10/kyiv/index.html"), changed.join(" "));
  });

  it("change for every article when the authors or the config change (the parse environment)", async () => {
    const dir = fixture();
    const first = await digests(dir);
    writeFileSync(path.join(dir, "content/authors/new-reporter.yaml"), "name: New Reporter\n");
    const withAuthor = await digests(dir);
    for (const [file, value] of first) assert.notEqual(withAuthor.get(file), value, file);
    writeFileSync(path.join(dir, "content/site.config.ts"), `export default ${JSON.stringify({ ...DEFAULT_CONFIG, pageSize: 7 }, null, 2)};\n`);
    const withConfig = await digests(dir);
    for (const [file, value] of withAuthor) assert.notEqual(withConfig.get(file), value, file);
  });

  it("hash an article made in memory by its content, as before", async () => {
    const dir = fixture();
    const { content } = await collectContent(dir, NOW);
    const loaded = content.articles.find((a) => a.file === PARIS) as Article;
    assert.ok(sourceDigest(loaded));
    const copy = Object.freeze({ ...loaded });
    const same = Object.freeze({ ...loaded });
    const edited = Object.freeze({ ...loaded, body: `${loaded.body}More.\n` });
    assert.equal(sourceDigest(copy), undefined);
    assert.equal(digest(copy), digest(same));
    assert.notEqual(digest(copy), digest(loaded));
    assert.notEqual(digest(edited), digest(copy));
  });
});

describe("a time in page keys", () => {
  it("is written as its instant and offset, a luxon time as any time-like value is (a sitemap part's column of them too)", () => {
    const kyiv = NOW.setZone("Europe/Kyiv");
    const like = (t: DateTime) => ({ toMillis: () => t.toMillis(), offset: t.offset });
    assert.equal(timeText(kyiv), `t${NOW.toMillis()}180`);
    assert.equal(timeText(like(kyiv)), timeText(kyiv));
    assert.equal(digest([NOW, kyiv, undefined]), digest([like(NOW), like(kyiv), undefined]));
    assert.equal(pageKeys({})("sitemap", { lastmods: [kyiv] }), pageKeys({})("sitemap", { lastmods: [like(kyiv)] }));
    assert.notEqual(digest([NOW]), digest([kyiv]));
  });
});
