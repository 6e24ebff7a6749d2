// `node scripts/run.mjs <script> [args]`: what `npm run build` and `npm run merge` run. The script
// (scripts/<script>.ts) and the generator's code are bundled by esbuild into one file, kept in
// .cache/bin/ under the hash of the code, and run from there: loaded through tsx's hooks, each of the
// ~150 modules of src/ and every module of Eleventy's graph cost ~0.8 CPU seconds of start-up per build
// (issue 19). The packages it imports are in the bundle too (`packagesInside`), and the script runs as
// CommonJS with V8's code cache (`runCached`). The site's own TypeScript
// (content/site.config.ts) is bundled when it is read (src/ts-import.ts), or required through tsx where
// it is CommonJS. A project folder that cannot be written to runs the script through tsx.
import { createHash } from "node:crypto";
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire, findSourceMap, SourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import vm from "node:vm";
import { BUNDLES_DIR, bundleStem, PREPARED } from "./bundles.mjs";
import { threadsKeepDefaultYoungGeneration } from "./young-generation.mjs";

/**
 * Packages required from node_modules rather than bundled: native code (sharp), binaries and watchers
 * (esbuild, chokidar, the dev server), packages loaded on demand or by other threads (vega, tsx …).
 */
const OUTSIDE = new Set([
  "@11ty/eleventy-dev-server",
  "axe-core",
  "chokidar",
  "decap-cms",
  "decap-server",
  "esbuild",
  "fsevents",
  "playwright-core",
  "s3rver",
  "sharp",
  "tsx",
  "typescript",
  "vega",
  "vega-lite",
  "vnu-jar",
]);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
/** Where the bundles are kept (`NEWSROOM_BUNDLES` names another folder in the project, which node_modules is found from: the tests'). */
const BIN = path.resolve(ROOT, process.env.NEWSROOM_BUNDLES || BUNDLES_DIR);
/** Code caches kept per bundle (one per set of Node options a build ran under; `runCached`). */
const CACHES_KEPT = 4;
/** Bundles being made now: esbuild's process is stopped when none is. */
let bundling = 0;

// `npm run build` gives this thread a larger young generation (package.json); the build's threads keep V8's own.
threadsKeepDefaultYoungGeneration();

// `npm ci` (package.json's `prepare`) makes the bundles the scripts and their threads run, as installing a compiled tool
// compiles it: the first build after an install would otherwise spend ~2.5 s (~3.3 CPU s) bundling (issue 19).
// An install does not fail on code that does not bundle (an edit in progress): the build that runs it says why, and
// bundles again. `--strict` (the benches, which time the generator as installed) exits 1 when a bundle was not made.
if (process.argv[2] === "--prepare") {
  const made = await Promise.allSettled([
    ...PREPARED.scripts.map((script) => bundled(script, path.join(ROOT, "scripts", `${script}.ts`), { cjs: true, fallback: false })),
    ...PREPARED.threads.map(([thread, source]) => bundled(thread, path.join(ROOT, source), { fallback: false })),
  ]);
  const ready = made.filter((result) => result.status === "fulfilled").map((result) => path.basename(result.value));
  const why = new Set(
    made
      .filter((result) => result.status === "rejected")
      .map(({ reason }) =>
        reason?.code === "ERR_MODULE_NOT_FOUND" && /esbuild/.test(reason.message)
          ? "esbuild is not installed (npm ci installs it: it is one of the project's dependencies)"
          : (reason?.message ?? String(reason)),
      ),
  );
  if (ready.length) console.log(`bundles ready in ${path.relative(process.cwd(), BIN) || "."}: ${ready.join(", ")}`);
  for (const reason of why) console.warn(`bundles not made now (the build makes them when it runs): ${reason}`);
  process.exit(why.size && process.argv.includes("--strict") ? 1 : 0);
}

const name = process.argv[2];
if (!name || !/^[a-z][a-z-]*$/.test(name)) {
  console.error("usage: node scripts/run.mjs <script> [args], e.g. build");
  process.exit(2);
}
const entry = path.join(ROOT, "scripts", `${name}.ts`);
// The script sees its own arguments where it expects them (process.argv[2] on).
process.argv.splice(2, 1);
process.argv[1] = entry;

// Eleventy registers an ES-module resolve hook when it is imported (src/Util/EsmResolverPortAdapter.js,
// for its watch mode's cache busting of edited JavaScript files): on Node 20 a loader thread that
// every later import waits on (~0.1 s of every build's start-up). The build gives Eleventy no files
// of its own to import (every page is a virtual template), and watches with its own preview.
process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= "1";

const script = await bundled(name, entry, { cjs: true });
// Code that starts a thread of its own code (src/pipeline/render-workers.ts) has it bundled the same way, beside this one.
globalThis[Symbol.for("newsroom.bundle")] = (worker, source) => bundled(worker, path.join(ROOT, source));
// A site's own TypeScript of ES-module syntax (content/site.config.ts in a `"type": "module"` project) is
// bundled too, beside the build's: through tsx's loader it took a loader thread that every import
// of the file's graph waits on (~0.25 s of every build's start-up). Its files keep their own URLs.
globalThis[Symbol.for("newsroom.bundleTs")] = (file) =>
  bundled(`ts-${createHash("sha256").update(file).digest("hex").slice(0, 12)}`, file, { ownUrls: true });
process.setSourceMapsEnabled(true);
if (script.endsWith(".cjs")) runCached(script);
else await import(pathToFileURL(script).href);

/**
 * Runs a CommonJS bundle with V8's code cache (`<bundle>.<flags>.v8`, beside it): compiling the ~3 MB bundle, and then
 * each function the build calls, took ~0.15 CPU s of every build's start-up (issue 19), and Node 20 has no
 * compile cache for ES modules. The cache is written when the process exits (then it holds every function this
 * run compiled), and again whenever V8 refuses it (another Node, other flags): V8 checks it against the source
 * and its own version, so a stale cache costs a compile, never a wrong program.
 */
function runCached(file) {
  const source = readFileSync(file, "utf8");
  // One cache per set of Node options: V8 refuses a cache made under other flags (`--cpu-prof`, the bench's heap
  // size …), and runs under two sets would otherwise replace each other's cache on every run.
  const flags = createHash("sha256")
    .update(`${process.execArgv.join(" ")}\0${process.env.NODE_OPTIONS ?? ""}`)
    .digest("hex")
    .slice(0, 8);
  const cacheFile = `${file}.${flags}.v8`;
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {}
  // Node's own CommonJS wrapper, on the same line so the source map's lines hold; `import.meta.resolve` is the bundle's
  // `__newsroomResolve` (every use is a package name, which resolves the same from scripts/ as from src/).
  const wrapped = new vm.Script(`(function (exports, require, module, __filename, __dirname, __newsroomResolve, _imp__) {${source}\n})`, {
    filename: file,
    cachedData,
  });
  if (!cachedData || wrapped.cachedDataRejected)
    process.once("exit", () => {
      try {
        writeFileSync(`${cacheFile}.tmp-${process.pid}`, wrapped.createCachedData());
        renameSync(`${cacheFile}.tmp-${process.pid}`, cacheFile);
        // Options that differ every run (a profile's folder) would leave a cache each: the newest few are kept.
        const others = readdirSync(path.dirname(file))
          .filter((name) => name.startsWith(`${path.basename(file)}.`) && name.endsWith(".v8"))
          .map((name) => ({ name, at: statSync(path.join(path.dirname(file), name)).mtimeMs }))
          .sort((a, b) => b.at - a.at);
        for (const { name } of others.slice(CACHES_KEPT)) rmSync(path.join(path.dirname(file), name), { force: true });
      } catch {}
    });
  mapStacks(file);
  const module = { exports: {}, filename: file };
  wrapped.runInThisContext().call(
    module.exports,
    module.exports,
    createRequire(file),
    module,
    file,
    path.dirname(file),
    (spec) => import.meta.resolve(spec),
    (spec, options) => import(spec, options),
  );
}

/**
 * The bundle of `entry` (under `name`) for the code as it is, made when missing. Beside the bundles, esbuild's list
 * of the files it read (`<script>.inputs.json`): the bundle's name is the hash of those files' bytes (and of
 * what else makes it: scripts/bundles.mjs `bundleStem`), so an edit to any of them, or a file gone, makes a new
 * one. A folder that cannot be written to runs the script through tsx instead (unless `fallback` is false).
 */
async function bundled(name, entry, { ownUrls = false, cjs = false, fallback = true } = {}) {
  const inputsFile = path.join(BIN, `${name}.inputs.json`);
  // The bundle's path without its extension (`.cjs`, or `.mjs` for an ES module).
  const named = (inputs) => bundleStem(ROOT, BIN, name, inputs);
  try {
    // The inputs are read and hashed once, whichever format the bundle was made in.
    const stem = named(JSON.parse(readFileSync(inputsFile, "utf8")));
    for (const ext of cjs ? [".cjs", ".mjs"] : [".mjs"]) if (existsSync(stem + ext)) return stem + ext;
  } catch {}
  try {
    // A read-only checkout (Node 20 says ENOENT, not EROFS, when a recursive mkdir meets a read-only file system).
    if (!writable(BIN)) throw Object.assign(new Error(`${BIN}: cannot be written to`), { code: "EACCES" });
    const esbuild = await import("esbuild");
    mkdirSync(BIN, { recursive: true });
    const staging = path.join(BIN, `${name}.tmp-${process.pid}`);
    // CommonJS (run with V8's code cache), unless the script awaits at its top level, which only an ES module may.
    const made = (cjs) =>
      esbuild.build({
        entryPoints: [entry],
        // Inputs are listed relative to the project, wherever the site being built is.
        absWorkingDir: ROOT,
        outfile: staging,
        bundle: true,
        platform: "node",
        format: cjs ? "cjs" : "esm",
        target: "node20",
        // Packages are bundled in (see packagesInside), but for those in OUTSIDE.
        plugins: [packagesInside(ownUrls)],
        // The code finds the project (layouts, assets) from src/project.ts's place, which the bundle is not in.
        define: ownUrls
          ? {}
          : {
              "import.meta.url": JSON.stringify(pathToFileURL(path.join(ROOT, "src/project.ts")).href),
              ...(cjs ? { "import.meta.resolve": "__newsroomResolve" } : {}),
            },
        metafile: true,
        // Stack traces name the files of src/ (the map is read only when one is printed).
        sourcemap: "linked",
        // Stack traces need the mappings alone; the files are on disk.
        sourcesContent: false,
        logLevel: cjs ? "silent" : "error",
        // The CommonJS modules of Eleventy's graph require Node's own modules.
        banner: cjs
          ? {}
          : { js: 'import { createRequire as __newsroomRequire } from "node:module"; const require = __newsroomRequire(import.meta.url);' },
      });
    let format = cjs ? "cjs" : "mjs";
    bundling++;
    const result = await made(cjs)
      .catch((error) => {
        if (!cjs || !error?.errors?.some((e) => /top-level await/i.test(e.text))) throw error;
        format = "mjs";
        return made(false);
      })
      .finally(() => {
        // esbuild's process (~40 MB, more after a large bundle) would otherwise stay for the whole build, counted in its
        // memory (issue 19: a cold build bundles first); the next bundle starts another.
        if (--bundling === 0) return esbuild.stop();
      });
    // Packages' files are named by package-lock.json (hashed with the inputs); hashing them too would read ~450 files per start.
    const inputs = Object.keys(result.metafile.inputs)
      .filter((file) => !file.startsWith("node_modules/"))
      .sort();
    const file = `${named(inputs)}.${format}`;
    renameSync(`${staging}.map`, `${file}.map`);
    // The bundle names its map: the staging name is replaced by the bundle's own.
    let text = readFileSync(staging, "utf8").replace(/\/\/# sourceMappingURL=.*\n?$/, `//# sourceMappingURL=${path.basename(file)}.map\n`);
    if (format === "cjs") text = await withoutImportCalls(text);
    writeFileSync(staging, text);
    renameSync(staging, file);
    writeFileSync(`${inputsFile}.tmp-${process.pid}`, JSON.stringify(inputs));
    renameSync(`${inputsFile}.tmp-${process.pid}`, inputsFile);
    // Bundles of the same script for other code are not used again.
    for (const old of readdirSync(BIN))
      if (old.startsWith(`${name}-`) && !path.join(BIN, old).startsWith(file)) rmSync(path.join(BIN, old), { force: true });
    return file;
  } catch (error) {
    if (!fallback || (error?.code !== "EACCES" && error?.code !== "EROFS" && error?.code !== "EPERM")) throw error;
    // A read-only checkout: the script runs through tsx, slower to start.
    const { register } = await import("tsx/esm/api");
    register();
    return entry;
  }
}

/** Whether files can be made in `dir` (or, when it does not exist yet, in the nearest folder above it that does). */
function writable(dir) {
  let at = dir;
  while (!existsSync(at) && path.dirname(at) !== at) at = path.dirname(at);
  try {
    accessSync(at, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The bundle's `import()` calls, made calls of the launcher's `_imp__` (as long as `import`, so the source map's
 * columns hold): a function compiled from V8's code cache loses the dynamic import callback it was compiled
 * with (Node 20 answers "A dynamic import callback was not specified"), while one given to it from this ES
 * module imports as it does. Found by parsing (acorn), so text that only reads `import(` (the code a worker
 * thread evaluates, in a string) is left as it is. Every such import in the code names a package or a full URL.
 */
async function withoutImportCalls(text) {
  const { parse } = await import("acorn");
  const starts = [];
  const visit = (node) => {
    if (Array.isArray(node)) for (const item of node) visit(item);
    else if (node && typeof node.type === "string") {
      if (node.type === "ImportExpression") starts.push(node.start);
      for (const key in node) if (key !== "type" && typeof node[key] === "object") visit(node[key]);
    }
  };
  visit(parse(text, { ecmaVersion: "latest", sourceType: "script", allowReturnOutsideFunction: true, allowHashBang: true }));
  let out = "";
  let at = 0;
  for (const start of starts.sort((a, b) => a - b)) {
    out += `${text.slice(at, start)}_imp__`;
    at = start + "import".length;
  }
  return out + text.slice(at);
}

/**
 * Stack traces that name the generator's own files (src/, scripts/) and lines: Node maps the frames of the
 * files it loaded itself (`setSourceMapsEnabled`), not those of a script run through `vm`, so the bundle's
 * frames are mapped here, through its source map (read when a stack is first printed), and every other
 * frame through the map Node holds for its file, if any.
 */
function mapStacks(bundle) {
  let own;
  const mapOf = (file) => {
    if (file !== bundle) return findSourceMap(file);
    // A map gone or damaged (a build of other code removed it) leaves the bundle's frames as they are: the error is printed whatever.
    if (own === undefined)
      try {
        own = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, "utf8")));
      } catch {
        own = null;
      }
    return own ?? undefined;
  };
  Error.prepareStackTrace = (error, frames) => {
    let head;
    try {
      head = Error.prototype.toString.call(error);
    } catch {
      head = "Error";
    }
    const lines = frames.map((frame) => {
      const file = frame.getFileName();
      const line = frame.getLineNumber();
      const entry = file && line ? mapOf(file)?.findEntry(line - 1, frame.getColumnNumber() - 1) : undefined;
      if (!entry?.originalSource) return `    at ${frame}`;
      // The bundle's map names its sources relative to itself (`../../src/…`).
      const source = entry.originalSource.startsWith("file:")
        ? fileURLToPath(entry.originalSource)
        : path.resolve(path.dirname(file), entry.originalSource);
      const where = `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
      const name = frame.getFunctionName();
      return `    at ${frame.isAsync() ? "async " : ""}${name ? `${name} (${where})` : where}`;
    });
    return [head, ...lines].join("\n");
  };
}

/**
 * Packages, bundled: loading Eleventy's ~450 modules one by one took ~0.2 CPU s of every build's start-up
 * (and of every render thread's), and the generator's own packages (zod, yaml, markdown-it, gray-matter …)
 * are ~450 files more. Bundled is every package the code imports, in the files Node would load (esbuild
 * resolves `import` and `require` with Node's conditions, so a package that Node loads twice, as an ES
 * module and as CommonJS, is in the bundle twice, and one Node loads once is there once), except those that
 * start binaries, watchers or threads of their own files, load native code, or are imported only on
 * demand (`OUTSIDE`): they are required from node_modules. Bundled files keep their own
 * `import.meta.url`, `__dirname` and `__filename`, by which they find their package.json. A site's own
 * TypeScript (`ownUrls`) imports every package from node_modules, as without a bundle.
 */
function packagesInside(ownUrls) {
  return {
    name: "packages-inside",
    setup(build) {
      const own = new Set(Object.keys(JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).dependencies ?? {}));
      const packageOf = (spec) =>
        spec
          .split("/")
          .slice(0, spec.startsWith("@") ? 2 : 1)
          .join("/");
      const inModules = (file) => file.split(path.sep).includes("node_modules");
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.path.startsWith("node:")) return undefined;
        const name = packageOf(args.path);
        // The generator's development tools (fast-check, playwright-core …) stay outside, as do packages a site's own code imports.
        const outside = ownUrls || OUTSIDE.has(name) || (!inModules(args.importer) && !own.has(name));
        return outside ? { path: args.path, external: true } : undefined;
      });
      // `ownUrls`: every file, TypeScript too (a site's config bundled on its own).
      const kept = ownUrls ? /\.[cm]?[jt]s$/ : /[\\/]node_modules[\\/].*\.[cm]?js$/;
      build.onLoad({ filter: kept }, async (args) => {
        let text = readFileSync(args.path, "utf8");
        if (/import\.meta\.url|__dirname|__filename/.test(text))
          text = text
            .replaceAll("import.meta.url", JSON.stringify(pathToFileURL(args.path).href))
            .replace(/\b__dirname\b/g, (name) => (declares(text, name) ? name : JSON.stringify(path.dirname(args.path))))
            .replace(/\b__filename\b/g, (name) => (declares(text, name) ? name : JSON.stringify(args.path)));
        const loader = path.extname(args.path).slice(1).replace(/^[cm]/, "");
        return { contents: text, loader, resolveDir: path.dirname(args.path) };
      });
    },
  };
}

/** Whether a module names `name` itself (an ES module's `const __dirname = …`): then it is no CommonJS global to replace. */
function declares(text, name) {
  return new RegExp(`(?:const|let|var)\\s+${name}\\b`).test(text);
}
