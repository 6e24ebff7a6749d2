// `node scripts/run.mjs <script> [args]`: what `npm run build` and `npm run merge` run. The script
// (scripts/<script>.ts) and the generator's code are bundled by esbuild into one file, kept in
// .cache/bin/ under the hash of the code, and run from there: loaded through tsx's hooks, each of the
// ~150 modules of src/ and every module of Eleventy's graph cost ~0.8 CPU seconds of start-up per build
// (issue 19). Eleventy's own graph is in the bundle too (`eleventyInside`). The site's own TypeScript
// (content/site.config.ts) is bundled when it is read (src/ts-import.ts), or required through tsx where
// it is CommonJS. A project folder that cannot be written to runs the script through tsx.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(ROOT, ".cache/bin");

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

const script = await bundled(name, entry);
// Code that starts a thread of its own code (src/pipeline/render-workers.ts) has it bundled the same way, beside this one.
globalThis[Symbol.for("newsroom.bundle")] = (worker, source) => bundled(worker, path.join(ROOT, source));
// A site's own TypeScript of ES-module syntax (content/site.config.ts in a `"type": "module"` project) is
// bundled too, beside the build's: through tsx's loader it took a loader thread that every import
// of the file's graph waits on (~0.25 s of every build's start-up). Its files keep their own URLs.
globalThis[Symbol.for("newsroom.bundleTs")] = (file) =>
  bundled(`ts-${createHash("sha256").update(file).digest("hex").slice(0, 12)}`, file, { ownUrls: true });
process.setSourceMapsEnabled(true);
await import(pathToFileURL(script).href);

/**
 * The bundle of `entry` (under `name`) for the code as it is, made when missing. Beside the bundles, esbuild's list
 * of the files it read (`<script>.inputs.json`): the bundle's name is the hash of those files' bytes
 * (and of package-lock.json), so an edit to any of them, or a file gone, makes a new one.
 */
async function bundled(name, entry, { ownUrls = false } = {}) {
  const inputsFile = path.join(BIN, `${name}.inputs.json`);
  const named = (inputs) => {
    const hash = createHash("sha256");
    // This file too: it says how the bundle is made.
    for (const file of [...inputs, "package-lock.json", "scripts/run.mjs"])
      hash
        .update(`${file}\0`)
        .update(readFileSync(path.join(ROOT, file)))
        .update("\0");
    return path.join(BIN, `${name}-${hash.digest("hex").slice(0, 20)}.mjs`);
  };
  try {
    const file = named(JSON.parse(readFileSync(inputsFile, "utf8")));
    if (existsSync(file)) return file;
  } catch {}
  try {
    const esbuild = await import("esbuild");
    mkdirSync(BIN, { recursive: true });
    const staging = path.join(BIN, `${name}.tmp-${process.pid}`);
    const result = await esbuild.build({
      entryPoints: [entry],
      // Inputs are listed relative to the project, wherever the site being built is.
      absWorkingDir: ROOT,
      outfile: staging,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      // Eleventy's module graph (~450 files) is bundled in; every other package is imported from node_modules.
      plugins: [eleventyInside(ownUrls)],
      // The code finds the project (layouts, assets) from src/project.ts's place, which the bundle is not in.
      define: ownUrls ? {} : { "import.meta.url": JSON.stringify(pathToFileURL(path.join(ROOT, "src/project.ts")).href) },
      metafile: true,
      // Stack traces name the files of src/ (the map is read only when one is printed).
      sourcemap: "linked",
      // Stack traces need the mappings alone; the files are on disk.
      sourcesContent: false,
      logLevel: "error",
      // The CommonJS modules of Eleventy's graph require Node's own modules.
      banner: { js: 'import { createRequire as __newsroomRequire } from "node:module"; const require = __newsroomRequire(import.meta.url);' },
    });
    // Packages' files are named by package-lock.json (hashed with the inputs); hashing them too would read ~450 files per start.
    const inputs = Object.keys(result.metafile.inputs)
      .filter((file) => !file.startsWith("node_modules/"))
      .sort();
    const file = named(inputs);
    renameSync(`${staging}.map`, `${file}.map`);
    // The bundle names its map: the staging name is replaced by the bundle's own.
    writeFileSync(
      staging,
      readFileSync(staging, "utf8").replace(/\/\/# sourceMappingURL=.*\n?$/, `//# sourceMappingURL=${path.basename(file)}.map\n`),
    );
    renameSync(staging, file);
    writeFileSync(`${inputsFile}.tmp-${process.pid}`, JSON.stringify(inputs));
    renameSync(`${inputsFile}.tmp-${process.pid}`, inputsFile);
    // Bundles of the same script for other code are not used again.
    for (const old of readdirSync(BIN))
      if (old.startsWith(`${name}-`) && !path.join(BIN, old).startsWith(file)) rmSync(path.join(BIN, old), { force: true });
    return file;
  } catch (error) {
    if (error?.code !== "EACCES" && error?.code !== "EROFS" && error?.code !== "EPERM") throw error;
    // A read-only checkout: the script runs through tsx, slower to start.
    const { register } = await import("tsx/esm/api");
    register();
    return entry;
  }
}

/**
 * Eleventy, bundled: loading its ~450 modules one by one took ~0.2 CPU s of every build's start-up
 * (and of every render thread's). Bundled with it is what it imports, except packages the
 * generator imports itself where Node would give Eleventy the same file (one copy of luxon,
 * markdown-it, js-yaml …, as without the bundle) and those that start binaries or watchers. Its
 * files keep their own `import.meta.url`, `__dirname` and `__filename`, by which it finds its
 * package.json. Every other package stays in node_modules, imported from there.
 */
function eleventyInside(ownUrls) {
  return {
    name: "eleventy-inside",
    setup(build) {
      const own = new Set(Object.keys(JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).dependencies ?? {}));
      const outside = new Set(["@11ty/eleventy-dev-server", "chokidar", "esbuild", "fsevents"]);
      const packageOf = (spec) =>
        spec
          .split("/")
          .slice(0, spec.startsWith("@") ? 2 : 1)
          .join("/");
      const inModules = (file) => file.split(path.sep).includes("node_modules");
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.path.startsWith("node:") || args.pluginData === "resolving") return undefined;
        const name = packageOf(args.path);
        if (!inModules(args.importer)) return name === "@11ty/eleventy" ? undefined : { path: args.path, external: true };
        if (outside.has(name)) return { path: args.path, external: true };
        if (!own.has(name)) return undefined;
        // A package the generator imports too: external when Eleventy's import finds the generator's copy.
        const found = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: "resolving" });
        const top = path.join(ROOT, "node_modules", name) + path.sep;
        return found.path.startsWith(top) ? { path: args.path, external: true } : undefined;
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
