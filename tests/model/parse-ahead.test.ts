/**
 * A first load parsed on two threads (src/model/parse-ahead.ts): with an empty parse cache a worker takes
 * folders from the end while the load goes from the start. The load must give the same articles, the same
 * problems (file, line, field, message) and write the same parse cache as a load that parses alone; a file
 * the worker cannot parse is parsed by the load; a load whose cache is not empty starts no worker.
 */
import assert from "node:assert/strict";
import { cpSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { DateTime } from "luxon";
import { collectContent } from "../../src/model/load.ts";
import { parseAheadCounts } from "../../src/model/parse-ahead.ts";
import { lazyBodyCounts, PARSE_CACHE_DIR, RACY_MS } from "../../src/model/parse-cache.ts";
import { article, makeSite } from "../helpers/site.ts";

const NOW = DateTime.fromISO("2025-06-06T06:00:00Z");

/** Five months of two editions, three articles each; the newest folder holds a broken file and one with CR line endings. */
function fixture(): string {
  const files: Record<string, string> = {};
  for (const [edition, title] of [
    ["eng", "Grid repairs"],
    ["uk", "Ремонт мереж"],
  ] as const)
    for (let month = 1; month <= 5; month++)
      for (let day = 1; day <= 3; day++) {
        const mm = String(month).padStart(2, "0");
        files[`content/articles/${edition}/2025/${mm}/story-${day}.md`] = article(
          { title: `${title} ${month}.${day}`, date: `2025-${mm}-0${day} 1${day}:00`, ...(day > 1 ? { summary: "A lead of its own." } : {}) },
          day === 3 ? "" : `The first paragraph of ${month}.${day}.\n\n**Background:** more.\n`,
        );
      }
  // The worker's first folder (the last of the list): a problem the load must report as it always does, and a file it leaves to the load.
  files["content/articles/uk/2025/05/broken.md"] =
    "---\ntitle: Broken\ndate: 2025-05-04 10:00\nauthors: [nobody-known]\ntags: [Ukraine]\n---\nText.\n";
  files["content/articles/uk/2025/05/windows.md"] = article({ title: "Windows", date: "2025-05-05 08:00" }).replace(/\n/g, "\r\n");
  return makeSite(files);
}

/** Articles as plain data, dates with their zone. */
function plain(value: unknown): unknown {
  if (DateTime.isDateTime(value)) return `${value.toISO()} ${value.zoneName} ${value.locale}`;
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

/** Every file of the parse cache, by its path there, as bytes. */
function cacheFiles(dir: string): Map<string, Buffer> {
  const root = path.join(dir, PARSE_CACHE_DIR);
  const out = new Map<string, Buffer>();
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) {
      const full = path.join(entry.parentPath, entry.name);
      out.set(path.relative(root, full), readFileSync(full));
    }
  return out;
}

/** A build's load, the files settled; `ahead`: the worker claims its first folder (or every folder) before the load starts. */
const load = (dir: string, ahead: boolean | "all") =>
  collectContent(dir, NOW, undefined, {
    lazyBodies: true,
    startedAt: Date.now() + 10 * RACY_MS,
    parseAheadFrom: ahead ? 1 : Number.POSITIVE_INFINITY,
    parseAheadWait: ahead === "all" ? "all" : ahead ? "first" : undefined,
  });

describe("a first load parsed on two threads", () => {
  it("gives the articles, the problems and the parse cache a load alone gives, the worker's files taken from it", async () => {
    const dir = fixture();
    const alone = path.join(path.dirname(dir), `${path.basename(dir)}-alone`);
    cpSync(dir, alone, { recursive: true });
    const before = { ...parseAheadCounts };
    const shared = await load(dir, true);
    assert.equal(parseAheadCounts.started, before.started + 1);
    // The worker took the last folder at least (it claims it first), which holds two files it leaves to the load.
    assert.ok(parseAheadCounts.files - before.files >= 3, `files from the worker: ${parseAheadCounts.files - before.files}`);
    const single = await load(alone, false);
    assert.equal(parseAheadCounts.started, before.started + 1);
    assert.deepEqual(plain(shared.content.articles), plain(single.content.articles));
    assert.ok(shared.content.articles.some((a) => a.title === "Windows"));
    assert.deepEqual(shared.problems, single.problems);
    assert.equal(shared.problems.length, 1);
    assert.equal(shared.problems[0]?.file, "content/articles/uk/2025/05/broken.md");
    assert.equal(shared.problems[0]?.field, "authors[0]");
  });

  it("takes a folder whose files the sorted list splits (05/a.md, 05/m/b.md, 05/z.md) from the worker once, without waiting again", async () => {
    const files: Record<string, string> = {};
    for (const [i, file] of ["a", "m/b", "z"].entries())
      files[`content/articles/eng/2025/05/${file}.md`] = article({ title: `Split ${i}`, date: `2025-05-0${i + 1} 10:00` });
    const dir = makeSite(files);
    const alone = path.join(path.dirname(dir), `${path.basename(dir)}-alone`);
    cpSync(dir, alone, { recursive: true });
    const before = { ...parseAheadCounts };
    // The worker claims both folders (05 and 05/m) before the load starts: the load goes 05, 05/m, 05 again.
    const split = await load(dir, "all");
    assert.equal(parseAheadCounts.folders, before.folders + 2);
    assert.equal(parseAheadCounts.files, before.files + 3);
    assert.deepEqual(plain(split.content.articles), plain((await load(alone, false)).content.articles));
  });

  it("starts no worker when NEWSROOM_PARSE_AHEAD=0, and loads the same articles", async () => {
    const dir = fixture();
    const alone = path.join(path.dirname(dir), `${path.basename(dir)}-alone`);
    cpSync(dir, alone, { recursive: true });
    const before = parseAheadCounts.started;
    process.env.NEWSROOM_PARSE_AHEAD = "0";
    let off: Awaited<ReturnType<typeof load>>;
    try {
      off = await load(dir, true);
    } finally {
      delete process.env.NEWSROOM_PARSE_AHEAD;
    }
    assert.equal(parseAheadCounts.started, before);
    const on = await load(alone, true);
    assert.equal(parseAheadCounts.started, before + 1);
    assert.deepEqual(plain(off.content.articles), plain(on.content.articles));
    assert.deepEqual(off.problems, on.problems);
  });

  it("writes the parse cache a load alone writes: the next load takes every article from it and starts no worker", async () => {
    const dir = makeSite(
      Object.fromEntries(
        [1, 2, 3, 4].flatMap((month) =>
          [1, 2].map((day) => [
            `content/articles/eng/2025/0${month}/note-${day}.md`,
            article({ title: `Note ${month}.${day}`, date: `2025-0${month}-0${day} 09:00` }),
          ]),
        ),
      ),
    );
    const alone = path.join(path.dirname(dir), `${path.basename(dir)}-alone`);
    cpSync(dir, alone, { recursive: true });
    const before = { ...parseAheadCounts };
    const first = await load(dir, true);
    assert.equal(first.problems.length, 0);
    assert.ok(parseAheadCounts.files > before.files);
    await load(alone, false);
    const shared = cacheFiles(dir);
    const single = cacheFiles(alone);
    assert.deepEqual([...shared.keys()].sort(), [...single.keys()].sort());
    // The chunks hold each file's stat, which differ between the two copies: compared through a load of each.
    const again = await load(dir, true);
    assert.equal(parseAheadCounts.started, before.started + 1, "a load with a kept table starts no worker");
    // Every article a hit of the chunks written (kept by its stat): its body is read from its file on first use.
    const reads = lazyBodyCounts.read;
    for (const a of again.content.articles) assert.ok(a.body.length > 0);
    assert.equal(lazyBodyCounts.read, reads + again.content.articles.length);
    assert.deepEqual(plain(again.content.articles), plain(first.content.articles));
    const sizes = (files: Map<string, Buffer>) => [...files].map(([k, v]) => `${k} ${v.length}`).sort();
    assert.deepEqual(sizes(shared), sizes(single));
  });
});
