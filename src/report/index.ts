/**
 * The build report's hook into `npm run build` (scripts/build.ts): start it before the build
 * (it notes every phase and reads the last published build's article list), then hand it the
 * result or the error. A report that cannot be written is said on stderr; it never turns a
 * published build into a failed one, nor hides why a build failed.
 */
import path from "node:path";
import type { DateTime } from "luxon";
import { writeWhole } from "../content-store.ts";
import { loadConfig } from "../model/load.ts";
import type { BuildResult } from "../pipeline/build.ts";
import type { Prepared } from "../pipeline/prepare.ts";
import { collectPhases } from "../pipeline/progress.ts";
import { SiteConfigSchema } from "../schema/site.ts";
import { startChartWorker } from "./chart-worker.ts";
import { type CurrentManifest, comparedWith, serializeManifest } from "./manifest.ts";
import { type ManifestThread, manifestThreadFor } from "./manifest-thread.ts";
import { builtAtText, currentManifest, failedReport, publishedReport } from "./model.ts";
import { MANIFEST_FILE, previousManifest, REPORT_DIR, writeReport } from "./write.ts";

export interface ReportSession {
  /**
   * While the build waits for its search index: makes the list of published articles the report keeps
   * (its rows, and the file's bytes), which `published` then writes. A failure here is left to `published`,
   * which makes the list again and says what failed.
   */
  whileIndexing(ready: Prepared): void;
  /** Once the site is checked: a thread of its own starts pairing a large list's rows (`manifestThreadFor`). */
  prepared(ready: Prepared): void;
  published(result: BuildResult): Promise<void>;
  failed(error: unknown): Promise<void>;
}

export function startReport(root: string, now: DateTime): ReportSession {
  const phases = collectPhases();
  const started = performance.now();
  // The last published build's article list, read when first needed (while the build waits for its search index,
  // most often) rather than before the build starts: at 100,000 articles ~43 MB, ~0.05 s of the build's own time.
  // Nothing the build does writes it: only this report, after the build.
  let previous: { list: ReturnType<typeof previousManifest> } | undefined;
  const previousList = () => {
    previous ??= { list: previousManifest(root) };
    return previous.list;
  };
  // Vega loads in a worker while the build runs: the report's chart is ready when the build ends.
  const charts = startChartWorker();
  const elapsed = () => (performance.now() - started) / 1000;
  const show = (file: string) => path.relative(root, file) || file;
  // A large last list is read, paired and written by a thread of its own (src/report/manifest-thread.ts).
  const thread = manifestThreadFor(path.join(root, REPORT_DIR, MANIFEST_FILE));
  let threadFor: Prepared | undefined;
  // The article list made on this thread while the build waited, for the prepared site it was made from.
  let early: { ready: Prepared; current: CurrentManifest; bytes: Buffer } | undefined;
  /** This build's list made on this thread: what changed, and how to write it. */
  const madeHere = (ready: Prepared) => {
    const made = early?.ready === ready ? early : undefined;
    const current = made?.current ?? currentManifest(ready.site.articles, previousList());
    const compared = comparedWith(previousList(), current);
    const bytes = made?.bytes;
    return { compared, write: (file: string) => writeWhole(file, bytes ?? serializeManifest(builtAtText(ready.site), current)) };
  };
  /** Has the thread pair `ready`'s articles with the last list's rows, once for each prepared site. */
  const compareIn = (thread: ManifestThread, ready: Prepared) => {
    if (threadFor === ready) return;
    thread.compare(ready.site.articles, builtAtText(ready.site));
    threadFor = ready;
  };
  /** The same, from the thread (started now unless the build's `prepared` hook started it); this thread's way should the thread fail. */
  const madeThere = async (ready: Prepared, thread: ManifestThread) => {
    try {
      compareIn(thread, ready);
      return { compared: await thread.compared(), write: () => thread.write() };
    } catch {
      return madeHere(ready);
    }
  };
  return {
    prepared(ready) {
      if (thread) compareIn(thread, ready);
    },
    whileIndexing(ready) {
      if (thread) return;
      try {
        const current = currentManifest(ready.site.articles, previousList());
        early = { ready, current, bytes: serializeManifest(builtAtText(ready.site), current) };
      } catch {
        early = undefined;
      }
    },
    async published(result) {
      const writing = performance.now();
      try {
        // The published folder's size as the publish step counted it: no walk over the output.
        const output = { files: result.published.files, bytes: result.published.bytes };
        // Made from the site the build published: the same articles, and the time the report names (`builtAtText`).
        const list = thread ? await madeThere(result.prepared, thread) : madeHere(result.prepared);
        const report = publishedReport({ result, output, compared: list.compared, phases, seconds: elapsed() });
        const written = await writeReport(root, report, list.write, process.env, charts.render);
        const took = ((performance.now() - writing) / 1000).toFixed(2);
        console.log(
          `report: ${show(written.html)} and ${show(written.json)} in ${took} s${written.summary ? `; summary added to ${written.summary}` : ""}`,
        );
      } catch (error) {
        console.error(`report: the build was published, but its report could not be written: ${(error as Error).stack ?? error}`);
      } finally {
        await Promise.all([charts.close(), thread?.close()]);
      }
    },
    async failed(error) {
      try {
        // The config may be what failed: the report then uses the schema's default time zone.
        const config = await loadConfig(root).catch(() => undefined);
        const report = failedReport({
          error,
          phases,
          seconds: elapsed(),
          builtAt: now,
          timeZone: config?.timeZone ?? SiteConfigSchema.shape.timeZone.parse(undefined),
          baseUrl: config?.baseUrl,
          previous: previousList(),
        });
        const written = await writeReport(root, report, undefined, process.env, charts.render);
        // On stdout, as the progress lines: stderr carries the problems alone, which editors and tests read.
        console.log(`report: ${show(written.html)} lists the problems${written.summary ? `; summary added to ${written.summary}` : ""}`);
      } catch (writing) {
        console.error(`report: could not be written: ${(writing as Error).message}`);
      } finally {
        await Promise.all([charts.close(), thread?.close()]);
      }
    },
  };
}
