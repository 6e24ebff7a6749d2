// `node scripts/run.mjs <script> [args]`: what `npm run build` and `npm run merge` run. The script
// (scripts/<script>.ts) and the generator's code are bundled by esbuild into one file, kept in
// .cache/bin/ under the hash of the code, and run from there: loaded through tsx's hooks, each of the
// ~150 modules of src/ and every module of Eleventy's graph cost ~0.8 CPU seconds of start-up per build
// (issue 19). The site's own TypeScript (content/site.config.ts) is imported through tsx when it
// is read (src/ts-import.ts). A project folder that cannot be written to runs the script through tsx.
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
process.setSourceMapsEnabled(true);
await import(pathToFileURL(script).href);

/**
 * The bundle of `entry` (under `name`) for the code as it is, made when missing. Beside the bundles, esbuild's list
 * of the files it read (`<script>.inputs.json`): the bundle's name is the hash of those files' bytes
 * (and of package-lock.json), so an edit to any of them, or a file gone, makes a new one.
 */
async function bundled(name, entry) {
  const inputsFile = path.join(BIN, `${name}.inputs.json`);
  const named = (inputs) => {
    const hash = createHash("sha256");
    for (const file of [...inputs, "package-lock.json"])
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
      // Packages are imported from node_modules, as under tsx: one copy of each, resolved from here.
      packages: "external",
      // The code finds the project (layouts, assets) from src/project.ts's place, which the bundle is not in.
      define: { "import.meta.url": JSON.stringify(pathToFileURL(path.join(ROOT, "src/project.ts")).href) },
      metafile: true,
      // Stack traces name the files of src/ (the map is read only when one is printed).
      sourcemap: "linked",
      logLevel: "error",
    });
    const inputs = Object.keys(result.metafile.inputs).sort();
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
