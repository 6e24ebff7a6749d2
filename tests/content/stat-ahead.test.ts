/**
 * The stats of article files taken on another thread ahead of the load (src/content/stat-ahead.ts):
 * the same numbers `statSync` gives, whoever took them; a file gone fails as `statSync` fails.
 */
import assert from "node:assert/strict";
import { mkdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { StatAhead } from "../../src/content/stat-ahead.ts";
import { tempDir } from "../helpers/site.ts";

const dir = tempDir("stat-ahead-");
const base = `${dir}${path.sep}`;
const files = Array.from({ length: 3000 }, (_, i) => `a/${String(i % 7)}/file-${i}.md`);
for (let i = 0; i < 7; i++) mkdirSync(path.join(dir, "a", String(i)), { recursive: true });
for (const [i, file] of files.entries()) writeFileSync(base + file, "x".repeat(i % 50));

// The worker does not keep the process alive (a build exits without waiting for it): the test does while it waits.
const settled = async (ahead: StatAhead) => {
  const alive = setInterval(() => undefined, 1000);
  await ahead.finished;
  clearInterval(alive);
};

const same = (ahead: StatAhead, i: number) => {
  const got = ahead.of(i);
  const want = statSync(base + (files[i] as string));
  assert.deepEqual([got.size, got.mtimeMs, got.ctimeMs, got.ino], [want.size, want.mtimeMs, want.ctimeMs, want.ino], files[i]);
};

describe("StatAhead", () => {
  it("gives the worker's stats, each the one statSync gives, once the worker is done", async () => {
    const ahead = new StatAhead(base, files, 1);
    await settled(ahead);
    for (let i = 0; i < files.length; i++) same(ahead, i);
    assert.equal(ahead.counts.worker, files.length);
    assert.equal(ahead.counts.here, 0);
    ahead.close();
  });

  it("takes the stats it has no worker's stat for itself, at once, and they are right too", () => {
    const ahead = new StatAhead(base, files, 1);
    for (let i = 0; i < files.length; i++) same(ahead, i);
    assert.equal(ahead.counts.worker + ahead.counts.here, files.length);
    ahead.close();
  });

  it("starts no worker below its threshold", async () => {
    const ahead = new StatAhead(base, files.slice(0, 10));
    await settled(ahead);
    for (let i = 0; i < 10; i++) same(ahead, i);
    assert.deepEqual(ahead.counts, { worker: 0, here: 10 });
  });

  it("fails on a file that is gone as statSync does, whether the worker met it or not", async () => {
    const gone = [...files.slice(0, 5), "a/0/never-written.md", ...files.slice(5, 2000)];
    const ahead = new StatAhead(base, gone, 1);
    await settled(ahead);
    same(ahead, 0);
    assert.throws(() => ahead.of(5), { code: "ENOENT" });
    assert.equal(ahead.of(6).size, statSync(base + (gone[6] as string)).size);
    ahead.close();
  });

  it("keeps each stat with its own file when a file name holds a newline", async () => {
    mkdirSync(path.join(dir, "odd"), { recursive: true });
    const odd = ["odd/one\nname.md", ...files.slice(0, 50)];
    writeFileSync(base + (odd[0] as string), "0123456789");
    const ahead = new StatAhead(base, odd, 1);
    await settled(ahead);
    assert.equal(ahead.of(0).size, 10);
    for (let i = 1; i < odd.length; i++) assert.equal(ahead.of(i).ino, statSync(base + (odd[i] as string)).ino, odd[i]);
    assert.equal(ahead.counts.worker, odd.length);
  });

  it("goes on without a worker once closed", () => {
    const ahead = new StatAhead(base, files, 1);
    ahead.close();
    same(ahead, 1);
    same(ahead, 2999);
  });
});
