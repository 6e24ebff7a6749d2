// What `node scripts/run.mjs --prepare` (package.json's `prepare`, run by `npm ci`) bundles ahead of the first build:
// the scripts package.json runs through the launcher, and the threads of the generator's own code they start
// (src/worker-source.ts `workerSource(name, entry)`). A test (tests/e2e/launcher.test.ts) holds both lists to
// package.json and to every `workerSource` call in src/.
/** Where the launcher keeps its bundles, relative to the project (the publish workflows cache it). */
export const BUNDLES_DIR = ".cache/bin";

export const PREPARED = {
  scripts: ["build", "check", "merge"],
  /** [bundle's name, module's path in the project]. */
  threads: [
    ["parse-worker", "src/model/parse-worker.ts"],
    ["render-worker", "src/pipeline/render-worker.ts"],
    ["manifest-worker", "src/report/manifest-worker.ts"],
  ],
};
