/**
 * What a worker thread of the generator's own TypeScript runs: the module's bundle, when the build
 * runs bundled (scripts/run.mjs makes it beside the build's own, under the hash of its code); through
 * tsx otherwise (the tests, the preview, a read-only checkout). `entry` is the module's path in the
 * project (`src/pipeline/render-worker.ts`), `name` its bundle's.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PROJECT_ROOT } from "./project.ts";

export async function workerSource(name: string, entry: string): Promise<{ code: string; entry: string }> {
  const bundle = (globalThis as { [k: symbol]: ((name: string, entry: string) => Promise<string>) | undefined })[Symbol.for("newsroom.bundle")];
  // A read-only checkout has no bundles: the source, through tsx.
  const bundled = await bundle?.(name, entry);
  if (bundled?.endsWith(".mjs")) {
    return { code: "import(require('node:worker_threads').workerData.entry);", entry: pathToFileURL(bundled).href };
  }
  return {
    code: `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => { tsx.register(); return import(require('node:worker_threads').workerData.entry); });`,
    entry: pathToFileURL(path.join(PROJECT_ROOT, entry)).href,
  };
}
