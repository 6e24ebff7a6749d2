// The preview's watcher (src/pipeline/preview-watch.ts): what changed, by content, however the change was made.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { isScratch, TreeWatch } from "../../src/pipeline/preview-watch.ts";
import { tempDir } from "../helpers/site.ts";

describe("the preview's watcher", () => {
  const root = tempDir("preview-watch-");
  const at = (file: string) => path.join(root, file);
  const put = (file: string, text: string) => {
    mkdirSync(path.dirname(at(file)), { recursive: true });
    writeFileSync(at(file), text);
  };
  put("2025/03/a.md", "a1");
  put("2025/03/b.md", "b1");
  put("2025/04/c.md", "c1");
  let hints = 0;
  const problems: string[] = [];
  const watcher = new TreeWatch(
    () => hints++,
    (p) => problems.push(p),
  );
  watcher.add(root);
  after(() => {
    watcher.close();
    rmSync(root, { recursive: true, force: true });
  });

  /** What changed, once the events for what was just done have arrived (up to 30 s). */
  async function changes(): Promise<string[]> {
    const deadline = Date.now() + 30_000;
    while (!watcher.pending && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    // The rest of the burst.
    await new Promise((r) => setTimeout(r, 100));
    return watcher.changes().map((f) => path.relative(root, f));
  }

  it("names a file saved by rename, and every save after it, not its temporary file", async () => {
    writeFileSync(at("2025/03/sedAb12Cd"), "a2");
    renameSync(at("2025/03/sedAb12Cd"), at("2025/03/a.md"));
    assert.deepEqual(await changes(), ["2025/03/a.md"]);
    writeFileSync(at("2025/03/a.md"), "a3");
    assert.deepEqual(await changes(), ["2025/03/a.md"]);
  });

  it("reports nothing for the same bytes saved again, nor for editors' scratch files", async () => {
    writeFileSync(at("2025/03/b.md"), "b1");
    for (const scratch of ["4913", ".b.md.swp", "b.md~", ".#b.md", "#b.md#", "b.md___jb_tmp___", ".goutputstream-X1Y2Z3"])
      writeFileSync(at(`2025/03/${scratch}`), "x");
    writeFileSync(at("2025/04/c.md"), "c2");
    assert.deepEqual(await changes(), ["2025/04/c.md"]);
    assert.ok(hints > 0);
  });

  it("tells scratch names from content", () => {
    for (const name of ["sedX9fQ2a", "4913", ".a.md.swp", ".a.md.swo", "a.md~", ".#a.md", "#a.md#", "a.md___jb_old___", "x.tmp", ".a.md.Xy12Zq"])
      assert.ok(isScratch(name), name);
    for (const name of ["a.md", "sediment.md", "4913.md", "story-4913.md", "photo.jpg", "site.config.ts", ".gitignore", "authors.yaml"])
      assert.ok(!isScratch(name), name);
  });

  it("sees a new folder, a folder removed, and a folder made again under the same name", async () => {
    put("2026/01/new.md", "n1");
    assert.deepEqual(await changes(), ["2026/01/new.md"]);
    writeFileSync(at("2026/01/new.md"), "n2");
    assert.deepEqual(await changes(), ["2026/01/new.md"]);
    rmSync(at("2026"), { recursive: true });
    assert.deepEqual(await changes(), ["2026/01/new.md"]);
    put("2026/01/new.md", "n3");
    put("2026/01/other.md", "o1");
    assert.deepEqual(await changes(), ["2026/01/new.md", "2026/01/other.md"]);
    writeFileSync(at("2026/01/other.md"), "o2");
    assert.deepEqual(await changes(), ["2026/01/other.md"]);
    // Made again with one of its two folders: the other's file is gone.
    put("2026/02/more.md", "m1");
    assert.deepEqual(await changes(), ["2026/02/more.md"]);
    rmSync(at("2026"), { recursive: true });
    put("2026/01/new.md", "n3");
    put("2026/01/other.md", "o2");
    assert.deepEqual(await changes(), ["2026/02/more.md"]);
    renameSync(at("2026"), at("moved-away"));
    assert.deepEqual(await changes(), ["2026/01/new.md", "2026/01/other.md", "moved-away/01/new.md", "moved-away/01/other.md"]);
  });

  it("does not read what is not a regular file (a FIFO would block it)", async () => {
    assert.equal(spawnSync("mkfifo", [at("2025/03/pipe.md")]).status, 0);
    writeFileSync(at("2025/03/a.md"), "a4");
    assert.deepEqual(await changes(), ["2025/03/a.md"]);
    assert.deepEqual(problems, []);
  });
});
