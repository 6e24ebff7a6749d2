import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { toIsoFrontMatter } from "../../src/bench/baseline-copy.ts";
import { countPages, measure } from "../../src/bench/measure.ts";
import { readProcesses, treeRssPages } from "../../src/bench/tree-memory.ts";
import { tempDir } from "../helpers/site.ts";

describe("benchmark measurement", () => {
  const dir = tempDir("newsroom-measure-");

  for (const noGnuTime of [false, true]) {
    it(`measures wall, CPU and peak RSS of a Node child${noGnuTime ? " without GNU time" : ""}`, async () => {
      const script = "const a = []; for (let i = 0; i < 1e6; i++) a.push({ i }); if (a.length !== 1e6) process.exit(1);";
      const m = await measure(process.execPath, ["-e", script], { cwd: dir, scratch: dir, noGnuTime });
      assert.ok(m.wallSeconds > 0);
      assert.ok((m.cpuSeconds ?? 0) > 0);
      assert.ok((m.peakRssBytes ?? 0) > 20 * 1024 ** 2, String(m.peakRssBytes));
    });
  }

  it("counts the memory of every process the build starts, held at the same time", async () => {
    // Two children each fill ~150 MiB and hold it until both have: the sum exceeds any single process.
    const fill =
      "const b = Buffer.alloc(150 * 1024 ** 2, 1); process.stdout.write('x'); process.stdin.once('data', () => process.exit(b[0] === 1 ? 0 : 1));";
    const parent = `const { spawn } = require("node:child_process");
const kids = [0, 1].map(() => spawn(process.execPath, ["-e", ${JSON.stringify(fill)}], { stdio: ["pipe", "pipe", "inherit"] }));
let ready = 0;
for (const k of kids) k.stdout.once("data", () => { if (++ready === 2) setTimeout(() => kids.forEach((c) => c.stdin.end("go")), 500); });
let done = 0;
for (const k of kids) k.on("close", (c) => { if (c !== 0) process.exit(c); if (++done === 2) process.exit(0); });`;
    const m = await measure(process.execPath, ["-e", parent], { cwd: dir, scratch: dir });
    assert.ok((m.peakRssBytes ?? 0) > 300 * 1024 ** 2, String(m.peakRssBytes));
  });

  it("sums resident pages over a process and its descendants only", () => {
    const procs = new Map([
      [1, { ppid: 0, rssPages: 5 }],
      [10, { ppid: 1, rssPages: 100 }],
      [11, { ppid: 10, rssPages: 20 }],
      [12, { ppid: 11, rssPages: 3 }],
      [13, { ppid: 1, rssPages: 7 }],
    ]);
    assert.equal(treeRssPages(procs, 10), 123);
    assert.equal(treeRssPages(procs, 99), 0);
    const own = readProcesses().get(process.pid);
    assert.equal(own?.ppid, process.ppid);
    assert.ok((own?.rssPages ?? 0) > 0);
  });

  it("fails when the build fails", async () => {
    await assert.rejects(measure(process.execPath, ["-e", "process.exit(3)"], { cwd: dir, scratch: dir }), /exited with status 3/);
  });

  it("counts HTML pages in the output", () => {
    mkdirSync(path.join(dir, "out/a/b"), { recursive: true });
    writeFileSync(path.join(dir, "out/index.html"), "");
    writeFileSync(path.join(dir, "out/a/b/index.html"), "");
    writeFileSync(path.join(dir, "out/a/site.css"), "");
    assert.equal(countPages(path.join(dir, "out")), 2);
  });

  it("gives the baselines ISO dates with the Kyiv offset and archive lists", () => {
    const input = "---\ntitle: T\ndate: 2025-03-27 13:15\nupdated: 2025-07-01 09:00\ntags: [Ukraine]\n---\n\ndate: 2025-03-27 13:15\n";
    assert.equal(
      toIsoFrontMatter(input),
      '---\ntitle: T\ndate: 2025-03-27T13:15:00+02:00\nupdated: 2025-07-01T09:00:00+03:00\ntags: [Ukraine]\nyears: ["2025"]\nmonths: ["2025-03"]\n---\n\ndate: 2025-03-27 13:15\n',
    );
  });
});
