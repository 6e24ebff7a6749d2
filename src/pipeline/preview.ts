/**
 * `npm start`: builds a preview (drafts and embargoed articles included, with a
 * banner) into .cache/preview/, serves it with Eleventy's dev server and updates it on
 * every change to content, layouts, assets or the engine, reloading the browser.
 * Changes are found by content (src/pipeline/preview-watch.ts), so a save is seen however
 * it is made and a save that changes no byte does nothing. An update with errors prints
 * them and keeps serving the last good preview; the update that fixes them says so.
 * Every update and every error is logged. The CMS is at /admin/, saving into this repository
 * through its local backend (src/cms/).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import EleventyDevServer from "@11ty/eleventy-dev-server";
import { adminPageMiddleware, localBackend } from "../cms/local-backend.ts";
import { ContentError, NewsroomError } from "../errors/content-error.ts";
import { loadConfig } from "../model/load.ts";
import { Urls } from "../model/urls.ts";
import { PROJECT_ROOT } from "../project.ts";
import { build } from "./build.ts";
import { collectIfGrown } from "./memory.ts";
import { type PreviewState, previewState, readyForTextEdits, updatePreview } from "./preview-update.ts";
import { TreeWatch } from "./preview-watch.ts";

export const PREVIEW_DIR = ".cache/preview/_site";

/** A change that always needs the full rebuild (layouts, assets, the engine). */
const FULL = "*";
/** A save is a burst of events: the preview waits until none came for this long … */
const SETTLE_MS = 100;
/** … or until the first of them is this old. */
const MAX_WAIT_MS = 1000;
/**
 * After an update that built a new model, the preview indexes where it holds each article
 * (what makes the next text edit quick) once no save has come for this long.
 */
const IDLE_MS = 1000;

export interface PreviewServer {
  url: string;
  close(): Promise<void>;
}

export async function startPreview(root: string, port = 8080, log: (line: string) => void = console.log): Promise<PreviewServer> {
  const output = path.join(root, PREVIEW_DIR);
  // Watched, and every file's content recorded, before the first build reads them: no save goes unseen.
  let started = false;
  const watcher = new TreeWatch(
    () => {
      if (started) kick();
    },
    (problem) => log(`preview: ${problem}`),
  );
  for (const folder of [path.join(root, "content"), ...["layouts", "assets", "src"].map((d) => path.join(PROJECT_ROOT, d))]) watcher.add(folder);

  let last: PreviewState | undefined;
  /** The wait before indexing the last update's model (IDLE_MS); any save cancels it. */
  let idle: NodeJS.Timeout | undefined;
  /**
   * Repository-relative files whose last update failed: the next update that shows them says
   * they are fixed, or, when the file is gone, that it was removed (its problems with it).
   */
  const broken = new Set<string>();
  const fail = (error: unknown, files: readonly string[]) => {
    log(error instanceof NewsroomError ? error.message : String((error as Error).stack ?? error));
    const named = error instanceof ContentError ? error.problems.filter((p) => p.severity === "error").map((p) => p.file) : [];
    for (const file of named.length ? named : files) if (file !== FULL) broken.add(file);
  };
  const fixed = (files: Iterable<string>) => {
    for (const file of [...files]) if (broken.delete(file)) log(`preview: ${file} ${existsSync(path.join(root, file)) ? "is fixed" : "was removed"}`);
  };
  const rebuild = async (files: readonly string[]): Promise<boolean> => {
    const started = performance.now();
    try {
      const result = await build(root, output, { preview: true });
      fixed(broken);
      const after = files.includes(FULL)
        ? ", after a change to the engine (layouts, assets or src/)"
        : files.length
          ? `, after a change to ${files.length === 1 ? files[0] : `${files.length} files`}`
          : "";
      log(
        `preview: ${result.prepared.site.articles.length} articles, ${result.pages} pages in ${((performance.now() - started) / 1000).toFixed(2)} s${after}`,
      );
      last = previewState(result.prepared);
      // The build's garbage goes now, while nobody waits, not during the first edit's update.
      collectIfGrown();
      return true;
    } catch (error) {
      fail(error, files);
      return false;
    }
  };
  const { basePath } = new Urls((await loadConfig(root)).baseUrl);
  /** After a failed full build the preview may lag behind by more than one file: only a full build catches it up. */
  let needFull = !(await rebuild([]));
  const server = EleventyDevServer.getServer("newsroom-preview", output, {
    liveReload: true,
    domDiff: false,
    showVersion: false,
    pathPrefix: basePath,
    // The CMS at /admin/ with its local backend (src/cms/local-backend.ts).
    middleware: [adminPageMiddleware(output, basePath), await localBackend(root, basePath, log)],
    messageOnStart: () => false,
    logger: { log, info: log, error: log },
  });
  server.serve(port);
  await server.ready();

  /**
   * One article changed: rebuild the model in memory and re-render the pages whose views
   * changed (src/pipeline/preview-update.ts). False: it needs the full build.
   */
  const single = async (file: string): Promise<boolean> => {
    if (!last) return false;
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    try {
      const update = await updatePreview(root, last, file, output);
      if ("full" in update) return false;
      last = update.state;
      fixed([file]);
      log(`preview: ${file}: ${update.updated} written, ${update.removed} removed in ${ms()} ms`);
      const state = last;
      idle = setTimeout(() => readyForTextEdits(state), IDLE_MS);
      idle.unref();
      return true;
    } catch (error) {
      if (error instanceof ContentError) {
        fail(error, [file]);
        return true;
      }
      log(`preview: updating for ${file} failed (${(error as Error).message ?? error}); building the whole preview`);
      return false;
    }
  };
  /** Brings the preview up to date with `files` (repository-relative, or FULL); every outcome is logged. */
  const apply = async (files: string[]) => {
    if (files.length === 1 && !needFull && (await single(files[0] as string))) return reload();
    needFull = !(await rebuild(files));
    if (!needFull) reload();
  };
  const reload = () => server.reloadFiles([path.join(output, "index.html")], false);

  const content = path.join(root, "content");
  const relative = (file: string) => (file.startsWith(content + path.sep) ? path.relative(root, file).split(path.sep).join("/") : FULL);
  let running: Promise<void> | undefined;
  let closed = false;
  /**
   * Runs while there is anything to look at: waits until the burst a save makes has settled
   * (or has gone on for a second), compares the hinted files' content and updates the preview
   * with what changed. Saves that arrive during an update are looked at after it, with the
   * files the update read, in case a save fell between the comparison and the read.
   */
  const loop = async () => {
    while (!closed && watcher.pending) {
      const now = performance.now();
      const wait = Math.min(watcher.lastHint + SETTLE_MS, watcher.firstHint + MAX_WAIT_MS) - now;
      if (wait > 0) {
        await new Promise((r) => setTimeout(r, wait));
        continue;
      }
      const changed = watcher.changes();
      if (!changed.length) continue;
      await apply([...new Set(changed.map(relative))]);
      watcher.hint(changed);
    }
  };
  const kick = () => {
    clearTimeout(idle);
    running ??= loop()
      .catch((error) => log(String((error as Error).stack ?? error)))
      .finally(() => {
        running = undefined;
      });
  };
  started = true;
  kick();
  return {
    url: server.getServerUrl("localhost"),
    async close() {
      closed = true;
      clearTimeout(idle);
      watcher.close();
      await running;
      await server.close();
    },
  };
}
