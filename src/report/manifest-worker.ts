/**
 * The build report's article list in a worker thread (src/report/manifest-thread.ts): it reads the
 * last published list when the build starts, pairs this build's articles with its rows, makes the
 * new list's bytes and what changed, and writes the list when the build has published. Messages, in
 * order: `{ keys, count }` (each article's `manifestKey`, joined by newlines; "" for none) → `{ need }` (the
 * articles with no row, for which the build's thread makes entries); `{ entries, builtAt }` →
 * `{ compared }`; `{ write }` (the file) → `{ written }`. A failure answers `{ error }`.
 */
import { parentPort, workerData } from "node:worker_threads";
import { writeWhole } from "../content-store.ts";
import { CurrentManifest, comparedWith, type ManifestEntry, readManifest, rowsByKey, serializeManifest } from "./manifest.ts";

const port = parentPort;
if (!port) throw new Error("src/report/manifest-worker.ts runs in a worker thread");
const { file } = workerData as { file: string };
const previous = readManifest(file);
let rows: (number | ManifestEntry | undefined)[] = [];
let bytes: Buffer | undefined;

port.on("message", (message: { keys?: string; count?: number; entries?: ManifestEntry[]; builtAt?: string; write?: boolean }) => {
  try {
    if (message.keys !== undefined) {
      const keys = message.count === 0 ? [] : message.keys.split("\n").map((key) => key || undefined);
      rows = rowsByKey(keys, previous);
      const need: number[] = [];
      for (let i = 0; i < rows.length; i++) if (rows[i] === undefined) need.push(i);
      port.postMessage({ need });
    } else if (message.entries) {
      const entries = message.entries;
      if (entries.length !== rows.filter((row) => row === undefined).length) throw new Error("an entry for each article without a row was expected");
      let next = 0;
      const current = new CurrentManifest(
        rows.map((row) => row ?? (entries[next++] as ManifestEntry)),
        previous,
      );
      bytes = serializeManifest(message.builtAt ?? "", current);
      port.postMessage({ compared: comparedWith(previous, current) });
    } else if (message.write) {
      if (!bytes) throw new Error("no article list made");
      writeWhole(file, bytes);
      port.postMessage({ written: true });
    }
  } catch (error) {
    port.postMessage({ error: String((error as Error)?.stack ?? error) });
  }
});
