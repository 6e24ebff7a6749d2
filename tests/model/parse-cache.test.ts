/**
 * Parsed articles cached by content (src/model/parse-cache.ts): a second load takes every
 * unchanged article from the cache and gets the same articles a fresh parse gives; a changed file,
 * config or author list is parsed again; the clock check is made again on every hit. With lazy
 * bodies, a file the table knows by its stat is not read at load: its body is read on first use,
 * and a file changed or removed since fails that read, naming the file.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { deserialize, serialize } from "node:v8";
import { DateTime } from "luxon";
import { bodyFacts, factsOfBody } from "../../src/content/body-facts.ts";
import { ContentError } from "../../src/errors/content-error.ts";
import { collectContent } from "../../src/model/load.ts";
import { PARSE_CACHE_DIR, RACY_MS } from "../../src/model/parse-cache.ts";
import { article, makeSite } from "../helpers/site.ts";

const NOW = DateTime.fromISO("2025-04-06T06:00:00Z");

function fixture(): string {
  return makeSite({
    "content/articles/eng/2025/03/paris.md": article(
      { title: "Coalition meets in Paris", date: "2025-03-27 13:15", updated: "2025-03-27T15:40+02:00" },
      "The lead.\n\n**Details:** more.\n",
    ),
    "content/articles/eng/2025/03/corrected.md": `---\ntitle: Corrected\ndate: 2025-03-28 09:00\nauthors: [ulyana-krychkovska]\ntags: [Ukraine]\ncorrections:\n  - date: 2025-03-29 10:00\n    text: A name was misspelt.\n---\nText.\n`,
    "content/articles/uk/2025/03/brief.md": article({ title: "Бриф", date: "2025-03-30 08:00", summary: "Лише підсумок." }, ""),
    "content/articles/eng/2025/03/windows.md": article({ title: "Windows", date: "2025-03-30 08:00" }).replace(/\n/g, "\r\n"),
  });
}

/** Articles as plain data, dates with their zone, to compare a cached load with a fresh one. */
function plain(value: unknown): unknown {
  if (DateTime.isDateTime(value)) return `${value.toISO()} ${value.zoneName} ${value.locale}`;
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

const load = async (dir: string, now = NOW) => collectContent(dir, now);
/** A build's load: lazy bodies, and the files the test just wrote taken as settled (older than RACY_MS). */
const settled = async (dir: string, now = NOW) => collectContent(dir, now, undefined, { lazyBodies: true, startedAt: Date.now() + 10 * RACY_MS });
/** A build's load right after the files were written: every file is racy. */
const racy = async (dir: string) => collectContent(dir, NOW, undefined, { lazyBodies: true, startedAt: Date.now() });

/** The table's folder: the one of the one parse environment there is. */
const table = (dir: string) => {
  const folder = path.join(dir, PARSE_CACHE_DIR);
  const names = readdirSync(folder);
  assert.equal(names.length, 1, names.join(" "));
  return path.join(folder, names[0] as string);
};

/** A chunk as stored: columns, one entry per article (src/model/parse-cache.ts `Chunk`). */
interface RawChunk {
  format: number;
  dir: string;
  shapes: string[][];
  names: string;
  hashes: string;
  stats: Float64Array;
  shape: Uint16Array;
  values: unknown[];
}

interface Entry {
  a: Record<string, unknown>;
  h: string;
  t?: number[];
}

/** A chunk read back: each kept file's article fields, hash and stat, by file name. */
interface Chunk {
  dir: string;
  files: Record<string, Entry>;
  raw: RawChunk;
}

/** Each kept file's name, with where its values start in `values` and its shape's field names. */
function entries(raw: RawChunk): { name: string; start: number; keys: string[]; i: number }[] {
  const names = raw.names.split("\0").slice(0, -1);
  let start = 0;
  return names.map((name, i) => {
    const keys = raw.shapes[raw.shape[i] as number] as string[];
    const entry = { name, start, keys, i };
    start += keys.length;
    return entry;
  });
}

function decode(raw: RawChunk): Chunk {
  const files: Record<string, Entry> = {};
  for (const { name, start, keys, i } of entries(raw)) {
    const t = Array.from(raw.stats.subarray(4 * i, 4 * i + 4));
    files[name] = {
      a: Object.fromEntries(keys.map((k, j) => [k, raw.values[start + j]])),
      h: raw.hashes.slice(32 * i, 32 * (i + 1)),
      ...(t[0] === -1 ? {} : { t }),
    };
  }
  return { dir: raw.dir, files, raw };
}

/** Sets one field of a kept article in a stored chunk. */
function setField(raw: RawChunk, name: string, field: string, value: unknown): void {
  const entry = entries(raw).find((e) => e.name === name);
  assert.ok(entry, `${name} is kept`);
  const index = entry.keys.indexOf(field);
  assert.ok(index >= 0, field);
  raw.values[entry.start + index] = value;
}

/** The table's chunks, by the folder each holds. */
const chunks = (dir: string): Map<string, { file: string; chunk: Chunk }> => {
  const folder = table(dir);
  return new Map(
    readdirSync(folder).map((name) => {
      const chunk = decode(deserialize(readFileSync(path.join(folder, name))) as RawChunk);
      return [chunk.dir, { file: path.join(folder, name), chunk }];
    }),
  );
};

const PARIS = "content/articles/eng/2025/03/paris.md";

/** Changes a kept article's title in the table only: a load that shows it took the article from the cache. */
function markInTable(dir: string, file = PARIS, title = "From the cache"): void {
  const { file: chunkFile, chunk } = chunks(dir).get(path.dirname(file)) as { file: string; chunk: Chunk };
  setField(chunk.raw, path.basename(file), "title", title);
  writeFileSync(chunkFile, serialize(chunk.raw));
}

const titleOf = (loaded: Awaited<ReturnType<typeof load>>, file = PARIS) => loaded.content.articles.find((a) => a.file === file)?.title;

describe("parse cache", () => {
  it("gives the articles a fresh parse gives, dates, zones, bodies and briefs included", async () => {
    const dir = fixture();
    const cold = await load(dir);
    assert.deepEqual(cold.problems, []);
    const warm = await load(dir);
    assert.deepEqual(plain(warm.content.articles), plain(cold.content.articles));
    // In the same field order too: pages' cache keys hash an article's fields in order.
    assert.deepEqual(
      warm.content.articles.map((a) => Object.keys(a)),
      cold.content.articles.map((a) => Object.keys(a)),
    );
    // Three of the four are kept: the file with Windows line endings is parsed every time.
    const kept = [...chunks(dir).values()].flatMap(({ chunk }) => Object.keys(chunk.files).map((name) => `${chunk.dir}/${name}`));
    assert.deepEqual(kept.sort(), [
      "content/articles/eng/2025/03/corrected.md",
      "content/articles/eng/2025/03/paris.md",
      "content/articles/uk/2025/03/brief.md",
    ]);
  });

  it("takes an unchanged file from the cache, and parses a changed one again", async () => {
    const dir = fixture();
    await load(dir);
    // A title changed in the cache only: the next load shows it, so it did not parse the file.
    markInTable(dir);
    const titles = async () => (await load(dir)).content.articles.map((a) => a.title).sort();
    assert.ok((await titles()).includes("From the cache"));
    writeFileSync(path.join(dir, PARIS), article({ title: "Edited in Paris", date: "2025-03-27 13:15" }));
    const now = await titles();
    assert.ok(now.includes("Edited in Paris") && !now.includes("From the cache"), now.join(", "));
  });

  it("starts a new table when the config or the authors change, and prunes the old one", async () => {
    const dir = fixture();
    await load(dir);
    const first = path.basename(table(dir));
    writeFileSync(path.join(dir, "content/authors/new-reporter.yaml"), "name: New Reporter\n");
    await load(dir);
    assert.notEqual(path.basename(table(dir)), first);
  });

  it("checks the clock again on every hit: a correction later than an earlier clock is reported, not taken from the cache", async () => {
    const dir = fixture();
    await load(dir);
    const early = await load(dir, DateTime.fromISO("2025-03-29T06:00:00Z"));
    const problem = early.problems.find((p) => p.file.endsWith("corrected.md"));
    assert.match(problem?.message ?? "", /not later than the build's clock/);
    assert.equal(problem?.field, "corrections[0].date");
  });

  it("works without its folder, and a broken table is parsed over", async () => {
    const dir = fixture();
    await load(dir);
    for (const { file } of chunks(dir).values()) writeFileSync(file, "not a chunk");
    assert.equal((await load(dir)).content.articles.length, 4);
    rmSync(path.join(dir, PARSE_CACHE_DIR), { recursive: true });
    assert.equal((await load(dir)).content.articles.length, 4);
  });

  it("gives lazy bodies equal to the read ones, in the same field order, frozen", async () => {
    const dir = fixture();
    const eager = await load(dir);
    await settled(dir);
    const lazy = await settled(dir);
    assert.deepEqual(lazy.problems, []);
    assert.deepEqual(plain(lazy.content.articles), plain(eager.content.articles));
    assert.deepEqual(
      lazy.content.articles.map((a) => Object.keys(a)),
      eager.content.articles.map((a) => Object.keys(a)),
    );
    for (const a of lazy.content.articles) {
      assert.ok(Object.isFrozen(a) && Object.isFrozen(a.tags), a.file);
      assert.throws(() => {
        (a as { body: string }).body = "written";
      }, TypeError);
    }
  });

  it("reads no unchanged file at a build's load: a file removed or edited since fails its body's read, naming it", async () => {
    const dir = fixture();
    await settled(dir);
    const { content } = await settled(dir);
    const paris = content.articles.find((a) => a.file === PARIS);
    const corrected = content.articles.find((a) => a.file.endsWith("corrected.md"));
    rmSync(path.join(dir, PARIS));
    writeFileSync(path.join(dir, "content/articles/eng/2025/03/corrected.md"), article({ title: "Edited meanwhile", date: "2025-03-28 09:00" }));
    const failure = (file: string, received: string) => (error: unknown) => {
      assert.ok(error instanceof ContentError);
      assert.equal(
        error.message.split("\n")[0],
        `${file}:1  expected the file as this build loaded it, received ${received} while the build ran; build again`,
      );
      return true;
    };
    assert.throws(() => paris?.body, failure(PARIS, "no file (it was removed)"));
    assert.throws(() => corrected?.body, failure("content/articles/eng/2025/03/corrected.md", "other bytes (it was edited)"));
    // The brief has no body to read.
    assert.equal(content.articles.find((a) => a.file.endsWith("brief.md"))?.body, "");
  });

  it("takes the stats from a thread ahead of the load as from its own: a file kept is not read, an edited one is parsed again, a removed one fails its body's read", async () => {
    const dir = fixture();
    const ahead = async () => collectContent(dir, NOW, undefined, { lazyBodies: true, startedAt: Date.now() + 10 * RACY_MS, statAheadFrom: 1 });
    // A load that reads every file (their stats racy, not kept), then one that keeps their stats from the thread.
    const fresh = await load(dir);
    assert.deepEqual(plain((await ahead()).content.articles), plain(fresh.content.articles));
    markInTable(dir);
    writeFileSync(path.join(dir, "content/articles/eng/2025/03/corrected.md"), article({ title: "Edited since", date: "2025-03-28 09:00" }));
    const { content } = await ahead();
    assert.equal(titleOf({ content } as Awaited<ReturnType<typeof load>>), "From the cache");
    assert.equal(content.articles.find((a) => a.file.endsWith("corrected.md"))?.title, "Edited since");
    rmSync(path.join(dir, PARIS));
    assert.throws(() => content.articles.find((a) => a.file === PARIS)?.body, ContentError);
  });

  it("takes a touched file (a fresh clone's new times) from the cache by its hash, without parsing it", async () => {
    const dir = fixture();
    await settled(dir);
    markInTable(dir);
    // Any time before the load, as a checkout gives (a time after it would be racy).
    const checkout = new Date("2026-01-01T00:00:00Z");
    utimesSync(path.join(dir, PARIS), checkout, checkout);
    const loaded = await settled(dir);
    assert.equal(titleOf(loaded), "From the cache");
    // Its new stat is kept: the next load needs no read (removing the file shows it).
    await settled(dir);
    const next = await settled(dir);
    rmSync(path.join(dir, PARIS));
    assert.throws(() => next.content.articles.find((a) => a.file === PARIS)?.body, ContentError);
  });

  it("parses again a file edited to the same size with its mtime put back (its ctime moved)", async () => {
    const dir = fixture();
    const file = path.join(dir, PARIS);
    // A whole second, as tools that put an mtime back (rsync, tar) can give exactly.
    utimesSync(file, 1_700_000_000, 1_700_000_000);
    await settled(dir);
    markInTable(dir);
    assert.equal(titleOf(await settled(dir)), "From the cache");
    const before = statSync(file);
    const text = readFileSync(file, "utf8");
    const edited = text.replace("Coalition meets in Paris", "Coalition meets in Rome!");
    assert.equal(Buffer.byteLength(edited), before.size);
    writeFileSync(file, edited);
    utimesSync(file, 1_700_000_000, 1_700_000_000);
    assert.equal(statSync(file).mtimeMs, before.mtimeMs);
    assert.equal(statSync(file).size, before.size);
    assert.equal(titleOf(await settled(dir)), "Coalition meets in Rome!");
  });

  it("keeps no stat of a racy file (changed within RACY_MS of its load): the next load reads and hashes it anyway", async () => {
    const dir = fixture();
    await racy(dir);
    for (const { chunk } of chunks(dir).values()) for (const [name, entry] of Object.entries(chunk.files)) assert.equal(entry.t, undefined, name);
    // Settled now, but kept without a stat: read at load (its body is there after the file is gone), and its stat kept for the next.
    const loaded = await settled(dir);
    rmSync(path.join(dir, PARIS));
    assert.match(loaded.content.articles.find((a) => a.file === PARIS)?.body ?? "", /^The lead\./);
    const kept = chunks(dir).get(path.dirname(PARIS))?.chunk.files["paris.md"];
    assert.equal(kept?.t?.length, 4);
  });

  it("rewrites only the chunk of the folder that changed, drops a removed file, and prunes an emptied folder's chunk", async () => {
    const dir = fixture();
    await settled(dir);
    const uk = chunks(dir).get("content/articles/uk/2025/03")?.file as string;
    const ukInode = statSync(uk).ino;
    writeFileSync(path.join(dir, "content/articles/eng/2025/03/new.md"), article({ title: "New", date: "2025-03-31 08:00" }));
    await settled(dir);
    assert.equal(statSync(uk).ino, ukInode, "the uk chunk was not rewritten");
    assert.deepEqual(Object.keys(chunks(dir).get(path.dirname(PARIS))?.chunk.files ?? {}).sort(), ["corrected.md", "new.md", "paris.md"]);
    rmSync(path.join(dir, PARIS));
    rmSync(path.join(dir, "content/articles/uk/2025/03/brief.md"));
    const loaded = await settled(dir);
    assert.equal(titleOf(loaded), undefined);
    assert.deepEqual([...chunks(dir).keys()], [path.dirname(PARIS)]);
    assert.deepEqual(Object.keys(chunks(dir).get(path.dirname(PARIS))?.chunk.files ?? {}).sort(), ["corrected.md", "new.md"]);
  });

  it("writes a changed chunk's kept rows with their shapes numbered anew: a file removed before them leaves their fields as they were", async () => {
    const dir = fixture();
    const first = "content/articles/eng/2025/03/aaa.md";
    const corrected = "content/articles/eng/2025/03/corrected.md";
    // First in its folder, of a shape of its own (a summary): the shapes of the rows after it are numbered from 1.
    writeFileSync(path.join(dir, first), article({ title: "First", date: "2025-03-26 08:00", summary: "A summary." }));
    await settled(dir);
    const before = chunks(dir).get(path.dirname(PARIS))?.chunk;
    assert.equal(before?.raw.shapes.length, 3);
    rmSync(path.join(dir, first));
    await settled(dir);
    const after = chunks(dir).get(path.dirname(PARIS))?.chunk;
    assert.equal(after?.raw.shapes.length, 2);
    for (const name of ["corrected.md", "paris.md"]) assert.deepEqual(after?.files[name]?.a, before?.files[name]?.a, name);
    // Taken from the cache (its title marked there), with the fields of a fresh parse.
    markInTable(dir, corrected, "Corrected, from the cache");
    const cached = (await settled(dir)).content.articles.find((a) => a.file === corrected);
    assert.equal(cached?.title, "Corrected, from the cache");
    rmSync(path.join(dir, PARSE_CACHE_DIR), { recursive: true });
    const parsed = (await load(dir)).content.articles.find((a) => a.file === corrected);
    assert.deepEqual(plain({ ...cached, title: "" }), plain({ ...parsed, title: "" }));
  });

  it("keeps each body's facts with its own article when a chunk is written anew with its articles numbered otherwise", async () => {
    const dir = fixture();
    const folder = "content/articles/eng/2025/03";
    writeFileSync(path.join(dir, folder, "aaa.md"), article({ title: "First", date: "2025-03-26 08:00" }, "Text.\n\n![One](./one.jpg)\n"));
    writeFileSync(
      path.join(dir, folder, "bbb.md"),
      article({ title: "Second", date: "2025-03-26 09:00" }, "See [this](../x/).\n\n![Two](./two.jpg)\n"),
    );
    await settled(dir);
    // The first goes: every article after it is numbered one less in the chunk written anew.
    rmSync(path.join(dir, folder, "aaa.md"));
    await settled(dir);
    const loaded = await settled(dir);
    for (const a of loaded.content.articles) {
      const facts = factsOfBody(a);
      assert.deepEqual({ ...facts, images: [...facts.images] }, bodyFacts(a.body, a.bodyStartLine), a.file);
    }
    const second = loaded.content.articles.find((a) => a.file === `${folder}/bbb.md`);
    assert.deepEqual(second && factsOfBody(second).images, [{ src: "./two.jpg", alt: "Two", line: 9 }]);
  });

  it("parses over a chunk whose columns do not match its names (a chunk cut short), rather than take a stat or a field from another article", async () => {
    const dir = fixture();
    await settled(dir);
    markInTable(dir);
    const { file: chunkFile, chunk } = chunks(dir).get(path.dirname(PARIS)) as { file: string; chunk: Chunk };
    writeFileSync(chunkFile, serialize({ ...chunk.raw, stats: chunk.raw.stats.subarray(0, 4) }));
    assert.equal(titleOf(await settled(dir)), "Coalition meets in Paris");
  });

  it("parses over a chunk whose values do not fit its shapes, or whose shapes are not lists of names, rather than give an article another's fields or fail the load", async () => {
    const dir = fixture();
    await settled(dir);
    markInTable(dir);
    const { file: chunkFile, chunk } = chunks(dir).get(path.dirname(PARIS)) as { file: string; chunk: Chunk };
    // One value short: every article after the first would read its neighbour's fields.
    writeFileSync(chunkFile, serialize({ ...chunk.raw, values: chunk.raw.values.slice(1) }));
    assert.equal(titleOf(await settled(dir)), "Coalition meets in Paris");
    markInTable(dir);
    const again = chunks(dir).get(path.dirname(PARIS)) as { file: string; chunk: Chunk };
    // An article naming a shape the chunk does not have.
    writeFileSync(again.file, serialize({ ...again.chunk.raw, shape: again.chunk.raw.shape.map(() => 999) }));
    assert.equal(titleOf(await settled(dir)), "Coalition meets in Paris");
    markInTable(dir);
    const third = chunks(dir).get(path.dirname(PARIS)) as { file: string; chunk: Chunk };
    // A shape that is no list of names.
    writeFileSync(third.file, serialize({ ...third.chunk.raw, shapes: third.chunk.raw.shapes.map(() => 7) }));
    const loaded = await settled(dir);
    assert.deepEqual(loaded.problems, []);
    assert.equal(titleOf(loaded), "Coalition meets in Paris");
  });

  it("parses over a table of an older format, and replaces it", async () => {
    const dir = fixture();
    await settled(dir);
    const folder = table(dir);
    // The format before chunks: one file of articles by hash, here where the folder is, and one under another environment's name.
    const old = JSON.stringify({ "0123456789abcdef0123456789abcdef": { a: { title: "From the old table" }, o: 0, s: "paris" } });
    rmSync(folder, { recursive: true });
    writeFileSync(folder, old);
    writeFileSync(path.join(dir, PARSE_CACHE_DIR, "7e38db74059c24cd52d7453b82e8e835"), old);
    const loaded = await settled(dir);
    assert.deepEqual(loaded.problems, []);
    assert.equal(titleOf(loaded), "Coalition meets in Paris");
    assert.equal(path.basename(table(dir)), path.basename(folder));
    assert.ok(statSync(folder).isDirectory());
    // A chunk of another format in the folder is parsed over too.
    const { file: chunkFile, chunk } = chunks(dir).get(path.dirname(PARIS)) as { file: string; chunk: Chunk };
    setField(chunk.raw, "paris.md", "title", "From an old chunk");
    writeFileSync(chunkFile, serialize({ ...chunk.raw, format: 2 }));
    assert.equal(titleOf(await settled(dir)), "Coalition meets in Paris");
    // And a chunk of the JSON format before this one.
    writeFileSync(chunkFile, JSON.stringify({ ...chunk.raw, format: 4 }));
    assert.equal(titleOf(await settled(dir)), "Coalition meets in Paris");
  });

  it("keeps the slug a file name gives when the front matter gives another: a URL clash names the right field of a cached article", async () => {
    const dir = fixture();
    const zeta = "content/articles/eng/2025/03/zeta.md";
    writeFileSync(path.join(dir, zeta), article({ title: "Zeta", date: "2025-03-30 08:00", slug: "alpha-story" }));
    await settled(dir);
    assert.equal(chunks(dir).get(path.dirname(zeta))?.chunk.files["zeta.md"]?.a.slug, "alpha-story");
    // A new file first in file order takes the URL: the cached one is the one reported, at its slug field.
    writeFileSync(path.join(dir, "content/articles/eng/2025/03/alpha-story.md"), article({ title: "Alpha", date: "2025-03-30 09:00" }));
    const { problems } = await settled(dir);
    const clash = problems.find((p) => p.file === zeta);
    assert.equal(clash?.field, "slug");
    assert.equal(clash?.line, readFileSync(path.join(dir, zeta), "utf8").split("\n").indexOf("slug: alpha-story") + 1);
    assert.match(
      clash?.message ?? "",
      /^gives the URL \/eng\/news\/2025\/03\/30\/alpha-story\/, which content\/articles\/eng\/2025\/03\/alpha-story\.md already has/,
    );
  });

  it("reads every body at load unless told not to: the preview keeps articles while editors edit", async () => {
    const dir = fixture();
    await settled(dir);
    await settled(dir);
    const { content } = await collectContent(dir, NOW, undefined, { startedAt: Date.now() + 10 * RACY_MS });
    rmSync(path.join(dir, PARIS));
    assert.match(content.articles.find((a) => a.file === PARIS)?.body ?? "", /^The lead\./);
  });
});
