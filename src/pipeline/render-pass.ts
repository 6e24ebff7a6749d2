/**
 * Rendering in passes: Eleventy keeps every page it renders in memory until its
 * `write()` returns, so a big archive's pages are rendered in slices, one Eleventy run
 * each (`NEWSROOM_RENDER_SLICE` pages' weight, default 5,000): everything but article
 * pages first (lists, feeds, sitemaps, assets), then the article pages. Output is the
 * same whatever the slice size.
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
 * What a page weighs in a pass, roughly in article pages: a feed with full texts holds one article
 * body per entry, every other page about one page of HTML.
 */
export function pageWeight(page: PlannedPage): number {
  const view = page.view as { fullText?: unknown; items?: unknown } | undefined;
  return view?.fullText === true && Array.isArray(view.items) ? Math.max(1, view.items.length) : 1;
}

/**
 * The build's Eleventy runs: every page but article pages first (lists, feeds, sitemaps: the
 * first run also publishes the assets), then the article pages, each in runs of at most `slice`
 * article pages' weight (`pageWeight`). Eleventy keeps every page of a run until it returns, so
 * a run's weight is the build's peak of memory; a 20k archive's ~7,700 other pages in one run
 * (with the edition and section feeds' full texts) were the largest one.
 */
export function renderPasses(pages: readonly PlannedPage[], slice: number): PlannedPage[][] {
  const size = Number.isInteger(slice) && slice > 0 ? slice : DEFAULT_SLICE;
  // A build with few pages to render (a publish of one article) renders them in one run: each run costs Eleventy's start.
  const others = pages.filter((p) => p.kind !== "article");
  if (pages.reduce((w, p) => w + pageWeight(p), 0) <= size) return [[...others, ...pages.filter((p) => p.kind === "article")]];
  const passes: PlannedPage[][] = [];
  for (const group of [pages.filter((p) => p.kind !== "article"), pages.filter((p) => p.kind === "article")]) {
    let pass: PlannedPage[] = [];
    let weight = 0;
    for (const page of group) {
      const w = pageWeight(page);
      if (pass.length && weight + w > size) {
        passes.push(pass);
        pass = [];
        weight = 0;
      }
      pass.push(page);
      weight += w;
    }
    if (pass.length) passes.push(pass);
  }
  // The first run publishes the assets: there is one even without pages.
  return passes.length ? passes : [[]];
}
