/**
 * Rendering in passes: Eleventy keeps every page it renders in memory until its
 * `write()` returns, so a big archive's article pages are rendered in slices, one
 * Eleventy run each (`NEWSROOM_RENDER_SLICE` articles, default 5,000), after a first
 * pass that renders everything else (lists, feeds, sitemaps, assets). Output is the same
 * whatever the slice size.
 */
import type { PlannedPage } from "../pages/plan.ts";
import { internalLinks } from "./link-check.ts";

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

export const DEFAULT_SLICE = 5000;

/**
 * The build's Eleventy runs: every page but article pages first, on its own (its lists, feeds
 * and sitemaps and a slice of articles together were the build's peak of memory), then the
 * article pages in slices of `slice`.
 */
export function renderPasses(pages: readonly PlannedPage[], slice: number): PlannedPage[][] {
  const size = Number.isInteger(slice) && slice > 0 ? slice : DEFAULT_SLICE;
  const articles = pages.filter((p) => p.kind === "article");
  const passes = [pages.filter((p) => p.kind !== "article")];
  for (let i = 0; i < articles.length; i += size) passes.push(articles.slice(i, i + size));
  return passes;
}
