/**
 * The live folder's record as a base and a log of changes (src/pipeline/live-record.ts): a series
 * of publishes gives the same record through the log as compacted; a build killed at any point of
 * its commit (journal written, moves half-done, record not yet updated, journal not yet removed) is
 * finished by the next build; a log of another folder, of another version, torn or out of order is
 * not trusted (the next build swaps whole).
 */
import assert from "node:assert/strict";
import { appendFileSync, cpSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { deserialize } from "node:v8";
import { DateTime } from "luxon";
import { build } from "../../src/pipeline/build.ts";
import type { LinkedChange } from "../../src/pipeline/link-check.ts";
import { type Compaction, logFrame } from "../../src/pipeline/live-record.ts";
import {
  applyJournal,
  finishInterruptedCommit,
  JOURNAL_FILE,
  type LiveFiles,
  liveFiles,
  outputStateDir,
  planCommit,
  RECORD_FILE,
  RECORD_LOG_FILE,
} from "../../src/pipeline/output.ts";
import { assertSameSite, fullBuild } from "../helpers/full-build.ts";
import { article, filesUnder, makeSite } from "../helpers/site.ts";

const NOW = DateTime.fromISO("2025-04-06T06:00:00Z");

function fixture(): string {
  return makeSite({
    "content/articles/eng/2025/03/paris.md": article({ title: "Coalition meets in Paris", date: "2025-03-27 13:15" }),
    "content/articles/eng/2025/02/kyiv.md": article({ title: "Kyiv talks", date: "2025-02-10 09:00", tags: "[Ukraine, EU]" }),
  });
}

const inode = (file: string) => statSync(file).ino;

/** The record still describes the folder: every file at its size, each from the cache entry it is a link of. */
function assertRecordDescribes(dir: string, site: string): LiveFiles {
  const live = liveFiles(dir, site) ?? assert.fail("no trusted record");
  const files = filesUnder(site);
  assert.deepEqual([...live.keys()].sort(), [...files.keys()].sort());
  for (const [file, source] of live) {
    assert.equal(live.sizeOf(file), files.get(file)?.length, file);
    if (source !== "") assert.equal(inode(source), inode(path.join(site, file)), `${file} ← ${source}`);
  }
  assert.equal(
    live.bytes,
    [...files.values()].reduce((sum, b) => sum + b.length, 0),
  );
  return live;
}

/** A record as rows (file, cache entry below `dir`, size, linked), sorted: the same for two folders holding the same. */
function rows(live: LiveFiles, dir: string): string[] {
  const linked = new Set(live.linkedFiles() ?? []);
  const known = live.linked !== undefined;
  return [...live].map(([file, source]) => `${file} ${source.replace(dir, "<dir>")} ${live.sizeOf(file)} ${known ? linked.has(file) : "?"}`).sort();
}

/** Commits by hand so far, in this copy of the series: names each one's temporary folder and cache entries alike in every copy. */
let steps = 0;

interface Step {
  /** Files the build writes (each also taken into the cache, as rendered pages are): file → text. */
  write?: Record<string, string>;
  /** Cache entries placed anew: file → text. */
  place?: Record<string, string>;
  /** Live files no longer placed: deleted. */
  drop?: string[];
  linked?: readonly string[] | LinkedChange;
  /** The placed files the caller says may differ from the live ones (the link check's `differing`); else every one is compared. */
  differing?: string[];
}

/** A commit by hand: what a build would publish, from a temporary folder beside the site, up to its journal. */
function plan(dir: string, site: string, step: Step, compaction?: Compaction) {
  const tag = ++steps;
  const temp = `${site}.tmp-4194305-${1700000000000 + tag}`;
  const entries = path.join(dir, ".cache/test-entries");
  mkdirSync(entries, { recursive: true });
  const entry = (file: string, text: string) => {
    const at = path.join(entries, `${file.replaceAll("/", "_")}-${tag}`);
    writeFileSync(at, text);
    return at;
  };
  const placed = new Map<string, string>();
  for (const [file, source] of liveFiles(dir, site) ?? assert.fail("no record")) if (source && !step.drop?.includes(file)) placed.set(file, source);
  const written = new Map<string, string>();
  for (const [file, text] of Object.entries(step.write ?? {})) {
    const source = entry(file, text);
    mkdirSync(path.dirname(path.join(temp, file)), { recursive: true });
    linkSync(source, path.join(temp, file));
    written.set(file, source);
    placed.delete(file);
  }
  mkdirSync(temp, { recursive: true });
  for (const [file, text] of Object.entries(step.place ?? {})) placed.set(file, entry(file, text));
  return planCommit(dir, temp, site, placed, written, { linked: step.linked, compaction, differing: step.differing }) ?? assert.fail("no plan");
}

/** A commit by hand, carried out. */
function commit(dir: string, site: string, step: Step, compaction?: Compaction) {
  const { journal, stats } = plan(dir, site, step, compaction);
  applyJournal(outputStateDir(dir, site), site, journal);
  return { journal, stats };
}

const NEVER: Compaction = { fraction: Number.POSITIVE_INFINITY, entries: Number.POSITIVE_INFINITY };
const ALWAYS: Compaction = { fraction: 0, entries: 0 };

/** The log's entries, as its frames hold them (length, hash, payload). */
function logEntries(log: Buffer): Record<string, unknown>[] {
  const entries: Record<string, unknown>[] = [];
  for (let at = 0; at < log.length; at += 12 + log.readUInt32LE(at)) entries.push(deserialize(log.subarray(at + 12, at + 12 + log.readUInt32LE(at))));
  return entries;
}

describe("the live folder's record: a base and a log", { timeout: 300_000 }, () => {
  it("gives the same record through a growing log as compacted after every publish or every third", async () => {
    const copies = [
      { name: "log", compaction: NEVER, dir: fixture() },
      { name: "compacted", compaction: ALWAYS, dir: fixture() },
      { name: "every third", compaction: { fraction: Number.POSITIVE_INFINITY, entries: 2 }, dir: fixture() },
    ].map((copy) => ({ ...copy, site: path.join(copy.dir, "_site") }));
    for (const { dir, site } of copies) assert.equal((await build(dir, site, { now: NOW })).published.mode, "full");
    const series: Step[] = [
      // The build's own files without a cache entry (robots.txt …) go: nothing places them.
      {
        write: { "extra/one.txt": "one", "robots.txt": "changed" },
        place: { "cached/a.bin": "a" },
        linked: { added: ["extra/one.txt"], removed: [] },
      },
      {
        write: { "extra/two.txt": "two" },
        place: { "cached/a.bin": "a again", "cached/b.bin": "b" },
        linked: { added: ["cached/b.bin"], removed: [] },
      },
      // The linked files not known from here on, then known again from a whole list.
      { drop: ["extra/one.txt"], place: { "cached/c.bin": "c" }, linked: undefined },
      { write: { "extra/three.txt": "three" }, linked: ["extra/two.txt", "cached/a.bin", "eng/news/index.html"] },
      { drop: ["cached/b.bin"], place: { "cached/d.bin": "dddd" }, linked: { added: ["cached/d.bin"], removed: ["extra/two.txt"] } },
      // Nothing changes: nothing is written to the record.
      { linked: { added: [], removed: [] } },
      { write: { "extra/one.txt": "one is back", "extra/two.txt": "two, longer" }, linked: { added: ["extra/one.txt"], removed: [] } },
    ];
    for (const [n, step] of series.entries()) {
      const described: string[][] = [];
      for (const { name, compaction, dir, site } of copies) {
        steps = n * 10;
        const state = outputStateDir(dir, site);
        const logBefore = existsSync(path.join(state, RECORD_LOG_FILE)) ? statSync(path.join(state, RECORD_LOG_FILE)).size : 0;
        const before = liveFiles(dir, site) ?? assert.fail("no record");
        const { journal, stats } = commit(dir, site, step, compaction);
        const live = assertRecordDescribes(dir, site);
        assert.equal(stats.files, live.size, `${name}, step ${n + 1}`);
        assert.equal(stats.bytes, live.bytes, `${name}, step ${n + 1}`);
        assert.equal(stats.kept, before.size - stats.deleted - journal.moves.filter((file) => before.has(file)).length);
        // The files moved in are the record's last, in their order; newest first, the other way round.
        assert.deepEqual([...live.keys()].slice(live.size - journal.moves.length), journal.moves);
        assert.deepEqual([...live.newestFirst()], [...live.keys()].reverse());
        const log = existsSync(path.join(state, RECORD_LOG_FILE)) ? readFileSync(path.join(state, RECORD_LOG_FILE)) : Buffer.alloc(0);
        if (n === 5) {
          assert.equal(journal.record?.kind, "same");
          assert.equal(log.length, logBefore, `${name}: nothing changed, nothing written`);
        } else if (name === "log") {
          assert.equal(journal.record?.kind, "log");
          assert.ok(log.length > logBefore, "the log grows");
          assert.deepEqual(
            logEntries(log).map((e) => e.seq),
            Array.from({ length: n < 5 ? n + 1 : n }, (_, i) => i + 1),
          );
        } else if (name === "compacted") {
          assert.equal(journal.record?.kind, "base");
          assert.deepEqual(readdirSync(state).sort(), [RECORD_FILE]);
        } else {
          // Two entries, then a new base with the third.
          const seq = n < 5 ? n : n - 1;
          assert.equal(journal.record?.kind, seq % 3 === 2 ? "base" : "log", `step ${n + 1}`);
          assert.equal(logEntries(log).length, seq % 3 === 2 ? 0 : (seq % 3) + 1);
        }
        described.push(rows(live, dir));
      }
      assert.deepEqual(described[1], described[0], `step ${n + 1}: compacted as through the log`);
      assert.deepEqual(described[2], described[0], `step ${n + 1}: every third compacted as through the log`);
    }
    // The linked files as the steps left them: a whole list (step 4), changed (5, 7).
    const live = liveFiles(copies[0]?.dir as string, copies[0]?.site as string) ?? assert.fail("no record");
    assert.deepEqual((live.linkedFiles() ?? []).sort(), ["cached/a.bin", "cached/d.bin", "eng/news/index.html", "extra/one.txt"]);
    // A real build over each: incremental from the record, and the site a full build makes.
    const expected = await fullBuild(copies[0]?.dir as string, NOW);
    for (const { dir, site } of copies) {
      assert.equal((await build(dir, site, { now: NOW })).published.mode, "incremental");
      assertRecordDescribes(dir, site);
      assertSameSite(filesUnder(site), expected);
    }
  });

  it("moves in the same files and records the same when told which placed files may differ (the link check's list, with those placed after it)", async () => {
    const copies = [fixture(), fixture()].map((dir) => ({ dir, site: path.join(dir, "_site") }));
    for (const { dir, site } of copies) await build(dir, site, { now: NOW });
    const [every, told] = copies as [{ dir: string; site: string }, { dir: string; site: string }];
    const step: Step = { write: { "extra/one.txt": "one" }, place: { "cached/a.bin": "a", "cached/b.bin": "b" }, linked: { added: [], removed: [] } };
    steps = 100;
    const all = commit(every.dir, every.site, step);
    steps = 100;
    // A placed file the live site holds, one it does not (named twice: placed again after the check), and one new.
    const held =
      [...(liveFiles(told.dir, told.site) ?? assert.fail("no record"))].find(([, source]) => source !== "")?.[0] ?? assert.fail("no placed file");
    const listed = commit(told.dir, told.site, { ...step, differing: [held, "cached/a.bin", "cached/b.bin", "cached/a.bin"] });
    assert.deepEqual(listed.journal.moves, all.journal.moves);
    assert.deepEqual(listed.stats, all.stats);
    assert.deepEqual(rows(assertRecordDescribes(told.dir, told.site), told.dir), rows(assertRecordDescribes(every.dir, every.site), every.dir));
  });

  for (const [kind, stops] of [
    ["log", [0, 1, "record", "journal"]],
    ["base", [1, "record", "journal"]],
  ] as const)
    for (const stop of stops)
      it(`finishes at the next build a commit killed ${typeof stop === "number" ? `after ${stop} moves` : stop === "record" ? "after its moves, before the record" : "after the record, before removing its journal"} (the record's ${kind === "log" ? "log entry" : "new base"})`, async () => {
        const dir = fixture();
        const site = path.join(dir, "_site");
        await build(dir, site, { now: NOW });
        const state = outputStateDir(dir, site);
        // One entry in the log already, so a new base replaces a log.
        commit(dir, site, { write: { "extra/first.txt": "first" }, linked: { added: [], removed: [] } }, NEVER);
        const logBefore = readFileSync(path.join(state, RECORD_LOG_FILE));
        const step: Step = { write: { "extra/a.txt": "a", "extra/b.txt": "b" }, place: { "cached/x.bin": "x" }, drop: ["extra/first.txt"] };
        const { journal, stats } = plan(dir, site, step, kind === "log" ? NEVER : ALWAYS);
        assert.equal(journal.record?.kind, kind);
        applyJournal(state, site, journal, stop);
        assert.ok(existsSync(path.join(state, JOURNAL_FILE)), "the journal is left");
        if (kind === "log" && stop === "record") {
          // Killed while appending: a torn frame after the log's entries.
          appendFileSync(path.join(state, RECORD_LOG_FILE), Buffer.from([200, 1, 0, 0, 7, 7]));
        }
        if (kind === "log" && stop === "journal") assert.ok(readFileSync(path.join(state, RECORD_LOG_FILE)).length > logBefore.length);
        assert.equal(finishInterruptedCommit(dir, site), true);
        assert.equal(existsSync(path.join(state, JOURNAL_FILE)), false);
        assert.equal(existsSync(journal.temp), false);
        const live = assertRecordDescribes(dir, site);
        assert.equal(live.size, stats.files);
        assert.equal(readFileSync(path.join(site, "extra/b.txt"), "utf8"), "b");
        assert.equal(existsSync(path.join(site, "extra/first.txt")), false);
        assert.deepEqual(readdirSync(state).sort(), kind === "log" ? [RECORD_LOG_FILE, RECORD_FILE].sort() : [RECORD_FILE]);
        if (kind === "log") assert.equal(logEntries(readFileSync(path.join(state, RECORD_LOG_FILE))).length, 2);
        // Finishing again changes nothing; the next build publishes from the record.
        assert.equal(finishInterruptedCommit(dir, site), false);
        assert.equal((await build(dir, site, { now: NOW })).published.mode, "incremental");
        assertSameSite(filesUnder(site), await fullBuild(dir, NOW));
      });

  it("does not trust a log of another folder, of another version, torn or out of order: the next build swaps whole", async () => {
    const a = fixture();
    const b = fixture();
    const siteA = path.join(a, "_site");
    const siteB = path.join(b, "_site");
    await build(a, siteA, { now: NOW });
    await build(b, siteB, { now: NOW });
    const stateB = outputStateDir(b, siteB);
    const logB = path.join(stateB, RECORD_LOG_FILE);
    const step: Step = { write: { "extra/a.txt": "a" }, linked: { added: [], removed: [] } };
    commit(a, siteA, step, NEVER);
    commit(b, siteB, step, NEVER);
    assert.ok(liveFiles(b, siteB));
    const own = readFileSync(logB);

    // Another folder's log (the same change, after another base).
    cpSync(path.join(outputStateDir(a, siteA), RECORD_LOG_FILE), logB);
    assert.equal(liveFiles(b, siteB), undefined);
    writeFileSync(logB, own);
    assert.ok(liveFiles(b, siteB));

    // An entry of another version.
    const [entry] = logEntries(own);
    writeFileSync(logB, logFrame({ ...entry, version: 3 }));
    assert.equal(liveFiles(b, siteB), undefined);
    // The same entry again: out of order.
    writeFileSync(logB, Buffer.concat([own, own]));
    assert.equal(liveFiles(b, siteB), undefined);
    // Torn: a frame cut short, or bytes that do not match their hash.
    writeFileSync(logB, own.subarray(0, own.length - 3));
    assert.equal(liveFiles(b, siteB), undefined);
    const flipped = Buffer.from(own);
    flipped.writeUInt8(flipped.readUInt8(flipped.length - 1) ^ 1, flipped.length - 1);
    writeFileSync(logB, flipped);
    assert.equal(liveFiles(b, siteB), undefined);

    // The next build swaps whole and records the folder anew: a base, no log; then incremental again.
    assert.equal((await build(b, siteB, { now: NOW })).published.mode, "full");
    assert.deepEqual(readdirSync(stateB), [RECORD_FILE]);
    assertRecordDescribes(b, siteB);
    assert.equal((await build(b, siteB, { now: NOW })).published.mode, "incremental");
    assert.ok(existsSync(logB), "an incremental build appends to the log");
    assertRecordDescribes(b, siteB);
  });
});
