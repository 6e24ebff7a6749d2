import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

// The launcher's bundles (scripts/run.mjs): where they are kept, which `npm ci` makes ahead, and how each is named.

/** Where the launcher keeps its bundles, relative to the project (the publish workflows cache it). */
export const BUNDLES_DIR = ".cache/bin";

/**
 * What `node scripts/run.mjs --prepare` (package.json's `prepare`, run by `npm ci`) bundles ahead of the first build:
 * the scripts package.json runs through the launcher, and the threads of the generator's own code they start
 * (src/worker-source.ts `workerSource(name, entry)`). A test (tests/e2e/launcher.test.ts) holds both lists to
 * package.json and to every `workerSource` call in src/.
 */
export const PREPARED = {
  scripts: ["build", "check", "merge"],
  /** [bundle's name, module's path in the project]. */
  threads: [
    ["parse-worker", "src/model/parse-worker.ts"],
    ["render-worker", "src/pipeline/render-worker.ts"],
    ["manifest-worker", "src/report/manifest-worker.ts"],
  ],
};

/**
 * What a bundle's name hashes besides the files esbuild read for it (`<name>.inputs.json`): how it is made
 * (the launcher), the packages (package-lock.json), the project's own settings esbuild reads without listing
 * them (package.json, tsconfig.json), and the project's folder, which the bundle names in absolute paths (a
 * cached `.cache/bin` restored into another checkout is not used).
 */
const ALSO_HASHED = ["package-lock.json", "package.json", "tsconfig.json", "scripts/run.mjs"];

/** A bundle's path without its extension: `<bin>/<name>-<hash of its inputs' bytes>`; a file missing counts as such. */
export function bundleStem(root, bin, name, inputs) {
  const hash = createHash("sha256").update(`${root}\0`);
  for (const file of [...inputs, ...ALSO_HASHED]) {
    let bytes;
    try {
      bytes = readFileSync(path.join(root, file));
    } catch (error) {
      if (error?.code !== "ENOENT") throw error;
      bytes = "\0absent";
    }
    hash.update(`${file}\0`).update(bytes).update("\0");
  }
  return path.join(bin, `${name}-${hash.digest("hex").slice(0, 20)}`);
}
