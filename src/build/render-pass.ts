/**
 * Rendering in passes: Eleventy keeps every page it renders in memory until its
 * `write()` returns, so a big archive's article pages are rendered in slices, one
 * Eleventy run each (`NEWSROOM_RENDER_SLICE` articles, default 5,000), after a first
 * pass that renders everything else (lists, feeds, sitemaps, assets). Output is the same
 * whatever the slice size.
 */
import type { Article } from "../schema/article.ts";
import { internalLinks } from "./link-check.ts";
import { collectIfGrown } from "./memory.ts";
import type { PageCache } from "./page-cache.ts";

export interface RenderPass {
  articles: readonly Article[];
  /** Also render every page that is not an article page. */
  rest: boolean;
  /** List pages whose inputs did not change come from here instead (article pages were filtered before the passes). */
  pageCache?: PageCache;
  /** Collects the internal links of each page as it is rendered, for the link check. */
  links?: RenderedLinks;
}

/**
 * The internal links of the pages a build renders, taken from each page's HTML while it is
 * still in memory: the link check then reads no file back (a cold 20k build wrote 404 MB of
 * HTML, and reading it again cost ~3 s). Links recur on every page, so each is kept once.
 */
export class RenderedLinks {
  readonly #pages = new Map<string, readonly string[]>();
  readonly #pool = new Map<string, string>();

  note(file: string, html: string): void {
    if (!file.endsWith(".html")) return;
    this.#pages.set(
      file,
      internalLinks(html).map((link) => {
        const known = this.#pool.get(link);
        if (known !== undefined) return known;
        // A copy: the match is a slice of the page's HTML, and would keep the whole page in memory.
        const copy = Buffer.from(link).toString();
        this.#pool.set(copy, copy);
        return copy;
      }),
    );
  }

  get(file: string): readonly string[] | undefined {
    return this.#pages.get(file);
  }
}

/** Called by the page templates with each page they render (src/render/page-template.ts, src/render/pages.ts). */
export function noteRendered(file: string, html: string): string {
  if (!current) return html;
  current.links?.note(file, html);
  // A pass keeps its pages until it ends: the heap is looked at every few hundred pages too
  // (src/build/memory.ts). Not in the preview's updates, which render outside a pass.
  if (++rendered % 256 === 0) collectIfGrown();
  return html;
}

let rendered = 0;

export const DEFAULT_SLICE = 5000;

let current: RenderPass | undefined;

export function setRenderPass(pass: RenderPass | undefined): void {
  current = pass;
}

/** The pass Eleventy is running; when Eleventy is started directly, all in one. */
export function renderPass(articles: readonly Article[]): RenderPass {
  return current ?? { articles, rest: true };
}

export function renderPasses(articles: readonly Article[], slice: number, pageCache?: PageCache, links?: RenderedLinks): RenderPass[] {
  const size = Number.isInteger(slice) && slice > 0 ? slice : DEFAULT_SLICE;
  const passes: RenderPass[] = [];
  // Everything but article pages first, on its own: its lists, feeds and sitemaps and a slice of
  // articles together were the build's peak of memory.
  passes.push({ articles: [], rest: true, pageCache, links });
  for (let i = 0; i < articles.length; i += size) passes.push({ articles: articles.slice(i, i + size), rest: false, pageCache, links });
  return passes;
}
