/**
 * `npm start`: builds a preview (drafts and embargoed articles included, with a
 * banner) into .cache/preview/, serves it with Eleventy's dev server and rebuilds on
 * every change to content, layouts, assets or the engine, reloading the browser.
 * A rebuild with errors prints them and keeps serving the last good preview.
 */
import { watch } from "node:fs";
import path from "node:path";
import EleventyDevServer from "@11ty/eleventy-dev-server";
import { NewsroomError } from "../errors/content-error.ts";
import { loadConfig } from "../model/load.ts";
import { Urls } from "../model/urls.ts";
import { PROJECT_ROOT } from "../project.ts";
import { build } from "./build.ts";
import { type PreviewState, previewState, updatePreview } from "./preview-update.ts";
import { quickUpdate } from "./quick-update.ts";

export const PREVIEW_DIR = ".cache/preview/_site";

/** A change that always needs the full rebuild (layouts, assets, the engine). */
const FULL = "*";

export interface PreviewServer {
  url: string;
  close(): Promise<void>;
}

export async function startPreview(root: string, port = 8080, log: (line: string) => void = console.log): Promise<PreviewServer> {
  const output = path.join(root, PREVIEW_DIR);
  let last: PreviewState | undefined;
  const rebuild = async (): Promise<boolean> => {
    const started = performance.now();
    try {
      const result = await build(root, output, { preview: true });
      log(
        `preview: ${result.prepared.site.articles.length} articles, ${result.pages} pages in ${((performance.now() - started) / 1000).toFixed(2)} s`,
      );
      last = previewState(result.prepared, result.keyedPages);
      return true;
    } catch (error) {
      log(error instanceof NewsroomError ? error.message : String((error as Error).stack ?? error));
      return false;
    }
  };
  const { basePath } = new Urls((await loadConfig(root)).baseUrl);
  await rebuild();
  const server = EleventyDevServer.getServer("newsroom-preview", output, {
    liveReload: true,
    domDiff: false,
    showVersion: false,
    pathPrefix: basePath,
    messageOnStart: () => false,
    logger: { log, info: log, error: log },
  });
  server.serve(port);
  await server.ready();

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const changed = new Set<string>();
  /**
   * One article changed: when only its own page shows the change, re-render that page alone
   * (src/build/quick-update.ts); else rebuild the model in memory and re-render the pages
   * whose inputs changed (src/build/preview-update.ts).
   */
  const quick = async (): Promise<boolean> => {
    const files = [...changed];
    changed.clear();
    if (files.length !== 1 || !last || files[0] === FULL) return false;
    const file = files[0] as string;
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    try {
      const result = await quickUpdate(root, last.prepared, file, output);
      if ("updated" in result) {
        last = { ...last, edited: new Set([...(last.edited ?? []), result.article]) };
        log(`preview: re-rendered ${result.updated} in ${ms()} ms`);
        return true;
      }
      const update = await updatePreview(root, last, file, output);
      if ("full" in update) return false;
      last = update.state;
      log(`preview: ${file} changed other pages: ${update.updated} written, ${update.removed} removed in ${ms()} ms`);
      return true;
    } catch (error) {
      log(error instanceof NewsroomError ? error.message : String((error as Error).stack ?? error));
      return true;
    }
  };
  const onChange = (repoFile: string) => {
    if (/(^|\/)(\.cache|_site|node_modules|\.git)(\/|$)/.test(repoFile)) return;
    changed.add(repoFile);
    clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(async () => {
        if ((await quick()) || (await rebuild())) server.reloadFiles([path.join(output, "index.html")], false);
      });
    }, 100);
  };
  const watchers = [
    watch(path.join(root, "content"), { recursive: true }, (_e, file) => onChange(file ? `content/${file.split(path.sep).join("/")}` : FULL)),
    ...["layouts", "assets", "src"].map((d) => watch(path.join(PROJECT_ROOT, d), { recursive: true }, () => onChange(FULL))),
  ];
  return {
    url: server.getServerUrl("localhost"),
    async close() {
      clearTimeout(timer);
      for (const w of watchers) w.close();
      await running;
      await server.close();
    },
  };
}
