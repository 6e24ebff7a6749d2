/**
 * What a worker thread of the build's own code runs: its bundle, when the build runs bundled
 * (scripts/run.mjs makes it beside the build's own, under the hash of its code); its source through
 * tsx otherwise (the tests, the preview). Used by the render threads (render-workers.ts) and the
 * search index's feeding threads (search-thread.ts).
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PROJECT_ROOT } from "../project.ts";

/** `name`: the bundle's name; `file`: the thread's module, relative to the project (`src/pipeline/render-worker.ts`). */
export async function threadSource(name: string, file: string): Promise<{ code: string; entry: string }> {
  const bundle = (globalThis as { [k: symbol]: ((name: string, entry: string) => Promise<string>) | undefined })[Symbol.for("newsroom.bundle")];
  // A read-only checkout has no bundles: the source, through tsx.
  const bundled = await bundle?.(name, file);
  if (bundled?.endsWith(".mjs")) {
    const entry = bundled;
    return { code: "import(require('node:worker_threads').workerData.entry);", entry: pathToFileURL(entry).href };
  }
  const entry = pathToFileURL(path.join(PROJECT_ROOT, file)).href;
  return {
    code: `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((tsx) => { tsx.register(); return import(require('node:worker_threads').workerData.entry); });`,
    entry,
  };
}
