// The content-addressed store of the build's caches: atomic puts, pruning, entries placed as hard links or copies (src/content-store.ts).
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { ContentStore, linkOrCopy, linkOrCopySync } from "../src/content-store.ts";
import { tempDir } from "./helpers/site.ts";

describe("linkOrCopy", () => {
  const dir = tempDir("newsroom-store-");
  const entry = path.join(dir, "entry");
  writeFileSync(entry, "cached bytes");

  for (const [name, place] of [
    ["async", linkOrCopy],
    ["sync", async (from: string, to: string, o?: { replace?: boolean }) => linkOrCopySync(from, to, o)],
  ] as const) {
    it(`links on one file system, refuses a file in the way unless told to replace it (${name})`, async () => {
      const target = path.join(dir, `out-${name}`);
      await place(entry, target);
      assert.equal(statSync(target).ino, statSync(entry).ino);
      await assert.rejects(async () => place(entry, target), { code: "EEXIST" });
      rmSync(target);
      writeFileSync(target, "an older file");
      await place(entry, target, { replace: true });
      assert.equal(readFileSync(target, "utf8"), "cached bytes");
      assert.equal(statSync(target).ino, statSync(entry).ino);
    });
  }

  it("copies across file systems", async (t) => {
    let other: string;
    try {
      other = mkdtempSync("/dev/shm/newsroom-store-");
    } catch {
      return t.skip("no /dev/shm");
    }
    try {
      if (statSync(other).dev === statSync(dir).dev) return t.skip("/dev/shm is on the same file system");
      const target = path.join(other, "copy");
      await linkOrCopy(entry, target);
      assert.equal(readFileSync(target, "utf8"), "cached bytes");
      assert.notEqual(statSync(target).ino, statSync(entry).ino);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});

describe("ContentStore", () => {
  const dir = tempDir("newsroom-store-");
  // A pid no process has (Linux's pid_max is at most 2^22).
  const dead = 4_194_305;

  it("puts a file or a folder under a staging name carrying the pid, then renames it into place", async () => {
    const store = new ContentStore(path.join(dir, "put"));
    let seen = "";
    await store.put("folder", async (staging) => {
      seen = staging;
      assert.equal(await store.has("folder"), false, "nothing in place while it is written");
      mkdirSync(staging);
      writeFileSync(path.join(staging, "a.txt"), "a");
    });
    assert.equal(path.basename(seen), `folder.tmp-${process.pid}`);
    assert.equal(existsSync(seen), false);
    assert.equal(readFileSync(path.join(store.path("folder"), "a.txt"), "utf8"), "a");
    // A second writer of the same folder: the entry in place is kept (it is identical).
    await store.put("folder", async (staging) => {
      mkdirSync(staging);
      writeFileSync(path.join(staging, "a.txt"), "a");
    });
    assert.deepEqual(readdirSync(store.dir), ["folder"]);
    await store.putBytes("file", "bytes");
    assert.equal(readFileSync(store.path("file"), "utf8"), "bytes");
    assert.deepEqual(store.keys(), new Set(["file", "folder"]));
  });

  it("leaves nothing in place when the write fails", async () => {
    const store = new ContentStore(path.join(dir, "fail"));
    await assert.rejects(
      store.put("entry", async (staging) => {
        writeFileSync(staging, "half");
        throw new Error("encoder crashed");
      }),
      /encoder crashed/,
    );
    assert.equal(await store.has("entry"), false);
    assert.deepEqual(readdirSync(store.dir), []);
  });

  it("names an entry as path.join does, whatever the folder is spelled as (the live record compares these paths)", () => {
    for (const folder of [dir, `${dir}/`, `${dir}/./x/..`, ".", "./", "", "/", "..", "../", "rel//cache/", "rel/../other", "//", "/.."])
      for (const fanout of [false, true]) {
        const key = "ab12cd34ef";
        const expected = fanout ? path.join(folder, "ab", key) : path.join(folder, key);
        assert.equal(new ContentStore(folder, { fanout }).path(key), expected, `${JSON.stringify(folder)}, fanout ${fanout}`);
      }
  });

  it("refuses names that are not keys", () => {
    const store = new ContentStore(dir);
    for (const key of ["", "a/b", ".hidden", `x.tmp-${process.pid}`]) assert.throws(() => store.path(key), /is not a key/);
  });

  it("prunes unused entries and a dead build's leftovers, keeps what it is told and what a live process writes", async () => {
    const store = new ContentStore(path.join(dir, "prune"), { fanout: true });
    await store.putBytes("aa11", "used");
    await store.putBytes("aa22", "unused");
    await store.putBytes("bb33", "used");
    await store.writeFile("table.json", "{}");
    // A build that died mid-write (its pid is gone) and one that is still writing (this test's parent).
    writeFileSync(path.join(store.dir, "aa", `aa44.tmp-${dead}`), "half");
    mkdirSync(path.join(store.dir, "bb", `bb55.tmp-${dead}`));
    writeFileSync(path.join(store.dir, `table.json.tmp-${dead}`), "half");
    writeFileSync(path.join(store.dir, "bb", `bb66.tmp-${process.ppid}`), "being written");
    assert.deepEqual(store.keys(), new Set(["aa11", "aa22", "bb33"]));
    await store.prune(new Set(["aa11", "bb33"]));
    assert.deepEqual(readdirSync(path.join(store.dir, "aa")), ["aa11"]);
    assert.deepEqual(readdirSync(path.join(store.dir, "bb")).sort(), ["bb33", `bb66.tmp-${process.ppid}`]);
    assert.deepEqual(readdirSync(store.dir).sort(), ["aa", "bb", "table.json"]);
    // Without a set of used keys, only staging leftovers go.
    const flat = new ContentStore(path.join(dir, "flat"));
    await flat.putBytes("kept", "x");
    writeFileSync(path.join(flat.dir, `gone.tmp-${dead}`), "half");
    await flat.prune();
    assert.deepEqual(readdirSync(flat.dir), ["kept"]);
  });

  it("places an entry by hard link, and takes a finished file in by hard link", async () => {
    const store = new ContentStore(path.join(dir, "place"), { fanout: true });
    const out = path.join(dir, "out.html");
    writeFileSync(out, "<p>page</p>");
    store.adoptSync("cd77", out);
    store.adoptSync("cd77", out);
    assert.equal(statSync(store.path("cd77")).ino, statSync(out).ino);
    const to = path.join(dir, "placed.html");
    await store.place("cd77", to);
    assert.equal(statSync(to).ino, statSync(out).ino);
    store.placeSync("cd77", to, { replace: true });
    assert.equal(readFileSync(to, "utf8"), "<p>page</p>");
  });

  it("places and adopts by copy across file systems", async (t) => {
    let other: string;
    try {
      other = mkdtempSync("/dev/shm/newsroom-store-");
    } catch {
      return t.skip("no /dev/shm");
    }
    try {
      if (statSync(other).dev === statSync(dir).dev) return t.skip("/dev/shm is on the same file system");
      const store = new ContentStore(path.join(dir, "across"));
      await store.putBytes("entry", "cached bytes");
      const to = path.join(other, "copy");
      await store.place("entry", to);
      assert.equal(readFileSync(to, "utf8"), "cached bytes");
      assert.notEqual(statSync(to).ino, statSync(store.path("entry")).ino);
      writeFileSync(path.join(other, "fresh"), "fresh bytes");
      store.adoptSync("fresh", path.join(other, "fresh"));
      assert.equal(readFileSync(store.path("fresh"), "utf8"), "fresh bytes");
      assert.deepEqual(readdirSync(store.dir).sort(), ["entry", "fresh"]);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });
});
