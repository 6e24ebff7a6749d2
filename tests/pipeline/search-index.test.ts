/**
 * The search index in shards (src/pipeline/search-index.ts): per edition, one per Kyiv day of
 * its newest article's month, per earlier month of that year and per older Kyiv year, each
 * written once into the cache and
 * linked into later builds while its articles and the code are unchanged. Pagefind runs for real; the browser side is tests/e2e/search.test.ts.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { deserialize, serialize } from "node:v8";
import { gunzipSync } from "node:zlib";
import { DateTime } from "luxon";
import { renderBody } from "../../src/content/markdown.ts";
import { editionShards } from "../../src/model/search-shards.ts";
import type { SiteModel } from "../../src/model/site.ts";
import { editionOf } from "../../src/model/site.ts";
import { prepare } from "../../src/pipeline/prepare.ts";
import {
  bodyTextCounts,
  SEARCH_CACHE_DIR,
  searchMemoryCap,
  searchRecordCounts,
  searchThreads,
  startSearchIndex,
} from "../../src/pipeline/search-index.ts";
import { article, makeSite, tempDir } from "../helpers/site.ts";

const NOW = DateTime.fromISO("2025-04-05T00:00:00Z");

function fixture(): string {
  return makeSite({
    "content/articles/eng/2025/03/new.md": article({ title: "New", date: "2025-03-27 13:15" }, "Zebrafinch in March.\n"),
    "content/articles/eng/2025/01/first.md": article({ title: "First of 2025", date: "2025-01-01 00:30" }, "Zebrafinch at midnight.\n"),
    // 31 December 22:30 UTC, but already 2025 in Kyiv: above. This one is 2024 in both.
    "content/articles/eng/2024/12/last.md": article({ title: "Last of 2024", date: "2024-12-31 23:30" }, "Zebrafinch at year end.\n"),
    "content/articles/eng/2023/05/old.md": article({ title: "Old", date: "2023-05-01 10:00" }, "Zebrafinch long ago.\n"),
    "content/articles/uk/2024/02/ukr.md": article({ title: "Укр", date: "2024-02-01 10:00", tags: "[Україна]" }, "Текст.\n"),
    "content/articles/eng/2023/06/draft.md": article({ title: "Draft", date: "2023-06-01 10:00", draft: "true" }, "The aardwolf draft.\n"),
    "content/articles/eng/2025/04/later.md": article({ title: "Embargoed", date: "2025-04-10 09:00" }, "The okapi embargo.\n"),
  });
}

async function site(dir: string, now = NOW): Promise<SiteModel> {
  return (await prepare(dir, { now, validateOnly: true })).site;
}

async function index(dir: string, now = NOW) {
  const out = tempDir("search-out-");
  const job = await startSearchIndex(await site(dir, now), out);
  // How many processes ran at once follows the machine's cores: pinned below, with the number set.
  const { atOnce: _, processes: _p, order: _o, ...stats } = await job.finish();
  return { out, stats };
}

/**
 * The fixture with a long article on its newest day: that shard, the first, takes Pagefind longest,
 * so with several processes the shards after it are written before it.
 */
function fixtureWithLongDay(): string {
  const dir = fixture();
  const words = Array.from({ length: 30_000 }, (_, i) => `word${i % 4_000}`).join(" ");
  writeFileSync(path.join(dir, "content/articles/eng/2025/03/long.md"), article({ title: "Long", date: "2025-03-27 18:00" }, `${words}\n`));
  return dir;
}

/** Runs `body` with the search index's environment variables set, restoring them after. */
async function withEnv<T>(env: Record<string, string>, body: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  try {
    return await body();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** This process's Pagefind processes still alive (Linux: their parent is this process), or not yet reaped too (`zombies`). */
function pagefindChildren(zombies = false): number[] {
  return readdirSync("/proc")
    .filter((n) => /^\d+$/.test(n))
    .filter((n) => {
      try {
        const stat = readFileSync(`/proc/${n}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        return (
          ppid === process.pid &&
          stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")).startsWith("pagefind") &&
          (zombies || !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z"))
        );
      } catch {
        return false; // gone between listing and reading
      }
    })
    .map(Number);
}

/** Waits (up to `tries` × 50 ms) for `done`; returns whether it came. Not a time limit on the code: a bound on waiting for the kernel. */
async function until(done: () => boolean, tries = 400): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (done()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return done();
}

/**
 * Indexes `dir` with neither cached shards nor kept records, under these settings of the shards indexed from
 * threads (`searchThreads`, restored after): the files written, and how many shards a thread indexed.
 */
async function indexAfresh(dir: string, settings: typeof searchThreads) {
  const saved = { ...searchThreads };
  Object.assign(searchThreads, settings);
  searchRecordCounts.threaded = 0;
  try {
    rmSync(path.join(dir, SEARCH_CACHE_DIR), { recursive: true, force: true });
    rmSync(path.join(dir, `${SEARCH_CACHE_DIR}.records`), { recursive: true, force: true });
    const { out } = await index(dir);
    return { files: files(out), threaded: searchRecordCounts.threaded };
  } finally {
    Object.assign(searchThreads, saved);
  }
}

const entries = (dir: string) => readdirSync(path.join(dir, SEARCH_CACHE_DIR)).sort();

function files(dir: string): Map<string, string> {
  const all = new Map<string, string>();
  for (const f of (readdirSync(dir, { recursive: true }) as string[]).sort())
    if (statSync(path.join(dir, f)).isFile()) all.set(f, readFileSync(path.join(dir, f)).toString("base64"));
  return all;
}

describe("search index shards", { timeout: 120_000 }, () => {
  it("splits each edition's newest month by day, its newest year by month and older ones by year, newest first, published articles only", async () => {
    const model = await site(fixture());
    const shards = (id: string) => editionShards(model.editions.get(id) ?? assert.fail(id)).map((s) => [s.id, s.lang, s.articles.map((a) => a.slug)]);
    // "first" is 31 December 22:30 UTC, already January 2025 in Kyiv; an empty month has no shard.
    assert.deepEqual(shards("eng"), [
      ["eng-2025-03-27", "en", ["new"]],
      ["eng-2025-01", "en", ["first"]],
      ["eng-2024", "en", ["last"]],
      ["eng-2023", "en", ["old"]],
    ]);
    // Each edition's own newest year: 2024 for this one, whatever the clock or the other editions.
    assert.deepEqual(shards("uk"), [["uk-2024-02-01", "uk", ["ukr"]]]);
  });

  it("gives every day of the newest month its own shard, the first day's as the last", async () => {
    const dir = fixture();
    for (const [slug, date] of [
      ["second", "2025-03-01 09:00"],
      ["third", "2025-03-03 09:00"],
      ["fourth", "2025-03-03 21:00"],
      ["fifth", "2025-03-14 12:00"],
    ] as const)
      writeFileSync(path.join(dir, `content/articles/eng/2025/03/${slug}.md`), article({ title: slug, date }, "Zebrafinch.\n"));
    const model = await site(dir);
    assert.deepEqual(
      editionShards(model.editions.get("eng") ?? assert.fail("eng")).map((s) => [s.id, s.articles.map((a) => a.slug)]),
      [
        ["eng-2025-03-27", ["new"]],
        ["eng-2025-03-14", ["fifth"]],
        ["eng-2025-03-03", ["fourth", "third"]],
        ["eng-2025-03-01", ["second"]],
        ["eng-2025-01", ["first"]],
        ["eng-2024", ["last"]],
        ["eng-2023", ["old"]],
      ],
    );
  });

  it("takes the newest year from the newest published article, not the clock", async () => {
    const dir = fixture();
    // The embargoed April article is not published yet: no shard for April.
    const ids = async (now: typeof NOW) =>
      editionShards((await site(dir, now)).editions.get("eng") ?? assert.fail("eng")).map((s) => [s.id, s.articles.length]);
    assert.deepEqual(await ids(NOW), [
      ["eng-2025-03-27", 1],
      ["eng-2025-01", 1],
      ["eng-2024", 1],
      ["eng-2023", 1],
    ]);
    // A year later, with nothing new since April 2025, 2025 is still the newest year: still by month.
    assert.deepEqual(await ids(DateTime.fromISO("2026-06-01T00:00:00Z")), [
      ["eng-2025-04-10", 1],
      ["eng-2025-03", 1],
      ["eng-2025-01", 1],
      ["eng-2024", 1],
      ["eng-2023", 1],
    ]);
  });

  it("makes records from the texts the pages' render gave (one parse per body), to the same shards as from the Markdown", async () => {
    const dir = fixture();
    writeFileSync(
      path.join(dir, "content/articles/uk/2024/02/quotes.md"),
      article({ title: "Цитата", date: "2024-02-01 11:00" }, `Він сказав: "Це п'ять 'коаліцій'" і [тут](https://example.org/).\n`),
    );
    const model = await site(dir);
    const run = async (render: boolean) => {
      const out = tempDir("search-out-");
      const job = await startSearchIndex(model, out, path.join(out, "cache"));
      let offered = 0;
      if (render)
        for (const edition of model.editions.values())
          for (const a of edition.articles) {
            renderBody(a.body, { lang: editionOf(model, a).config.lang, picture: () => "", text: (plain) => job.bodyText(a, plain) });
            offered++;
          }
      bodyTextCounts.used = 0;
      await job.finish();
      return { files: files(out), used: bodyTextCounts.used, offered };
    };
    const parsed = await run(false);
    assert.equal(parsed.used, 0);
    const rendered = await run(true);
    // The newest shard may start before the texts come: its records parse their bodies.
    assert.ok(rendered.used >= rendered.offered - 2 && rendered.used > 0, `${rendered.used} of ${rendered.offered}`);
    for (const [f, bytes] of parsed.files) if (!f.startsWith("cache")) assert.equal(rendered.files.get(f), bytes, f);
  });

  it("asks a render beside it for turns of the event loop while it has shards to index, and for none when every shard is cached", async () => {
    const dir = fixture();
    const turns = async (env: Record<string, string> = {}) =>
      withEnv(env, async () => {
        const job = await startSearchIndex(await site(dir), tempDir("search-out-"));
        await job.finish();
        return job.turnMs;
      });
    // NEWSROOM_SEARCH_TURN_MS unset: every 10 ms; 0: none.
    assert.equal(await withEnv({ NEWSROOM_SEARCH_TURN_MS: "" }, () => turns()), 10);
    rmSync(path.join(dir, SEARCH_CACHE_DIR), { recursive: true, force: true });
    assert.equal(await turns({ NEWSROOM_SEARCH_TURN_MS: "0" }), undefined);
    rmSync(path.join(dir, SEARCH_CACHE_DIR), { recursive: true, force: true });
    assert.equal(await turns({ NEWSROOM_SEARCH_TURN_MS: "25" }), 25);
    // Nothing left to index: no turns.
    assert.equal(await turns({ NEWSROOM_SEARCH_TURN_MS: "25" }), undefined);
    // A bad setting fails before any Pagefind process starts.
    await assert.rejects(
      withEnv({ NEWSROOM_SEARCH_TURN_MS: "soon" }, async () => startSearchIndex(await site(dir), tempDir("search-out-"))),
      /NEWSROOM_SEARCH_TURN_MS: expected milliseconds between turns \(0: none\), received "soon"/,
    );
  });

  it("writes one bundle per shard and Pagefind's script once; Pagefind's own UIs are left out", async () => {
    const dir = fixture();
    const { out, stats } = await index(dir);
    assert.deepEqual(stats, { languages: { en: 4, uk: 1 }, shards: 5, indexed: 5 });
    assert.deepEqual(readdirSync(path.join(out, "pagefind")).sort(), [
      "eng-2023",
      "eng-2024",
      "eng-2025-01",
      "eng-2025-03-27",
      "pagefind.js",
      "uk-2024-02-01",
    ]);
    const shard = readdirSync(path.join(out, "pagefind/eng-2025-03-27")).sort();
    assert.ok(shard.includes("pagefind-entry.json") && shard.includes("pagefind-worker.js") && shard.includes("wasm.en.pagefind"), shard.join(" "));
    assert.deepEqual(
      shard.filter((f) => f.startsWith("pagefind-ui") || f.startsWith("pagefind-component") || f === "pagefind.js"),
      [],
    );
    const pages = (id: string) => {
      const entry = JSON.parse(readFileSync(path.join(out, "pagefind", id, "pagefind-entry.json"), "utf8")) as {
        languages: Record<string, { page_count: number }>;
      };
      return Object.entries(entry.languages).map(([lang, l]) => [lang, l.page_count]);
    };
    assert.deepEqual(pages("eng-2025-03-27"), [["en", 1]]);
    assert.deepEqual(pages("eng-2024"), [["en", 1]]);
  });

  it("reuses every unchanged shard from the cache, byte for byte, and re-indexes only the day, month or year that changed", async () => {
    const dir = fixture();
    const cold = await index(dir);
    const keys = entries(dir);
    assert.equal(keys.length, 5);

    const warm = await index(dir);
    assert.equal(warm.stats.indexed, 0);
    assert.deepEqual(entries(dir), keys);
    assert.deepEqual(files(warm.out), files(cold.out));

    // A new 2024 article: the 2024 shard only; its old cache entry is pruned.
    writeFileSync(
      path.join(dir, "content/articles/eng/2024/12/mid.md"),
      article({ title: "Mid 2024", date: "2024-06-01 12:00" }, "Zebrafinch in June.\n"),
    );
    const changed = await index(dir);
    assert.equal(changed.stats.indexed, 1);
    const after = entries(dir);
    assert.equal(after.length, 5);
    assert.equal(after.filter((k) => !keys.includes(k)).length, 1);
    const differs = (from: Map<string, string>, to: Map<string, string>) => [
      ...new Set([...to].filter(([f, bytes]) => from.get(f) !== bytes).map(([f]) => f.split("/")[1])),
    ];
    assert.deepEqual(differs(files(cold.out), files(changed.out)), ["eng-2024"]);

    // Writes one English article, indexes again: how many shards were indexed, the cache's entries, and the shards whose files changed.
    let last = changed;
    const publish = async (file: string, fields: Record<string, string>, body: string, indexed: number, cached: number, shards: string[]) => {
      writeFileSync(path.join(dir, "content/articles/eng/2025/03", file), article(fields, body));
      const result = await index(dir);
      assert.equal(result.stats.indexed, indexed);
      assert.equal(entries(dir).length, cached);
      assert.deepEqual(differs(files(last.out), files(result.out)), shards);
      last = result;
      return result;
    };

    // A new article on the newest day: that day's shard only, not the month or the year.
    await publish("more.md", { title: "More March", date: "2025-03-27 19:00" }, "Zebrafinch again.\n", 1, 5, ["eng-2025-03-27"]);
    // The next day: a new day shard; the others come from the cache.
    await publish("next.md", { title: "Next day", date: "2025-03-28 09:00" }, "Zebrafinch the next day.\n", 1, 6, ["eng-2025-03-28"]);
    // A new article dated in an earlier week of the newest month: its day's shard alone, a new one.
    await publish("early.md", { title: "Early March", date: "2025-03-03 09:00" }, "Zebrafinch early in March.\n", 1, 7, ["eng-2025-03-03"]);
    // A correction of an earlier day's story: that day's shard alone, not the newest day's or the month's.
    const corrected = await publish("new.md", { title: "New", date: "2025-03-27 13:15" }, "Zebrafinch in March, corrected.\n", 1, 7, [
      "eng-2025-03-27",
    ]);

    // The first article of the next month folds March's days into one shard: two indexed, once.
    writeFileSync(
      path.join(dir, "content/articles/eng/2025/04/april.md"),
      article({ title: "April", date: "2025-04-02 09:00" }, "Zebrafinch in April.\n"),
    );
    const month = await index(dir);
    assert.equal(month.stats.indexed, 2);
    assert.deepEqual(readdirSync(path.join(month.out, "pagefind")).sort(), [
      "eng-2023",
      "eng-2024",
      "eng-2025-01",
      "eng-2025-03",
      "eng-2025-04-02",
      "pagefind.js",
      "uk-2024-02-01",
    ]);
    assert.deepEqual(differs(files(corrected.out), files(month.out)), ["eng-2025-03", "eng-2025-04-02"]);
    // The days' cache entries are pruned.
    assert.equal(entries(dir).length, 6);
    // The next article of April: its day alone again; March stays as it was folded.
    writeFileSync(
      path.join(dir, "content/articles/eng/2025/04/april2.md"),
      article({ title: "April again", date: "2025-04-03 09:00" }, "Zebrafinch in April again.\n"),
    );
    const after2 = await index(dir);
    assert.equal(after2.stats.indexed, 1);
    assert.deepEqual(differs(files(month.out), files(after2.out)), ["eng-2025-04-03"]);
  });

  it("indexes a shard with few records to make from a thread of its own, to the files the build's thread writes", async () => {
    const dir = fixture();
    const run = (fewToMake: number, shards = 4) => indexAfresh(dir, { fewToMake, shards });
    // Every shard of the fixture has one or two articles: each from a thread, or none.
    const threaded = await run(16, 5);
    assert.equal(threaded.threaded, 5);
    const inProcess = await run(0);
    assert.equal(inProcess.threaded, 0);
    // A build that indexes more shards than `shards` (a cold build's) indexes none from threads.
    assert.equal((await run(16, 4)).threaded, 0);
    assert.deepEqual([...threaded.files.keys()], [...inProcess.files.keys()]);
    for (const [f, bytes] of inProcess.files) assert.equal(threaded.files.get(f), bytes, f);
    // Nothing left, not even a process no loop reaped: each thread's Pagefind process ended, and was reaped, with its shard.
    assert.ok(await until(() => pagefindChildren(true).length === 0), `Pagefind processes left: ${pagefindChildren(true).join(", ")}`);
  });

  it("indexes shards from threads and from the build's thread side by side, each on a Pagefind process of its own", async () => {
    // The newest day's shard (one article) from a thread, the older ones (two or three articles each) from this thread:
    // with three processes at once, a slot a thread's shard held was once given to two shards of this thread.
    const dir = fixture();
    for (const [file, date] of [
      ["2025/01/second.md", "2025-01-10 10:00"],
      ["2024/12/second.md", "2024-12-01 10:00"],
      ["2024/12/third.md", "2024-12-02 10:00"],
      ["2023/05/second.md", "2023-05-02 10:00"],
    ] as const)
      writeFileSync(path.join(dir, "content/articles/eng", file), article({ title: file, date }, "Zebrafinch again.\n"));
    const run = (fewToMake: number) => withEnv({ NEWSROOM_SEARCH_SERVICES: "3" }, () => indexAfresh(dir, { fewToMake, shards: 100 }));
    const mixed = await run(1);
    // The two one-article shards (the newest English day's and the Ukrainian edition's) from threads.
    assert.equal(mixed.threaded, 2);
    const inProcess = await run(0);
    assert.deepEqual([...mixed.files.keys()], [...inProcess.files.keys()]);
    for (const [f, bytes] of inProcess.files) assert.equal(mixed.files.get(f), bytes, f);
  });

  it("keeps a day shard's records: a new article on that day makes its own record alone, and the shard is the one made from every article", async () => {
    const dir = fixture();
    await index(dir);
    const records = path.join(dir, `${SEARCH_CACHE_DIR}.records`);
    const write = (file: string, fields: Record<string, string>, body: string) =>
      writeFileSync(path.join(dir, "content/articles/eng", file), article(fields, body));
    // Indexes again, counting the records made (not read back).
    const counted = async () => {
      searchRecordCounts.made = 0;
      const result = await index(dir);
      return { result, made: searchRecordCounts.made };
    };
    // Indexes with neither the kept records nor the cached shards.
    const afresh = () => {
      rmSync(records, { recursive: true });
      rmSync(path.join(dir, SEARCH_CACHE_DIR), { recursive: true });
      return counted();
    };
    // The newest month's day shards' records only (the newest day's and the Ukrainian edition's), not the months' or the years'.
    assert.deepEqual(readdirSync(records).sort(), ["eng-2025-03-27.v8", "uk-2024-02-01.v8"]);
    write(
      "2025/03/more.md",
      { title: "More March", date: "2025-03-27 19:00" },
      "Zebrafinch again, with a [link](https://example.org/) and **bold** text.\n",
    );
    searchRecordCounts.threaded = 0;
    const kept = await counted();
    assert.equal(kept.result.stats.indexed, 1);
    assert.equal(kept.made, 1);
    // A publish's shard: its records handed to a thread at once.
    assert.equal(searchRecordCounts.threaded, 1);
    // Made afresh, from every article of the day: the same files.
    const fresh = await afresh();
    assert.equal(fresh.made, 6);
    assert.deepEqual(files(kept.result.out), files(fresh.result.out));
    // An edited author's name is in every record: none is read back.
    writeFileSync(path.join(dir, "content/authors/anastasia-protz.yaml"), "name: Anastasia Protz-Koval\n");
    assert.equal((await counted()).made, 6);
    // An article of an earlier day of the month: a shard of its own, whose record is kept too.
    write("2025/03/early.md", { title: "Early March", date: "2025-03-03 09:00" }, "Zebrafinch early in March.\n");
    assert.equal((await counted()).made, 1);
    assert.deepEqual(readdirSync(records).sort(), ["eng-2025-03-03.v8", "eng-2025-03-27.v8", "uk-2024-02-01.v8"]);
    // March's days folded into its month when April's first article comes: the month's shard is made from
    // the records its days kept (one record made: April's), the days' records go, and the new day's are kept.
    write("2025/04/april.md", { title: "April", date: "2025-04-02 09:00" }, "Zebrafinch in April.\n");
    const folded = await counted();
    assert.equal(folded.result.stats.indexed, 2);
    assert.equal(folded.made, 1);
    assert.deepEqual(readdirSync(records).sort(), ["eng-2025-04-02.v8", "uk-2024-02-01.v8"]);
    // The same month's shard as one made from the articles.
    const made = await afresh();
    assert.equal(made.made, 8);
    assert.deepEqual(files(folded.result.out), files(made.result.out));
  });

  it("folds the last year's months into one shard when an edition's first article of a new year is published", async () => {
    const dir = fixture();
    await index(dir);
    const keys = entries(dir);
    mkdirSync(path.join(dir, "content/articles/eng/2026/01"), { recursive: true });
    writeFileSync(
      path.join(dir, "content/articles/eng/2026/01/newyear.md"),
      // 31 December 2025 22:30 UTC: 1 January 2026 in Kyiv, the first article of 2026.
      article({ title: "New Year 2026", date: "2026-01-01 00:30" }, "Zebrafinch in the new year.\n"),
    );
    const later = DateTime.fromISO("2026-01-02T00:00:00Z");
    const model = await site(dir, later);
    assert.deepEqual(
      editionShards(model.editions.get("eng") ?? assert.fail("eng")).map((s) => [s.id, s.articles.map((a) => a.slug)]),
      [
        ["eng-2026-01-01", ["newyear"]],
        // The April article's embargo is over by now.
        ["eng-2025", ["later", "new", "first"]],
        ["eng-2024", ["last"]],
        ["eng-2023", ["old"]],
      ],
    );
    const { out, stats } = await index(dir, later);
    // The new day and the folded year; 2023, 2024 and the Ukrainian shard come from the cache.
    assert.deepEqual(stats, { languages: { en: 6, uk: 1 }, shards: 5, indexed: 2 });
    assert.deepEqual(readdirSync(path.join(out, "pagefind")).sort(), [
      "eng-2023",
      "eng-2024",
      "eng-2025",
      "eng-2026-01-01",
      "pagefind.js",
      "uk-2024-02-01",
    ]);
    // The month shards' cache entries are pruned.
    const now = entries(dir);
    assert.equal(now.length, 5);
    assert.equal(now.filter((k) => keys.includes(k)).length, 3);
  });

  it("keys a shard on what its records show: an author's name, not only the article file", async () => {
    const dir = fixture();
    await index(dir);
    const keys = entries(dir);
    writeFileSync(path.join(dir, "content/authors/ulyana-krychkovska.yaml"), "name: Ulyana Krychkovska-Renamed\n");
    const { stats } = await index(dir);
    // Every article of the fixture is hers.
    assert.equal(stats.indexed, 5);
    assert.equal(entries(dir).filter((k) => keys.includes(k)).length, 0);
  });

  it("keeps drafts and embargoed articles out of the cache too", async () => {
    const dir = fixture();
    await index(dir);
    const cache = path.join(dir, SEARCH_CACHE_DIR);
    const texts = [...files(cache)].map(([f, b64]) => {
      const bytes = Buffer.from(b64, "base64");
      // Pagefind gzips its index files; the words are readable once unzipped.
      return [f, (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString("utf8")] as const;
    });
    assert.ok(
      texts.some(([, t]) => t.includes("Zebrafinch at year end")),
      "the fragments hold the published text",
    );
    for (const [f, t] of texts) assert.doesNotMatch(`${f}\n${t}`, /aardwolf|okapi|Embargoed/, f);
  });

  it("stops on abort without leaving a staging folder in use or a shard half-published", async () => {
    const dir = fixture();
    const out = tempDir("search-out-");
    const job = await startSearchIndex(await site(dir), out);
    await job.abort();
    // Nothing is written after abort() returns; an aborted shard never becomes a cache entry.
    const before = existsSync(path.join(out, "pagefind")) ? files(path.join(out, "pagefind")) : new Map();
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(existsSync(path.join(out, "pagefind")) ? files(path.join(out, "pagefind")) : new Map(), before);
    for (const name of entries(dir))
      assert.ok(existsSync(path.join(dir, SEARCH_CACHE_DIR, name, "pagefind-entry.json")) || /\.tmp-/.test(name), name);
    // The next build indexes what the aborted one did not finish, and prunes the staging folder.
    const { stats } = await index(dir);
    assert.equal(stats.shards, 5);
    assert.deepEqual(
      entries(dir).filter((n) => /\.tmp-/.test(n)),
      [],
    );
  });
  it("writes the same shards, handed over in shard order, whatever the number of Pagefind processes at once", async () => {
    const placedBy = (env: Record<string, string>) =>
      withEnv(env, async () => {
        const dir = fixtureWithLongDay();
        const out = tempDir("search-out-");
        const placed = new Map<string, string>();
        const job = await startSearchIndex(await site(dir), out, undefined, undefined, (file, source) => placed.set(file, source));
        // The build's pages are rendered: every process the setting allows runs.
        job.rendered();
        const stats = await job.finish();
        // Each file by its name in the output, with its bytes, in the order the publish step got them.
        return { stats, files: [...placed].map(([file, source]) => [file, readFileSync(source).toString("base64")]) };
      });
    const one = await placedBy({ NEWSROOM_SEARCH_SERVICES: "1" });
    assert.equal(one.stats.atOnce, 1);
    assert.equal(one.stats.indexed, 5);
    // Three while the caller renders (one fewer), four once it has rendered: the long first shard is written last.
    const four = await placedBy({ NEWSROOM_SEARCH_SERVICES: "4", NEWSROOM_SEARCH_MEMORY: String(64 * 1024 ** 3) });
    assert.equal(four.stats.atOnce, 4);
    assert.deepEqual(
      four.files.map(([file]) => file),
      one.files.map(([file]) => file),
    );
    assert.deepEqual(four.files, one.files);
    // Shard by shard, in the model's order (the editions', each newest first).
    const model = await site(fixtureWithLongDay());
    const ids = [...new Set(one.files.map(([file]) => file?.split("/")[1]))].filter((id) => id !== "pagefind.js");
    assert.deepEqual(
      ids,
      [...model.editions.values()].flatMap(editionShards).map((shard) => shard.id),
    );
    // The memory cap: with the build's own memory over it, one process at a time.
    const budget = await placedBy({ NEWSROOM_SEARCH_SERVICES: "4", NEWSROOM_SEARCH_MEMORY: "1" });
    assert.equal(budget.stats.atOnce, 1);
    assert.deepEqual(budget.files, one.files);
  });

  it("starts the bigger shards first while the build renders, and after it keeps a process for the next small shard only", async () => {
    const dir = fixture();
    // Two older years with more text than a small shard holds (~350,000 characters each).
    const words = Array.from({ length: 40_000 }, (_, i) => `word${i % 4_000}`).join(" ");
    for (const [file, date] of [
      ["2023/07/long.md", "2023-07-01 10:00"],
      ["2024/07/long.md", "2024-07-01 10:00"],
    ] as const) {
      mkdirSync(path.dirname(path.join(dir, "content/articles/eng", file)), { recursive: true });
      writeFileSync(path.join(dir, "content/articles/eng", file), article({ title: `Long ${date}`, date }, `${words}\n`));
    }
    const model = await site(dir);
    // The editions' shards, each edition's newest first.
    const ids = [...model.editions.values()].flatMap(editionShards).map((shard) => shard.id);
    assert.deepEqual([...ids].sort(), ["eng-2023", "eng-2024", "eng-2025-01", "eng-2025-03-27", "uk-2024-02-01"]);
    const run = (rendered: boolean) =>
      withEnv({ NEWSROOM_SEARCH_SERVICES: "1" }, async () => {
        rmSync(path.join(dir, SEARCH_CACHE_DIR), { recursive: true, force: true });
        rmSync(path.join(dir, `${SEARCH_CACHE_DIR}.records`), { recursive: true, force: true });
        const placed = new Map<string, string>();
        const job = await startSearchIndex(await site(dir), tempDir("search-out-"), undefined, undefined, (file, source) => placed.set(file, source));
        if (rendered) job.rendered();
        const stats = await job.finish();
        return { stats, files: [...placed].map(([file, source]) => [file, readFileSync(source).toString("base64")]) };
      });
    // While the build renders: the big shards first, then the small ones, each in shard order, all on one process
    // (what it indexed stays under PROCESS_TEXT_LIMIT).
    const rendering = await run(false);
    const big: string[] = ids.filter((id) => id === "eng-2023" || id === "eng-2024");
    assert.deepEqual(rendering.stats.order, [...big, ...ids.filter((id) => !big.includes(id))]);
    assert.equal(rendering.stats.processes, 1);
    // Rendered as soon as the first big shard started: the rest in shard order. Its process is kept for the small
    // ones that follow, and stopped before the other big one, which gets a process of its own: two.
    const after = await run(true);
    assert.deepEqual(after.stats.order, [big[0], ...ids.filter((id) => id !== big[0])]);
    assert.equal(after.stats.processes, 2);
    // Published in shard order, the same bytes, whatever order they were indexed in.
    assert.deepEqual(
      [...new Set(after.files.map(([file]) => file?.split("/")[1]))].filter((id) => id !== "pagefind.js"),
      ids,
    );
    assert.deepEqual(after.files, rendering.files);
  });

  it("lets Pagefind processes add up to 1.45 GiB in all, or 15% of what the build holds past 1.5 GiB, unless told", () => {
    const GiB = 1024 ** 3;
    const cap = (own: number, env: NodeJS.ProcessEnv = {}) => searchMemoryCap(own, env) / GiB;
    // A 20k build after its render (1.03–1.09 GiB): two full shards (0.17 GiB each) fit; with 8 KB articles (~1.3 GiB) one, which runs alone.
    assert.equal(cap(1.0 * GiB), 1.45);
    assert.ok(1.09 + 2 * 0.17 <= cap(1.09 * GiB) && 1.3 + 2 * 0.17 > cap(1.3 * GiB));
    // Up to 1.5 GiB held, the budget stays 1.45 GiB: nothing more starts beside a build that grew (issue 19's 1.5 GiB at 20k).
    assert.equal(cap(1.45 * GiB), 1.45);
    assert.equal(cap(1.5 * GiB), 1.45);
    // A 100k build (~2.6 GiB): two again, not three, and the whole stays under issue 19's 4 GiB.
    assert.ok(2.6 + 2 * 0.17 <= cap(2.6 * GiB) && 2.6 + 3 * 0.17 > cap(2.6 * GiB) && cap(2.6 * GiB) < 4);
    assert.equal(cap(2.6 * GiB, { NEWSROOM_SEARCH_MEMORY: String(2 * GiB) }), 2);
    assert.equal(cap(2.6 * GiB, { NEWSROOM_SEARCH_MEMORY: "none" }), 2.6 * 1.15);
  });

  it("stops every Pagefind process on abort, those indexing and those queued", async () => {
    await withEnv({ NEWSROOM_SEARCH_SERVICES: "3" }, async () => {
      const dir = fixtureWithLongDay();
      const out = tempDir("search-out-");
      const job = await startSearchIndex(await site(dir), out);
      job.rendered();
      assert.ok(await until(() => pagefindChildren().length > 0), "Pagefind started");
      await job.abort();
      assert.ok(await until(() => pagefindChildren().length === 0), `still running: ${pagefindChildren().join(" ")}`);
      // Nothing was published, and the job stays stopped: the rendered pages' signal starts nothing.
      job.rendered();
      assert.deepEqual(pagefindChildren(), []);
      assert.equal(existsSync(path.join(out, "pagefind/pagefind.js")), false);
      await assert.rejects(job.finish(), /the search index was stopped|Pagefind backend closed/);
    });
  });

  it("hands a cached shard's files to the publish step from its kept listing, the same files its folder holds", async () => {
    const dir = fixture();
    const placedBy = async () => {
      const out = tempDir("search-out-");
      const placed = new Map<string, string>();
      const job = await startSearchIndex(await site(dir), out, undefined, undefined, (file, source) => placed.set(file, source));
      const stats = await job.finish();
      return { placed, stats };
    };
    const listings = `${path.join(dir, SEARCH_CACHE_DIR)}.listings.v8`;
    const cold = await placedBy();
    assert.equal(cold.stats.indexed, 5);
    assert.ok(existsSync(listings), "the listings are kept beside the store");
    // Every file of the cached shards is placed (Pagefind's script once, at the bundle's root), under its own name.
    const inCache = new Set<string>();
    for (const key of entries(dir))
      for (const f of readdirSync(path.join(dir, SEARCH_CACHE_DIR, key), { recursive: true }) as string[])
        if (statSync(path.join(dir, SEARCH_CACHE_DIR, key, f)).isFile() && f !== "pagefind.js") inCache.add(path.join(dir, SEARCH_CACHE_DIR, key, f));
    const script = cold.placed.get("pagefind/pagefind.js");
    assert.ok(script?.endsWith("/pagefind.js"), script);
    assert.deepEqual(
      [...cold.placed]
        .filter(([file]) => file !== "pagefind/pagefind.js")
        .map(([, source]) => source)
        .sort(),
      [...inCache].sort(),
    );
    for (const [file, source] of cold.placed) assert.equal(path.basename(file), path.basename(source), file);
    // Warm: the same files from the listings alone (a listing that named a file no longer there would show here).
    const warm = await placedBy();
    assert.equal(warm.stats.indexed, 0);
    assert.deepEqual([...warm.placed].sort(), [...cold.placed].sort());
    // A shard indexed again (its entry went) is listed from its folder, whatever the listings say of its key.
    const kept = deserialize(readFileSync(listings)) as Map<string, string[]>;
    const [key, files] = [...kept][0] ?? assert.fail("no listing");
    kept.set(key, [...files, "fragment/not-there.pf_fragment"]);
    writeFileSync(listings, serialize(kept));
    rmSync(path.join(dir, SEARCH_CACHE_DIR, key), { recursive: true });
    const again = await placedBy();
    assert.equal(again.stats.indexed, 1);
    assert.deepEqual([...again.placed].sort(), [...cold.placed].sort());
    // Without the listings (or with an unreadable one), the shards' folders are listed again.
    writeFileSync(listings, "not a listing");
    assert.deepEqual([...(await placedBy()).placed].sort(), [...cold.placed].sort());
  });

  it("re-indexes a shard whose article file changed, and keeps those whose articles were only loaded again", async () => {
    const dir = fixture();
    await index(dir);
    const keys = entries(dir);
    // The same bytes written again: the same source, the same keys.
    const file = path.join(dir, "content/articles/eng/2023/05/old.md");
    writeFileSync(file, readFileSync(file));
    assert.equal((await index(dir)).stats.indexed, 0);
    writeFileSync(file, `${readFileSync(file, "utf8")}\nOne more line.\n`);
    const { stats } = await index(dir);
    assert.equal(stats.indexed, 1);
    assert.equal(entries(dir).filter((k) => !keys.includes(k)).length, 1);
  });
});
