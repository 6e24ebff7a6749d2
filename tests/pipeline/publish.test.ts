/**
 * Incremental publishing (src/pipeline/output.ts): a build whose live folder has a record moves
 * only what changed into it, one rename a file, after a journal; a failed build leaves the live
 * folder as it was; a build killed while moving files is finished by the next build; and the
 * result is always the site a full build makes, byte for byte.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { DateTime } from "luxon";
import { build } from "../../src/pipeline/build.ts";
import { internalLinks, resolveRelative, targetFile } from "../../src/pipeline/link-check.ts";
import { applyJournal, liveFiles, outputStateDir, planCommit, publish, RECORD_FILE } from "../../src/pipeline/output.ts";
import { assertSameSite, fullBuild } from "../helpers/full-build.ts";
import { article, filesUnder, makeSite, tempDir } from "../helpers/site.ts";

const NOW = DateTime.fromISO("2025-04-06T06:00:00Z");

function fixture(): string {
  return makeSite({
    "content/articles/eng/2025/03/paris.md": article({ title: "Coalition meets in Paris", date: "2025-03-27 13:15" }),
    "content/articles/eng/2025/02/kyiv.md": article({ title: "Kyiv talks", date: "2025-02-10 09:00", tags: "[Ukraine, EU]" }),
    "content/articles/eng/2024/11/old.md": article({ title: "An older story", date: "2024-11-03 10:00", tags: "[EU]" }),
  });
}

const inode = (file: string) => statSync(file).ino;

describe("incremental publishing", { timeout: 300_000 }, () => {
  it("moves only what changed into the live folder: unchanged pages keep their file; the site equals a full build", async () => {
    const dir = fixture();
    const site = path.join(dir, "_site");
    const first = await build(dir, site, { now: NOW });
    assert.equal(first.published.mode, "full");
    const folder = statSync(site).ino;
    const oldPage = path.join(site, "eng/news/2024/11/03/old/index.html");
    const before = inode(oldPage);

    writeFileSync(path.join(dir, "content/articles/eng/2025/03/new.md"), article({ title: "A new story", date: "2025-03-28 08:00" }));
    const second = await build(dir, site, { now: NOW });
    assert.equal(second.published.mode, "incremental");
    assert.ok(second.published.kept > 0, `kept ${second.published.kept}`);
    assert.ok(second.published.written < first.published.written, `${second.published.written} written of ${first.published.written}`);
    // The live folder itself is the same folder, and an untouched article's page the same file.
    assert.equal(statSync(site).ino, folder);
    assert.equal(inode(oldPage), before);
    assert.ok(existsSync(path.join(site, "eng/news/2025/03/28/new/index.html")));
    assert.deepEqual(
      readdirSync(path.dirname(site)).filter((n) => n.startsWith("_site.")),
      [],
    );
    assertSameSite(filesUnder(site), await fullBuild(dir, NOW));
  });

  it("counts the published folder's files and bytes without walking it: full, incremental, and from a record without sizes", async () => {
    const dir = fixture();
    const site = path.join(dir, "_site");
    /** What a walk over the live folder finds (hard links at their size). */
    const walked = () => {
      const files = filesUnder(site);
      return { files: files.size, bytes: [...files.values()].reduce((sum, b) => sum + b.length, 0) };
    };
    /** The published counts, and the record: every file of the live folder, each at its size. */
    const counted = (p: { files: number; bytes: number }) => {
      const live = liveFiles(dir, site) ?? assert.fail("no record");
      const files = filesUnder(site);
      assert.deepEqual([...live.keys()].sort(), [...files.keys()].sort());
      for (const [i, file] of [...live.keys()].entries()) assert.equal(live.sizes[i], files.get(file)?.length, file);
      return { files: p.files, bytes: p.bytes };
    };
    const first = await build(dir, site, { now: NOW });
    assert.equal(first.published.mode, "full");
    assert.deepEqual(counted(first.published), walked());
    writeFileSync(
      path.join(dir, "content/articles/eng/2025/03/new.md"),
      article({ title: "A new story", date: "2025-03-28 08:00" }, "A longer body. ".repeat(40)),
    );
    const second = await build(dir, site, { now: NOW });
    assert.equal(second.published.mode, "incremental");
    assert.deepEqual(counted(second.published), walked());
    assert.ok(second.published.bytes > first.published.bytes);
    rmSync(path.join(dir, "content/articles/eng/2024/11/old.md"));
    const third = await build(dir, site, { now: NOW });
    assert.equal(third.published.mode, "incremental");
    assert.ok(third.published.deleted > 0);
    assert.deepEqual(counted(third.published), walked());
  });

  it("keeps its record in v8's form; a record of the earlier JSON form is not trusted: the next build swaps whole, then records anew", async () => {
    const dir = fixture();
    const site = path.join(dir, "_site");
    await build(dir, site, { now: NOW });
    const state = outputStateDir(dir, site);
    assert.deepEqual(readdirSync(state), [RECORD_FILE]);
    const live = liveFiles(dir, site);
    assert.ok(live);
    assert.deepEqual([...live.keys()].sort(), [...filesUnder(site).keys()].sort());
    for (const [i, file] of [...live.keys()].entries()) assert.equal(live.sizes[i], statSync(path.join(site, file)).size, file);
    // Each file's cache entry, as recorded, is the file it is a link of.
    const linkedIn = [...live].filter(([, source]) => source !== "");
    assert.ok(linkedIn.length > 10, `${linkedIn.length} files from the caches`);
    for (const [file, source] of linkedIn) assert.equal(statSync(source).ino, inode(path.join(site, file)), `${file} ← ${source}`);
    // What an earlier version left: its JSON record, and no record of this form.
    rmSync(path.join(state, RECORD_FILE));
    writeFileSync(path.join(state, "manifest.json"), JSON.stringify({ files: Object.fromEntries(live), sizes: Array.from(live.sizes) }));
    assert.equal(liveFiles(dir, site), undefined);
    assert.equal((await build(dir, site, { now: NOW })).published.mode, "full");
    assert.deepEqual(readdirSync(state), [RECORD_FILE]);
    // A torn record is not trusted either.
    writeFileSync(path.join(state, RECORD_FILE), readFileSync(path.join(state, RECORD_FILE)).subarray(0, 100));
    assert.equal(liveFiles(dir, site), undefined);
    assert.equal((await build(dir, site, { now: NOW })).published.mode, "full");
    assert.equal((await build(dir, site, { now: NOW })).published.mode, "incremental");
    assertSameSite(filesUnder(site), await fullBuild(dir, NOW));
  });

  it("deletes the pages of a removed article, and the folders it leaves empty", async () => {
    const dir = fixture();
    const site = path.join(dir, "_site");
    await build(dir, site, { now: NOW });
    assert.ok(existsSync(path.join(site, "eng/news/2024/11/03/old/index.html")));
    rmSync(path.join(dir, "content/articles/eng/2024/11/old.md"));
    const again = await build(dir, site, { now: NOW });
    assert.equal(again.published.mode, "incremental");
    assert.ok(again.published.deleted > 0);
    assert.equal(existsSync(path.join(site, "eng/news/2024/11/03/old")), false);
    assertSameSite(filesUnder(site), await fullBuild(dir, NOW));
  });

  it("checks the links of unchanged pages again when a file they may link to is gone", async () => {
    const dir = fixture();
    const site = path.join(dir, "_site");
    writeFileSync(
      path.join(dir, "content/articles/eng/2025/03/paris.md"),
      article({ title: "Coalition meets in Paris", date: "2025-03-27 13:15" }, "See [the Kyiv talks](/eng/news/2025/02/10/kyiv/).\n"),
    );
    await build(dir, site, { now: NOW });
    // Paris's page is unchanged (from the cache, the live file), but the page it links to goes.
    rmSync(path.join(dir, "content/articles/eng/2025/02/kyiv.md"));
    await assert.rejects(
      build(dir, site, { now: NOW }),
      /eng\/news\/2025\/03\/27\/paris\/index.html {2}links to \/eng\/news\/2025\/02\/10\/kyiv\/, which is not in the built site/,
    );
    assert.ok(existsSync(path.join(site, "eng/news/2025/02/10/kyiv/index.html")));
  });

  it("keeps in its record every file the live folder's pages link to, through incremental builds", async () => {
    const dir = fixture();
    const site = path.join(dir, "_site");
    /** Every page's link targets, as a check of the whole live folder finds them, must be in the record's set. */
    const assertLinkedKnown = () => {
      const live = liveFiles(dir, site);
      const list = live?.linkedFiles();
      assert.ok(list, "the record knows the linked files");
      const linked = new Set(list);
      assert.equal(linked.size, list.length, "each linked file once");
      let links = 0;
      for (const [file, bytes] of filesUnder(site)) {
        if (!file.endsWith(".html")) continue;
        for (const href of internalLinks(bytes.toString("utf8"))) {
          const resolved = href.startsWith("/") ? href : resolveRelative(href, file);
          const target = resolved === undefined ? undefined : targetFile(resolved);
          if (target === undefined) continue;
          links++;
          assert.ok(linked.has(target), `${file} links to ${target}, which the record does not list`);
        }
      }
      assert.ok(links > 50, `${links} links`);
    };
    writeFileSync(
      path.join(dir, "content/articles/eng/2025/03/paris.md"),
      article({ title: "Coalition meets in Paris", date: "2025-03-27 13:15" }, "See [the Kyiv talks](../../../02/10/kyiv/).\n"),
    );
    assert.equal((await build(dir, site, { now: NOW })).published.mode, "full");
    assertLinkedKnown();
    writeFileSync(
      path.join(dir, "content/articles/eng/2025/03/new.md"),
      article({ title: "A new story", date: "2025-03-28 08:00" }, "See [an older story](/eng/news/2024/11/03/old/).\n"),
    );
    assert.equal((await build(dir, site, { now: NOW })).published.mode, "incremental");
    assertLinkedKnown();
    rmSync(path.join(dir, "content/articles/eng/2025/03/paris.md"));
    const removed = await build(dir, site, { now: NOW });
    assert.equal(removed.published.mode, "incremental");
    assert.ok(removed.published.deleted > 0);
    assertLinkedKnown();
    // The new story's page links to the older one: deleting that still fails, naming the new story's page.
    rmSync(path.join(dir, "content/articles/eng/2024/11/old.md"));
    await assert.rejects(
      build(dir, site, { now: NOW }),
      /eng\/news\/2025\/03\/28\/new\/index.html {2}links to \/eng\/news\/2024\/11\/03\/old\/, which is not in the built site\n1 broken internal link;/,
    );
    assertLinkedKnown();
  });

  it("leaves the live folder exactly as it was when a build fails its checks", async () => {
    const dir = fixture();
    const site = path.join(dir, "_site");
    await build(dir, site, { now: NOW });
    const before = filesUnder(site);
    const inodes = new Map([...before.keys()].map((f) => [f, inode(path.join(site, f))]));
    writeFileSync(
      path.join(dir, "content/articles/eng/2025/03/broken.md"),
      article({ title: "Broken link", date: "2025-03-28 08:00" }, "See [the gone page](/eng/news/2020/01/01/gone/).\n"),
    );
    await assert.rejects(build(dir, site, { now: NOW }), /links to \/eng\/news\/2020\/01\/01\/gone\/, which is not in the built site/);
    assertSameSite(filesUnder(site), before);
    for (const [f, ino] of inodes) assert.equal(inode(path.join(site, f)), ino, f);
    assert.equal(existsSync(path.join(outputStateDir(dir, site), "journal.json")), false);
  });

  it("finishes, at the next build, the moves of a build killed half-way through them", async () => {
    const dir = fixture();
    const site = path.join(dir, "_site");
    await build(dir, site, { now: NOW });
    // A commit by hand: two new files and one changed file in a temporary folder beside the site.
    const temp = `${site}.tmp-4194305-1700000000000`;
    mkdirSync(path.join(temp, "extra"), { recursive: true });
    writeFileSync(path.join(temp, "extra/a.txt"), "a");
    writeFileSync(path.join(temp, "extra/b.txt"), "b");
    writeFileSync(path.join(temp, "robots.txt"), "changed");
    const live = filesUnder(site);
    const placed = new Map<string, string>();
    const state = outputStateDir(dir, site);
    for (const [file, source] of liveFiles(dir, site) ?? assert.fail("no record")) if (source && file !== "robots.txt") placed.set(file, source);
    const plan = planCommit(dir, temp, site, placed, new Map());
    assert.ok(plan);
    // Killed after one move: the journal is left, and the site is half-way.
    applyJournal(state, site, plan.journal, 1);
    assert.ok(existsSync(path.join(state, "journal.json")));
    // The next build finishes the moves first (then builds the content as it is, over them).
    const next = await build(dir, site, { now: NOW });
    assert.equal(existsSync(path.join(state, "journal.json")), false);
    assert.equal(existsSync(temp), false);
    assert.equal(next.published.mode, "incremental");
    // The hand-made files were not the build's: the finished commit put them there, the next build removed them.
    assert.equal(existsSync(path.join(site, "extra")), false);
    assert.notEqual(live.size, 0);
    assertSameSite(filesUnder(site), await fullBuild(dir, NOW));
  });

  it("swaps a whole new tree in when the live folder has no record (NEWSROOM_INCREMENTAL=off), and when the folder was replaced", async () => {
    const dir = fixture();
    const site = path.join(dir, "_site");
    await build(dir, site, { now: NOW });
    process.env.NEWSROOM_INCREMENTAL = "off";
    try {
      const off = await build(dir, site, { now: NOW });
      assert.equal(off.published.mode, "full");
    } finally {
      delete process.env.NEWSROOM_INCREMENTAL;
    }
    // The "off" build dropped the record: the next build swaps again, and records the folder.
    assert.equal((await build(dir, site, { now: NOW })).published.mode, "full");
    assert.equal((await build(dir, site, { now: NOW })).published.mode, "incremental");
    // A folder replaced by hand (another inode) is not the one recorded.
    rmSync(site, { recursive: true });
    mkdirSync(site);
    const replaced = await build(dir, site, { now: NOW });
    assert.equal(replaced.published.mode, "full");
    assertSameSite(filesUnder(site), await fullBuild(dir, NOW));
  });

  it("publishes straight from the temporary folder without a record when asked to build whole", async () => {
    const dir = fixture();
    const temp = tempDir("publish-temp-");
    writeFileSync(path.join(temp, "index.html"), "<p>x</p>");
    const out = path.join(tempDir("publish-out-"), "_site");
    const stats = await publish(dir, temp, out, new Map(), new Map(), { incremental: false });
    assert.deepEqual(stats, { mode: "full", written: 1, deleted: 0, kept: 0, files: 1, bytes: 8 });
    assert.equal(existsSync(path.join(outputStateDir(dir, out), RECORD_FILE)), false);
  });
});
