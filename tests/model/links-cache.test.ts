/**
 * Related links kept between builds (src/model/links-cache.ts): after every kind of change (a new
 * article, a removed one, a new headline, new tags, a new date, a new tag spelling in the config's
 * edition), the links a build takes from the kept table and the change are the links found afresh;
 * a table made by other code or for another edition is not used.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import v8 from "node:v8";
import { DateTime } from "luxon";
import { LINKS_CACHE_DIR, LINKS_COMPACTION, LinksCacheError, type LinksChange, linksCacheCounts } from "../../src/model/links-cache.ts";
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

/**
 * The table as a base and a log: a build that changed a few articles appends its change; reading
 * applies the log; a torn or damaged log, or one over another base, is not trusted (every link found
 * afresh, a new base written); past LINKS_COMPACTION a build writes a new base and the log goes.
 */
describe("related links kept as a base and a log", () => {
  const base = (dir: string) => path.join(dir, LINKS_CACHE_DIR, "eng.v8");
  const log = (dir: string) => path.join(dir, LINKS_CACHE_DIR, "eng.log");

  /** A build's model, checked against links found afresh; returns how the table was read and written. */
  async function step(dir: string): Promise<{ kept: boolean; appended: boolean; change: LinksChange | undefined; site: SiteModel }> {
    const counts = { ...linksCacheCounts };
    const site = await model(dir);
    const eng = site.editions.get("eng");
    assert.ok(eng);
    const fresh = buildArticleLinks(eng.articles, eng.tags, (t) => t.toLowerCase());
    assert.deepEqual(plain(eng.articles, eng.links), plain(eng.articles, fresh));
    return {
      kept: linksCacheCounts.kept > counts.kept,
      appended: linksCacheCounts.appended > counts.appended,
      change: eng.linksChange,
      site,
    };
  }

  it("appends a new article to the log, and the next build reads the base with the log", async () => {
    const dir = fixture();
    await step(dir);
    const baseBytes = readFileSync(base(dir));
    writeFileSync(path.join(dir, file(60)), story(60));
    const added = await step(dir);
    assert.ok(added.kept && added.appended, "the change appended to the log");
    assert.ok(readFileSync(base(dir)).equals(baseBytes), "the base as it was");
    assert.ok(statSync(log(dir)).size > 0 && statSync(log(dir)).size < baseBytes.length / 2, "a log smaller than the base");
    const again = await step(dir);
    assert.ok(again.kept, "the base and its log read");
    assert.equal(again.change?.from, added.change?.table, "the table as the log left it (the kept plan compares this name)");
    assert.equal(again.change?.table, again.change?.from, "nothing changed: nothing written");
  });

  for (const [what, spoil] of [
    ["a torn log", (bytes: Buffer) => bytes.subarray(0, bytes.length - 3)],
    [
      "a damaged log",
      (bytes: Buffer) => {
        const copy = Buffer.from(bytes);
        copy[copy.length - 5] = (copy[copy.length - 5] as number) ^ 0xff;
        return copy;
      },
    ],
  ] as const)
    it(`finds every link afresh over ${what}, and writes a new base`, async () => {
      const dir = fixture();
      await step(dir);
      writeFileSync(path.join(dir, file(60)), story(60));
      assert.ok((await step(dir)).appended);
      writeFileSync(log(dir), spoil(readFileSync(log(dir))));
      const read = await step(dir);
      assert.equal(read.kept, false, `${what} is not trusted`);
      assert.equal(read.change?.from, undefined);
      assert.equal(existsSync(log(dir)), false, "the log goes with the new base");
      assert.ok((await step(dir)).kept, "the new base is read");
    });

  for (const [what, spoil] of [
    [
      "a link that is no article of the base",
      (stored: Record<string, unknown>) => ({ ...stored, links: Int32Array.from([999, ...(stored.links as Int32Array).slice(1)]) }),
    ],
    [
      "rows out of order",
      (stored: Record<string, unknown>) => ({ ...stored, starts: (stored.starts as Int32Array).map((v, i) => (i === 1 ? v + 1000 : v)) }),
    ],
    ["tags that are no JSON", (stored: Record<string, unknown>) => ({ ...stored, tags: "[[" })],
  ] as const)
    it(`finds every link afresh over a base with ${what} (an edited article's old tags are read), rather than fail or keep a wrong link`, async () => {
      const dir = fixture();
      await step(dir);
      writeFileSync(base(dir), v8.serialize(spoil(v8.deserialize(readFileSync(base(dir))) as Record<string, unknown>)));
      writeFileSync(path.join(dir, file(7)), story(7, { title: "Story 7, corrected" }));
      // `step` compares every link with links found afresh.
      assert.equal((await step(dir)).kept, false, `a base with ${what} is not trusted`);
      assert.ok((await step(dir)).kept, "the new base is read");
    });

  it("does not apply a log made over another base", async () => {
    const dir = fixture();
    await step(dir);
    writeFileSync(path.join(dir, file(60)), story(60));
    assert.ok((await step(dir)).appended);
    const stale = readFileSync(log(dir));
    // A new base (the tables of other code are not read: links found afresh and a base written), then the old log back.
    const stored = v8.deserialize(readFileSync(base(dir)));
    writeFileSync(base(dir), v8.serialize({ ...stored, key: "other code" }));
    assert.equal((await step(dir)).kept, false);
    assert.equal(existsSync(log(dir)), false);
    writeFileSync(log(dir), stale);
    const read = await step(dir);
    assert.equal(read.kept, false, "a log over another base is not trusted");
  });

  it("writes a new base past the compaction threshold, and the log starts again", async () => {
    const saved = { ...LINKS_COMPACTION };
    Object.assign(LINKS_COMPACTION, { fraction: 1000, entries: 2 });
    try {
      const dir = fixture();
      await step(dir);
      const appended: boolean[] = [];
      for (const i of [60, 61, 62, 63]) {
        writeFileSync(path.join(dir, file(i)), story(i));
        const built = await step(dir);
        assert.ok(built.kept);
        appended.push(built.appended);
      }
      assert.deepEqual(appended, [true, true, false, true], "two entries, a new base, an entry over it");
      assert.ok((await step(dir)).kept);
      Object.assign(LINKS_COMPACTION, { fraction: 0, entries: 200 });
      writeFileSync(path.join(dir, file(64)), story(64));
      assert.equal((await step(dir)).appended, false, "an entry bigger than its share of the base: a new base");
    } finally {
      Object.assign(LINKS_COMPACTION, saved);
    }
  });

  it("equals links found afresh after a random sequence of new, edited and removed articles, over the log", async () => {
    // More tags than the first fixture's, so most articles are far from each change and keep their links from the table.
    const tags = Array.from({ length: 40 }, (_, t) => `Topic${t}`);
    const mixed = (i: number, salt = 0, fields: Record<string, string> = {}) =>
      article({
        title: `Story ${i} ${salt}`,
        date: `2025-03-${String(1 + ((i * 7 + salt) % 28)).padStart(2, "0")} ${String(8 + (i % 10)).padStart(2, "0")}:${String((i + salt) % 60).padStart(2, "0")}`,
        tags: `[${tags[i % 40]}, ${tags[(i * 7 + salt) % 40]}, ${tags[(i * 13 + 3) % 40]}]`,
        ...fields,
      });
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++) files[file(i)] = mixed(i);
    const dir = makeSite(files);
    let seed = 19;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const present = new Set(Object.keys(files).map((f) => Number(/story-(\d+)/.exec(f)?.[1])));
    let last = await step(dir);
    let next = 400;
    let appended = 0;
    for (let round = 0; round < 14; round++) {
      const done: string[] = [];
      for (let op = 1 + random(3); op > 0; op--) {
        const kind = random(4);
        const pick = [...present][random(present.size)] as number;
        if (kind === 0) {
          writeFileSync(path.join(dir, file(next)), mixed(next));
          present.add(next);
          done.push(`new ${next++}`);
        } else if (kind === 1) {
          rmSync(path.join(dir, file(pick)));
          present.delete(pick);
          done.push(`removed ${pick}`);
        } else if (kind === 2) {
          writeFileSync(path.join(dir, file(pick)), mixed(pick, 1 + random(50)));
          done.push(`new date and tags ${pick}`);
        } else {
          writeFileSync(path.join(dir, file(pick)), mixed(pick, 0, { title: `Edited ${round}` }));
          done.push(`new headline ${pick}`);
        }
      }
      const before = last.site.editions.get("eng");
      assert.ok(before);
      const was = new Map(plain(before.articles, before.links).map((row) => [row[0], JSON.stringify(row)]));
      const built = await step(dir).catch((error: Error) => assert.fail(`round ${round} (${done.join(", ")}): ${error.message}`));
      const eng = built.site.editions.get("eng");
      assert.ok(built.kept && eng, `round ${round}: kept`);
      if (built.appended) appended++;
      // The table read is the one the last build wrote (its log applied), and the articles named are exactly those whose links differ.
      assert.equal(built.change?.from, last.change?.table, `round ${round}: the table the last build wrote`);
      const differ = plain(eng.articles, eng.links)
        .filter((row) => was.get(row[0] as string) !== JSON.stringify(row))
        .map((row) => row[0]);
      assert.deepEqual([...(built.change?.differs ?? [])].sort(), differ.sort(), `round ${round} (${done.join(", ")})`);
      last = built;
    }
    assert.ok(appended >= 10, `most changes appended to the log (${appended})`);
    assert.ok(statSync(log(dir)).size > 0);
  });
});
