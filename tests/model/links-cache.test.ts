/**
 * Related links kept between builds (src/model/links-cache.ts): after every kind of change (a new
 * article, a removed one, a new headline, new tags, a new date, a new tag spelling in the config's
 * edition), the links a build takes from the kept table and the change are the links found afresh;
 * a table made by other code or for another edition is not used.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import v8 from "node:v8";
import { DateTime } from "luxon";
import { LINKS_CACHE_DIR, LinksCacheError, linksCacheCounts } from "../../src/model/links-cache.ts";
import { collectContent } from "../../src/model/load.ts";
import { type ArticleLinks, buildArticleLinks, type LinksLookup } from "../../src/model/related.ts";
import { buildSiteModel, type SiteModel } from "../../src/model/site.ts";
import { article, makeSite } from "../helpers/site.ts";

const NOW = DateTime.fromISO("2025-04-06T06:00:00Z");
const TAGS = ["Energy", "Kharkiv", "Diplomacy", "Odesa", "EU", "Sanctions"];

const file = (i: number) => `content/articles/eng/2025/03/story-${i}.md`;
const story = (i: number, fields: Record<string, string> = {}) =>
  article({
    title: `Story ${i}`,
    date: `2025-03-${String(1 + (i % 28)).padStart(2, "0")} ${String(8 + (i % 10)).padStart(2, "0")}:00`,
    tags: `[${TAGS[i % 6]}, ${TAGS[(i * 7) % 6]}, ${TAGS[(i + 2) % 5]}]`,
    ...fields,
  });

function fixture(): string {
  const files: Record<string, string> = {};
  for (let i = 0; i < 60; i++) files[file(i)] = story(i);
  return makeSite(files);
}

/** A model as a build makes it, links kept between builds. */
async function model(dir: string, verify = false): Promise<SiteModel> {
  const { content, problems } = await collectContent(dir, NOW);
  assert.deepEqual(problems, []);
  return buildSiteModel(content, NOW, { linksCache: { root: dir, verify } });
}

/** Links as URLs, to compare whole. */
const plain = (articles: readonly { url: string }[], links: LinksLookup) =>
  articles
    .map(({ url }) => [url, links.get(url) as ArticleLinks] as const)
    .map(([url, l]) => [url, l.previous?.url, l.next?.url, l.related.map((a) => a.url)])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));

/** The edition's links from the model (from the kept table when `kept`), and found afresh. */
async function compare(dir: string, kept: boolean): Promise<void> {
  const before = linksCacheCounts.kept;
  const site = await model(dir);
  const eng = site.editions.get("eng");
  assert.ok(eng);
  const fresh = buildArticleLinks(eng.articles, eng.tags, (t) => t.toLowerCase());
  assert.deepEqual(plain(eng.articles, eng.links), plain(eng.articles, fresh));
  assert.equal(linksCacheCounts.kept - before, kept ? 1 : 0, kept ? "links from the kept table" : "links found afresh");
}

describe("related links kept between builds", () => {
  it("equal links found afresh after every kind of change", async () => {
    const dir = fixture();
    await compare(dir, false);
    assert.ok(existsSync(path.join(dir, LINKS_CACHE_DIR, "eng.v8")));
    const edits: [string, () => void][] = [
      ["nothing", () => {}],
      ["a new article", () => writeFileSync(path.join(dir, file(60)), story(60))],
      ["a removed article", () => rmSync(path.join(dir, file(13)))],
      ["a new headline", () => writeFileSync(path.join(dir, file(20)), story(20, { title: "A new headline" }))],
      ["new tags", () => writeFileSync(path.join(dir, file(21)), story(21, { tags: "[Sanctions, Odesa]" }))],
      ["a new date", () => writeFileSync(path.join(dir, file(22)), story(22, { date: "2025-03-27 23:00" }))],
      [
        "several at once",
        () => {
          for (const i of [61, 62, 63]) writeFileSync(path.join(dir, file(i)), story(i));
          rmSync(path.join(dir, file(5)));
        },
      ],
    ];
    for (const [what, apply] of edits) {
      apply();
      await compare(dir, true).catch((error: Error) => assert.fail(`${what}: ${error.message}`));
    }
  });

  it("names the table it updated and the articles whose links differ from it (the kept plan reads these)", async () => {
    const dir = fixture();
    const first = (await model(dir)).editions.get("eng");
    assert.equal(first?.linksChange?.from, undefined, "found afresh: every article's links may differ");
    const second = (await model(dir)).editions.get("eng");
    const unchanged = second?.linksChange;
    assert.ok(second && unchanged);
    assert.equal(unchanged.from, first?.linksChange?.table, "updated from the table the first build wrote");
    assert.equal(unchanged.table, unchanged.from, "nothing changed: the table is not written again");
    assert.equal(unchanged.differs?.size, 0);
    const before = new Map(plain(second.articles, second.links).map((row) => [row[0], JSON.stringify(row)]));
    writeFileSync(path.join(dir, file(60)), story(60));
    const eng = (await model(dir)).editions.get("eng");
    const change = eng?.linksChange;
    assert.ok(eng && change);
    assert.equal(change.from, unchanged.table, "updated from the table the last build wrote");
    assert.notEqual(change.table, change.from, "a new table for the next build");
    // Exactly the articles whose links differ from the last build's (the new one among them).
    const differ = plain(eng.articles, eng.links)
      .filter((row) => before.get(row[0] as string) !== JSON.stringify(row))
      .map((row) => row[0]);
    assert.ok(differ.length > 1 && differ.length < eng.articles.length, `some articles' links differ (${differ.length})`);
    assert.deepEqual([...(change.differs ?? [])].sort(), differ.sort());
  });

  it("does not use a table made by other code", async () => {
    const dir = fixture();
    await compare(dir, false);
    const table = path.join(dir, LINKS_CACHE_DIR, "eng.v8");
    const stored = v8.deserialize(readFileSync(table));
    // Links that are wrong, under another code's key: ignored.
    writeFileSync(table, v8.serialize({ ...stored, key: "other code", links: stored.links.map(() => -1) }));
    await compare(dir, false);
  });

  it("fails a verify build whose kept links differ from links found afresh, naming the articles", async () => {
    const dir = fixture();
    await compare(dir, false);
    const table = path.join(dir, LINKS_CACHE_DIR, "eng.v8");
    const stored = v8.deserialize(readFileSync(table));
    // A wrong table under the right key (as a bug in the update would leave): verify finds it.
    const swapped = Int32Array.from(stored.links);
    for (let i = 0; i + 1 < stored.starts.length; i++) {
      const at = stored.starts[i];
      [swapped[at], swapped[at + 1]] = [stored.links[at + 1], stored.links[at]];
    }
    writeFileSync(table, v8.serialize({ ...stored, links: swapped }));
    const site = await model(dir, true);
    assert.throws(
      () => site.editions.get("eng")?.links,
      (error: Error) =>
        error instanceof LinksCacheError &&
        /^related links: \d+ kept articles' links differ from links found afresh: content\/articles\/eng\/2025\/03\/story-\d+\.md/.test(
          error.message,
        ),
    );
  });
});
