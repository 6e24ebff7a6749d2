// `npm run build` runs the build bundled (scripts/run.mjs): the same site as the build run through
// tsx, from a bundle kept under the hash of the files it was made from, made once for the code as it is.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { BUNDLES_DIR, bundleStem, PREPARED } from "../../scripts/bundles.mjs";
import { launcherCommand } from "../../src/bench/npm-script.ts";
import { PROJECT_ROOT } from "../../src/project.ts";
import { article, DEFAULT_CONFIG, filesUnder, makeSite, run, tempDir } from "../helpers/site.ts";

const CLOCK = { SOURCE_DATE_EPOCH: String(Date.UTC(2025, 3, 1) / 1000), NEWSROOM_PAGE_CACHE: "off" };
const BIN = path.join(PROJECT_ROOT, BUNDLES_DIR);

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

function launch(dir: string, args: string[], nodeArgs: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, [...nodeArgs, path.join(PROJECT_ROOT, "scripts/run.mjs"), ...args], {
    cwd: dir,
    env: { ...process.env, ...CLOCK, FORCE_COLOR: "0", NO_COLOR: "1", ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status ?? -1, signal: result.signal, error: result.error, stdout: result.stdout, stderr: result.stderr };
}

/** Asserts that a launch exited 0, saying otherwise how it ended (exit code, signal, spawn error) and the end of its stderr. */
function built(result: { code: number; signal?: NodeJS.Signals | null; error?: Error; stderr?: string }): void {
  const how = `exit ${result.code}, signal ${result.signal ?? "none"}${result.error ? `, ${result.error.message}` : ""}`;
  assert.equal(result.code, 0, `${how}; stderr: ${(result.stderr ?? "").slice(-2000)}`);
}

/** The bundle the launcher would run now: named by the hash of the files esbuild read for it (and of what else makes it). */
function currentBundle(name: string): string {
  const inputs = JSON.parse(readFileSync(path.join(BIN, `${name}.inputs.json`), "utf8")) as string[];
  return `${bundleStem(PROJECT_ROOT, BIN, name, inputs)}.cjs`;
}

describe("the bundled build (npm run build)", () => {
  const files = {
    "content/articles/eng/2025/03/one.md": article({ title: "One story", date: "2025-03-20 10:00" }),
    "content/articles/eng/2025/03/two.md": article({ title: "Another story", date: "2025-03-21 10:00" }),
  };

  it("builds the site the build run through tsx builds, its config (TypeScript) imported through tsx", () => {
    const bundled = makeSite(files);
    const viaTsx = makeSite(files);
    const a = launch(bundled, ["build"]);
    built(a);
    assert.match(a.stdout, /^Built 2 articles, \d+ pages into /m);
    const b = run(viaTsx, "build", CLOCK);
    assert.equal(b.code, 0, b.stderr);
    assert.deepEqual(filesUnder(path.join(bundled, "_site")), filesUnder(path.join(viaTsx, "_site")));
  });

  it("is kept under the hash of every file it was made from (src, layouts, the script): the same code runs the same bundle", () => {
    const dir = makeSite(files);
    built(launch(dir, ["build"]));
    const bundle = currentBundle("build");
    assert.ok(existsSync(bundle), bundle);
    const inputs = JSON.parse(readFileSync(path.join(BIN, "build.inputs.json"), "utf8")) as string[];
    for (const file of ["scripts/build.ts", "src/pipeline/build.ts", "src/pages/kept-plan.ts", "layouts/article.ts"])
      assert.ok(inputs.includes(file), file);
    const made = statSync(bundle).mtimeMs;
    built(launch(dir, ["build"]));
    assert.equal(statSync(bundle).mtimeMs, made);
  });

  it("starts no loader thread for Eleventy's resolve hook (its watch mode's, which the build does not use)", () => {
    const dir = makeSite(files);
    const profiles = tempDir("newsroom-profiles-");
    try {
      // The bundle made first (a fresh checkout's first build makes it in its own process, through esbuild
      // and tsx's API, which is not what this test is about): the build below runs from it, as every later one does.
      built(launch(dir, ["build"]));
      // One CPU profile per thread of the build: none of them runs Eleventy's hook.
      const result = launch(dir, ["build"], ["--cpu-prof", `--cpu-prof-dir=${profiles}`]);
      built(result);
      const threads = readdirSync(profiles).map((name) => readFileSync(path.join(profiles, name), "utf8"));
      // Eleventy is in the bundle: the thread that ran it ran its `Eleventy` class's `write`.
      assert.ok(threads.some((profile) => /"functionName":"write","scriptId":"\d+","url":"(?:file:\/\/)?[^"]*\/\.cache\/bin\/build-/.test(profile)));
      // Said with the scripts each offending thread ran, so a failure shows where the hook or the file came from.
      const scripts = (profile: string) => [...new Set([...profile.matchAll(/"url":"(file:[^"]+)"/g)].map((m) => m[1]))].slice(0, 12).join(", ");
      // By the file a thread ran (its `url`): the bundle names the function that sets each bundled module up after the
      // module's path (`"node_modules/@11ty/eleventy/src/Util/EsmResolver.js"()`), which a sample of the main thread may catch.
      const hooked = threads.filter((profile) => /"url":"[^"]*Util\/EsmResolver\.js"/.test(profile));
      assert.equal(hooked.length, 0, `a thread ran Eleventy's resolve hook; its scripts: ${hooked.map(scripts).join(" | ")}`);
      // No file of Eleventy's own was loaded: every function of it ran from the bundle.
      const unbundled = threads.filter((profile) => /"url":"[^"]*node_modules\/@11ty\/eleventy\/src\//.test(profile));
      assert.equal(unbundled.length, 0, `a thread ran Eleventy's own files; its scripts: ${unbundled.map(scripts).join(" | ")}`);
    } finally {
      rmSync(profiles, { recursive: true, force: true });
    }
  });

  it("bundles an ES-module project's TypeScript config with what it imports, each file keeping its own URL, without tsx's loader thread", () => {
    const dir = makeSite({
      ...files,
      "package.json": JSON.stringify({ type: "module" }),
      "content/site.config.ts": [
        'import { readFileSync } from "node:fs";',
        'import { name } from "./name.ts";',
        // A file beside the config, found by the config's own URL; top-level await as an ES module may.
        'const beside = JSON.parse(readFileSync(new URL("./beside.json", import.meta.url), "utf8")) as { baseUrl: string };',
        "await Promise.resolve();",
        `const config = ${JSON.stringify(DEFAULT_CONFIG)};`,
        'export default { ...config, baseUrl: beside.baseUrl, editions: config.editions.map((e) => (e.id === "eng" ? { ...e, name } : e)) };',
        "",
      ].join("\n"),
      "content/name.ts": 'export const name: string = "Bundled Config Daily";\n',
      "content/beside.json": JSON.stringify({ baseUrl: "https://bundled.example/" }),
    });
    const profiles = tempDir("newsroom-profiles-");
    try {
      const result = launch(dir, ["build"], ["--cpu-prof", `--cpu-prof-dir=${profiles}`]);
      built(result);
      const threads = readdirSync(profiles).map((name) => readFileSync(path.join(profiles, name), "utf8"));
      assert.equal(threads.filter((profile) => profile.includes("tsx/dist/esm")).length, 0);
    } finally {
      rmSync(profiles, { recursive: true, force: true });
    }
    const home = readFileSync(path.join(dir, "_site/eng/index.html"), "utf8");
    assert.match(home, /Bundled Config Daily/);
    assert.match(home, /https:\/\/bundled\.example\/eng\//);
    assert.ok(readdirSync(BIN).some((file) => /^ts-[0-9a-f]{12}-[0-9a-f]{20}\.mjs$/.test(file)));
  });

  it("prints a failure's stack with the source's files, and exits non-zero", () => {
    const dir = makeSite({ ...files, "content/site.config.ts": "export default {;\n" });
    const result = launch(dir, ["build"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /content\/site\.config\.ts/);
    assert.equal(result.stdout.includes("Built"), false);
  });

  it("runs from V8's code cache, written beside the bundle on the first run and used as it is after; a damaged one is made again", () => {
    const dir = makeSite(files);
    built(launch(dir, ["build"]));
    // Named by the bundle and the Node options it runs under: one for these runs' options.
    const bundle = path.basename(currentBundle("build"));
    const caches = () => readdirSync(BIN).filter((name) => name.startsWith(`${bundle}.`) && name.endsWith(".v8"));
    for (const name of caches()) rmSync(path.join(BIN, name));
    built(launch(dir, ["build"]));
    assert.equal(caches().length, 1, caches().join(", "));
    const cache = path.join(BIN, caches()[0] ?? "");
    const written = statSync(cache).mtimeMs;
    // Accepted by V8: not written again.
    built(launch(dir, ["build"]));
    assert.equal(statSync(cache).mtimeMs, written);
    // Refused by V8 (here: bytes that are no cache): the build runs as it would without one, and writes a good cache.
    writeFileSync(cache, "not a code cache");
    const again = launch(dir, ["build"]);
    built(again);
    assert.match(again.stdout, /^Built 2 articles, /m);
    assert.notEqual(readFileSync(cache, "utf8").slice(0, 16), "not a code cache");
    // The new one is accepted, and the site's config (imported with `import()`, which a cached function must still do) loads.
    const remade = statSync(cache).mtimeMs;
    const cached = launch(dir, ["build"]);
    built(cached);
    assert.equal(statSync(cache).mtimeMs, remade);
  });

  it("keeps the newest four code caches of a bundle, one per set of Node options", () => {
    const dir = makeSite(files);
    built(launch(dir, ["build"]));
    const bundle = path.basename(currentBundle("build"));
    const caches = () => readdirSync(BIN).filter((name) => name.startsWith(`${bundle}.`) && name.endsWith(".v8"));
    for (let i = 0; i < 6; i++) {
      const result = launch(dir, ["build"], [`--max-old-space-size=${4000 + i}`]);
      built(result);
    }
    assert.equal(caches().length, 4, caches().join(", "));
  });

  it("prints an unexpected error's stack with the generator's own files and lines, not the bundle's", () => {
    const result = launch(makeSite(files), ["build", "--no-such-option"]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /Unknown option '--no-such-option'/);
    assert.match(result.stderr, new RegExp(`at ${literal(path.join(PROJECT_ROOT, "scripts/build.ts"))}:\\d+:\\d+`));
    assert.match(result.stderr, new RegExp(`at runCli \\(${literal(path.join(PROJECT_ROOT, "src/pipeline/cli.ts"))}:\\d+:\\d+\\)`));
    assert.equal(result.stderr.includes(".cache/bin/"), false, result.stderr);
  });

  it("prints an unexpected error, its frames unmapped, when the bundle's source map is gone", () => {
    const dir = makeSite(files);
    built(launch(dir, ["build"]));
    const map = `${currentBundle("build")}.map`;
    const kept = readFileSync(map);
    rmSync(map);
    try {
      const result = launch(dir, ["build", "--no-such-option"]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /Unknown option '--no-such-option'/);
      assert.match(result.stderr, /\.cache\/bin\/build-[0-9a-f]{20}\.cjs:\d+:\d+/);
    } finally {
      writeFileSync(map, kept);
    }
  });

  it("bundles a script that awaits at its top level as an ES module", () => {
    const dir = makeSite(files);
    built(launch(dir, ["build"]));
    // scripts/size-report.ts awaits its work at the top level, which CommonJS cannot.
    const result = launch(dir, ["size-report", "--json"]);
    built(result);
    assert.ok(JSON.parse(result.stdout));
    assert.ok(readdirSync(BIN).some((file) => /^size-report-[0-9a-f]{20}\.mjs$/.test(file)));
  });

  it("refuses a script name that is not one", () => {
    const result = launch(PROJECT_ROOT, ["../x"]);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /usage: node scripts\/run\.mjs <script>/);
  });
});

describe("the bundles npm ci makes (package.json's prepare: node scripts/run.mjs --prepare)", () => {
  const prepare = (bin: string) => launch(PROJECT_ROOT, ["--prepare"], [], { NEWSROOM_BUNDLES: bin });
  /** The folder's files but code caches (`.v8`, written by a bundle's first run) and a site's own config's bundle (`ts-…`, made per site). */
  const made = (bin: string) =>
    readdirSync(bin)
      .filter((file) => !file.endsWith(".v8") && !file.startsWith("ts-"))
      .map((file) => `${file} ${statSync(path.join(bin, file)).mtimeMs}`)
      .sort();

  it("names every script package.json runs through the launcher and every thread of the generator's own code", () => {
    const scripts = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")).scripts as Record<string, string>;
    assert.equal(scripts.prepare, "node scripts/run.mjs --prepare");
    const launched = Object.values(scripts)
      .map((line) => /scripts\/run\.mjs ([a-z][a-z-]*)/.exec(line)?.[1])
      .filter((name): name is string => name !== undefined);
    assert.deepEqual([...PREPARED.scripts].sort(), [...new Set(launched)].sort());
    const threads: [string, string][] = [];
    for (const [file, bytes] of filesUnder(path.join(PROJECT_ROOT, "src")))
      if (file.endsWith(".ts"))
        for (const call of bytes.toString("utf8").matchAll(/workerSource\("([^"]+)", "([^"]+)"\)/g))
          threads.push([call[1] as string, call[2] as string]);
    assert.ok(threads.length >= 3);
    assert.deepEqual([...PREPARED.threads].sort(), threads.sort());
  });

  it("are the ones the build runs: a build after them bundles nothing, and preparing again makes nothing", () => {
    // Inside the project, as .cache/bin is: a bundle requires the packages left outside it (sharp …) from node_modules.
    mkdirSync(path.join(PROJECT_ROOT, ".cache"), { recursive: true });
    const bin = mkdtempSync(path.join(PROJECT_ROOT, ".cache", "bin-test-"));
    try {
      built(prepare(bin));
      const bundles = readdirSync(bin).filter((file) => /-[0-9a-f]{20}\.[cm]js$/.test(file));
      for (const name of ["build", "check", "merge", "parse-worker", "render-worker", "manifest-worker"])
        assert.ok(
          bundles.some((file) => file.startsWith(`${name}-`)),
          `${name}: ${bundles.join(", ")}`,
        );
      const before = made(bin);
      built(prepare(bin));
      assert.deepEqual(made(bin), before);
      // A build with a render thread, so a thread's bundle is asked for too.
      const dir = makeSite({ "content/articles/eng/2025/03/one.md": article({ title: "One story", date: "2025-03-20 10:00" }) });
      built(launch(dir, ["build"], [], { NEWSROOM_BUNDLES: bin, NEWSROOM_RENDER_WORKERS: "2" }));
      built(launch(dir, ["check"], [], { NEWSROOM_BUNDLES: bin }));
      assert.deepEqual(made(bin), before);
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});

describe("the build's young generation (npm run build's --max-semi-space-size)", () => {
  // Fills the young generation with objects that survive a few scavenges, then says how large V8 let it grow (MB, both semi-spaces).
  const FILL = `const keep = []; for (let i = 0; i < 4e6; i++) { keep.push({ a: i, b: "x" + i }); if (keep.length > 1e6) keep.length = 0; }
    const newSpace = () => require("node:v8").getHeapSpaceStatistics().find((s) => s.space_name === "new_space").space_size / 2 ** 20;`;
  const probe = (reset: boolean) => {
    const code = `(async () => {
      ${reset ? `(await import(${JSON.stringify(pathToFileURL(path.join(PROJECT_ROOT, "scripts/young-generation.mjs")).href)})).threadsKeepDefaultYoungGeneration();` : ""}
      ${FILL}
      const main = newSpace();
      const worker = new (require("node:worker_threads").Worker)(${JSON.stringify(`${FILL} require("node:worker_threads").parentPort.postMessage(newSpace());`)}, { eval: true });
      worker.once("message", (thread) => { console.log(JSON.stringify({ main, thread })); void worker.terminate(); });
    })();`;
    const result = spawnSync(process.execPath, ["--max-semi-space-size=64", "-e", code], { encoding: "utf8", timeout: 60_000 });
    assert.equal(result.status, 0, result.stderr);
    return JSON.parse(result.stdout) as { main: number; thread: number };
  };

  it("is asked for by npm run build, and the benches run the build the same way", () => {
    const build = launcherCommand(PROJECT_ROOT, "build");
    assert.deepEqual(build.nodeOptions, ["--max-semi-space-size=64", "--use-largepages=silent"]);
    assert.equal(build.launcher, path.join(PROJECT_ROOT, "scripts/run.mjs"));
    assert.deepEqual(build.args, ["build"]);
    assert.deepEqual(launcherCommand(PROJECT_ROOT, "merge").args, ["merge"]);
    assert.deepEqual(launcherCommand(PROJECT_ROOT, "merge").nodeOptions, ["--use-largepages=silent"]);
    assert.throws(
      () => launcherCommand(PROJECT_ROOT, "start"),
      /scripts\.start: expected "node \[--option …\] scripts\/run\.mjs <name>", found "tsx scripts\/serve\.ts"/,
    );
    assert.throws(() => launcherCommand(PROJECT_ROOT, "no-such-script"), /scripts\.no-such-script: .*found no such script/);
  });

  it("stays the build thread's, while the threads it starts get V8's own (the launcher sets it back before it starts any)", () => {
    // Without the reset a thread's young generation grows as far as the main thread's: the probe tells them apart.
    const unset = probe(false);
    assert.ok(unset.thread > 64, `a thread grew to ${unset.thread} MB without the reset`);
    const { main, thread } = probe(true);
    assert.ok(main > 64, `the build's thread grew to ${main} MB`);
    assert.ok(thread <= 32, `a thread grew to ${thread} MB`);
    // The launcher calls it before it bundles or runs anything (so before any thread starts).
    const launcher = readFileSync(path.join(PROJECT_ROOT, "scripts/run.mjs"), "utf8");
    const call = launcher.indexOf("\nthreadsKeepDefaultYoungGeneration();");
    // The first call of `bundled(` (not its definition), in the launcher's `--prepare` mode or its run of a script.
    const firstBundle = /(?<!function )\bbundled\(/.exec(launcher)?.index ?? -1;
    assert.ok(
      call !== -1 && firstBundle !== -1 && call < firstBundle,
      "scripts/run.mjs calls threadsKeepDefaultYoungGeneration() before its first bundle",
    );
  });
});

describe("Node's code on large pages (npm run build's and npm run merge's --use-largepages)", () => {
  /** Kilobytes of a process's memory on transparent huge pages, read in a Node started with `options`. */
  const hugeKb = (options: string[]) => {
    const code = `let kb = 0; for (const m of require("node:fs").readFileSync("/proc/self/smaps", "utf8").matchAll(/AnonHugePages:\\s+(\\d+)/g)) kb += Number(m[1]); console.log(kb);`;
    const result = spawnSync(process.execPath, [...options, "-e", code], { encoding: "utf8", timeout: 60_000 });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, "", "the option adds no warning (`silent`)");
    return Number(result.stdout);
  };
  const thp = (() => {
    try {
      return readFileSync("/sys/kernel/mm/transparent_hugepage/enabled", "utf8");
    } catch {
      return "";
    }
  })();

  it("maps Node's own code onto huge pages where Linux lets a process ask for them", (t) => {
    // "[never]" (or no such file: not Linux) leaves nothing to map; Node then ignores the option without a word.
    if (!/\[(always|madvise)\]/.test(thp)) return t.skip(`transparent huge pages: ${thp.trim() || "not on this system"}`);
    for (const script of ["build", "merge"]) {
      const { nodeOptions } = launcherCommand(PROJECT_ROOT, script);
      // Node's text is ~90 MB; it maps the part it can onto 2 MiB pages (~24 MB of Node 20's here).
      assert.ok(hugeKb(nodeOptions) >= 2048, `npm run ${script}'s Node maps its code onto huge pages`);
    }
    // What the probe tells apart: without the option, nothing of a fresh Node is on huge pages where the system only maps on request.
    if (thp.includes("[madvise]")) assert.equal(hugeKb([]), 0);
  });
});
