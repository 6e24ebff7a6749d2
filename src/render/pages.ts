/**
 * The renderer host: one Eleventy virtual template per page type, paginated one page each
 * over the pages it is given (their output file and view, src/pages/plan.ts), rendering each
 * view with its layout (src/render/layouts.ts). Templates are excluded from collections:
 * Eleventy's collection bookkeeping grows with pages × tags (REFERENCE.md §12) and we do not use it.
 */
import path from "node:path";
import type { RenderContext } from "../../layouts/base.ts";
import { bodyRenderer } from "../../layouts/body.ts";
import { LOGO_PATH } from "../model/paths.ts";
import type { SiteModel } from "../model/site.ts";
import { chromeDigestInput, chromeOf } from "../pages/chrome.ts";
import { fullTextArticles } from "../pages/feeds.ts";
import type { Kind, ViewOf } from "../pages/index.ts";
import { pageKeysGlobal } from "../pages/keys.ts";
import type { PlannedPage } from "../pages/plan.ts";
import { PROJECT_ROOT } from "../project.ts";
import type { Article } from "../schema/article.ts";
import { hashedAsset, LOGO_FILE } from "./assets.ts";
import { BodyCache } from "./body-cache.ts";
import { renderView } from "./layouts.ts";

/** The slice of Eleventy's config API we use (Eleventy 3 ships no types). */
export interface EleventyConfigApi {
  addTemplate(path: string, content: unknown, data?: unknown): void;
  addPlugin<T>(plugin: (config: EleventyConfigApi, options: T) => void, options: T): void;
  addPassthroughCopy(copy: Record<string, string>): void;
  setTemplateFormats(formats: string[]): void;
}

/** One Eleventy run's work. */
export interface RenderJob {
  ctx: RenderContext;
  pages: readonly PlannedPage[];
  /** Also publish the hashed stylesheet and search script and the logo (the first run of a build). */
  assets: boolean;
  /** Called with each page as it is rendered (the build notes its links for the link check). */
  rendered?: (file: string, text: string) => void;
  /**
   * Turns of the event loop between pages (`loopTurns`). Eleventy renders and writes a run's pages one
   * after another without giving the loop a turn, so I/O that the build's thread serves stands still for
   * the whole run: the search index's pipe to the Pagefind process beside the render (src/pipeline/search-index.ts
   * `turnMs`) moved ~64 KB of records per run.
   */
  turns?: LoopTurns;
  /**
   * Hand Eleventy each page as bytes (a Buffer, outside V8's heap) rather than a string: the build's runs
   * (src/pipeline/render-pass.ts). Eleventy renders every page of a run before it writes any, and holds
   * each until the run returns, so a page's HTML outlived two scavenges: V8 copied it twice and its full
   * collections marked it (a cold 20k build: 1,779 MB promoted by scavenges, with bytes 813 MB; the process's
   * peak 1.15–1.23 GiB, with bytes 0.96–1.04). Eleventy started directly (.eleventy.ts) keeps strings, which
   * its `--to=json` output needs.
   */
  bytes?: boolean;
}

/** Eleventy's configuration for a render job: passed as `config` to `new Eleventy(…)`, or from .eleventy.ts. */
export function eleventySetup(job: RenderJob): (config: EleventyConfigApi) => void {
  return (config) => {
    // Articles are Markdown read by our own pipeline, never by a template engine.
    config.setTemplateFormats(["11ty.js"]);
    config.addPlugin(pagesPlugin, job);
  };
}

export function pagesPlugin(config: EleventyConfigApi, job: RenderJob): void {
  const { ctx, rendered, turns, bytes } = job;
  if (job.assets) {
    for (const [name, file] of [
      ["stylesheet", "assets/site.css"],
      ["search-script", "assets/search.js"],
      ["feed-script", "assets/feed.js"],
    ] as const) {
      const asset = hashedAsset(PROJECT_ROOT, file);
      config.addTemplate(`${name}.11ty.js`, { data: { permalink: asset.path, eleventyExcludeFromCollections: true }, render: () => asset.content });
    }
    // Logo for structured data and feeds, at a stable path (LOGO_PATH): others link to it.
    config.addPassthroughCopy({ [path.join(PROJECT_ROOT, LOGO_FILE)]: LOGO_PATH.slice(1) });
  }
  const byKind = new Map<Kind, PlannedPage[]>();
  for (const page of job.pages) {
    const list = byKind.get(page.kind);
    if (list) list.push(page);
    else byKind.set(page.kind, [page]);
  }
  for (const [kind, pages] of byKind) {
    config.addTemplate(`${kind}.11ty.js`, {
      data: {
        pagination: { data: "items", size: 1, alias: "page" },
        items: pages.map((p) => new EleventyPage(p.file, p.view)),
        permalink: (data: { page: EleventyPage }) => data.page.file,
        eleventyExcludeFromCollections: true,
      },
      render: (data: { page: EleventyPage }) => {
        const render = () => {
          const text = renderView(kind, ctx, data.page.view as ViewOf<typeof kind>);
          rendered?.(data.page.file, text);
          return bytes ? Buffer.from(text) : text;
        };
        // Eleventy awaits each page's render before the next: a page that waits for a turn lets the loop serve I/O.
        if (turns?.due()) return turns.next().then(render);
        // Bytes in a promise: Eleventy's JavaScript engine turns a Buffer returned as it is into a string
        // (its `normalize`); one a promise resolves to, it keeps and writes as it is.
        return bytes ? Promise.resolve(render()) : render();
      },
    });
  }
}

/**
 * A page as Eleventy's pagination hands it to its template (as `page`): an instance of a class,
 * not a plain object, because Eleventy wraps a plain object in a new Proxy on every read of `page`
 * (its ProxyWrap: ~270 MB of a cold 20k build's allocation went, issue 19).
 */
class EleventyPage {
  constructor(
    readonly file: string,
    readonly view: unknown,
  ) {}
}

/** When a render gives the event loop a turn: `due()` says when one is, `next()` waits for it. */
export interface LoopTurns {
  due(): boolean;
  next(): Promise<void>;
}

/** A turn of the event loop every `ms` milliseconds of rendering (while `wanted()` holds; the build's: once its images are encoded). */
export function loopTurns(ms: number, wanted: () => boolean = () => true): LoopTurns {
  let last = performance.now();
  return {
    due: () => performance.now() - last >= ms && wanted(),
    next: () =>
      new Promise<void>((resolve) =>
        setImmediate(() => {
          last = performance.now();
          resolve();
        }),
      ),
  };
}

/**
 * What every layout receives besides its view: the site's chrome, the hashed asset paths, a body renderer shared by article pages and feeds.
 * `bodiesFile`: where the feeds' bodies are kept between builds (a build's; src/render/body-cache.ts);
 * `bodyText`: receives the plain text of each body rendered (the search index's, src/pipeline/search-index.ts).
 */
export function renderContext(site: SiteModel, bodiesFile?: string, bodyText?: (article: Article, plain: string) => void): RenderContext {
  const chrome = chromeOf(site);
  const kept = bodiesFile ? { file: bodiesFile, global: pageKeysGlobal(chromeDigestInput(chrome)) } : undefined;
  return {
    site: chrome,
    stylesheet: hashedAsset(PROJECT_ROOT, "assets/site.css").path,
    searchScript: hashedAsset(PROJECT_ROOT, "assets/search.js").path,
    feedScript: hashedAsset(PROJECT_ROOT, "assets/feed.js").path,
    bodies: new BodyCache(fullTextArticles(site), bodyRenderer(chrome, bodyText), kept),
  };
}
