// `npx tsx scripts/bench-record.ts [--files 237000] [--changed 565] [--runs 3]`: what the live folder's record
// (src/pipeline/live-record.ts) costs a publish at a given archive size (issue 19). Makes a record of `--files` files
// shaped like the bench site's (pages, images and search files from the caches, 54% of them linked to) in a
// temporary folder on disk, then prints, per run: a +1 publish's log entry (`--changed` files moved in, 10
// deleted) appended and fsynced; reading the record (base and log) as a build does; comparing every file with
// its cache entry (the publish's and the link check's `holds`); and a compaction (the whole record written and
// fsynced, which the record before issue 19's fifth round did on every publish).
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { appendLog, changeFrame, LiveFiles, linkedChangeOf, RECORD_FILE, readRecord, writeBase } from "../src/pipeline/live-record.ts";

const { values } = parseArgs({
  options: {
    files: { type: "string", default: "237000" },
    changed: { type: "string", default: "565" },
    runs: { type: "string", default: "3" },
  },
});
const whole = (name: string, value: string | undefined) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: expected a positive whole number, received "${value}"`);
  return n;
};
const files = whole("files", values.files);
const changed = Math.min(whole("changed", values.changed), files);
const runs = whole("runs", values.runs);

const work = mkdtempSync(path.join(process.env.TMPDIR ?? tmpdir(), "bench-record-"));
const output = path.join(work, "_site");
const state = path.join(work, "state");
mkdirSync(output);
const hex = (i: number, salt: number) => ((i * 2654435761 + salt) >>> 0).toString(16).padStart(8, "0");
/** File i: an article's page, a list page, an image or a search file, each from its cache. */
function entry(i: number, salt = 0): [string, string, number] {
  const kind = i % 8;
  const day = `${2020 + (i % 6)}/${String(1 + (i % 12)).padStart(2, "0")}/${String(1 + (i % 28)).padStart(2, "0")}`;
  if (kind < 4)
    return [`eng/news/${day}/article-${i}/index.html`, `${work}/.cache/pages/site/${hex(i, salt).slice(0, 2)}/${hex(i, salt)}${hex(i, 7)}`, 9000];
  if (kind < 6)
    return [`eng/tags/tag-${i % 300}/page/${i}/index.html`, `${work}/.cache/pages/site/${hex(i, salt).slice(0, 2)}/${hex(i, salt)}`, 5000];
  if (kind < 7) return [`images/${hex(i, 3)}-card.jpg`, `${work}/.cache/images/${hex(i, 3)}-card.jpg`, 25000];
  return [
    `pagefind/eng-${day.slice(0, 7).replace("/", "-")}/fragment/en_${hex(i, salt)}.pf_fragment`,
    `${work}/.cache/search/${hex(i % 500, salt)}/en_${hex(i, salt)}`,
    200,
  ];
}
const all = Array.from({ length: files }, (_, i) => entry(i));
const ms = (since: number) => `${(performance.now() - since).toFixed(1)} ms`;
console.log(`bench:record: ${files} files, ${changed} changed a publish, on ${work}`);
try {
  for (let run = 1; run <= runs; run++) {
    rmSync(state, { recursive: true, force: true });
    let at = performance.now();
    const linked = all.filter((_, i) => i % 8 < 4 || i % 13 === 0).map(([file]) => file);
    writeBase(state, output, LiveFiles.of(all, linked));
    const compaction = `${ms(at)} (${(statSync(path.join(state, RECORD_FILE)).size / 1e6).toFixed(1)} MB)`;
    at = performance.now();
    let live = readRecord(state, output);
    if (!live?.stored) throw new Error("the record just written was not trusted");
    const read = ms(at);
    at = performance.now();
    let same = 0;
    for (const [file, source] of all) if (live.holds(file, source)) same++;
    const holds = ms(at);
    // A +1 publish: `changed` files moved in from new cache entries, 10 deleted, one page newly linked to.
    const moved = Array.from({ length: changed }, (_, k) => entry((k * 409) % files, run));
    const deletes = Array.from({ length: 10 }, (_, k) => (all[(k * 7919 + 13) % files] as [string, string, number])[0]);
    at = performance.now();
    const frame = changeFrame(live.stored.id, 1, {
      files: moved.map(([file]) => file),
      sources: moved.map(([, source]) => source),
      sizes: moved.map(([, , size]) => size),
      deletes,
      linked: linkedChangeOf(live, { added: [(moved[0] as [string, string, number])[0]], removed: deletes }),
    });
    appendLog(state, live.stored.logBytes, frame);
    const append = `${ms(at)} (${(frame.length / 1e3).toFixed(0)} KB)`;
    at = performance.now();
    live = readRecord(state, output);
    if (!live) throw new Error("the record with its log was not trusted");
    const readLog = ms(at);
    console.log(
      `run ${run}: publish's log entry ${append}; read base ${read}, base + log ${readLog}; holds × ${files} ${holds} (${same} same); compaction ${compaction}`,
    );
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
