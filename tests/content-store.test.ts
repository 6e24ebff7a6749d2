// Cache entries go into the output as hard links, or copies across file systems (src/content-store.ts).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import { linkOrCopy, linkOrCopySync } from "../src/content-store.ts";

describe("linkOrCopy", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "newsroom-store-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
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
