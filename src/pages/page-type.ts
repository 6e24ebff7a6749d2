/**
 * The shape every page type declares (one module each under src/pages/, listed in
 * src/pages/index.ts): the items it makes pages for, the file each is written to, and the
 * view each page shows. A view is a frozen plain object holding exactly what the page shows;
 * the layout that turns it into text (src/render/layouts.ts) receives the view and the chrome
 * (src/pages/chrome.ts) and nothing else, and a page's cache key is the hash of its view.
 */
import type { ArticleImages } from "../images/plan.ts";
import type { SiteModel } from "../model/site.ts";
import { Urls } from "../model/urls.ts";
import type { Article } from "../schema/article.ts";

/** What page types list and view: the site model and the photos of its articles. */
export interface SiteInput {
  site: SiteModel;
  images: ReadonlyMap<string, ArticleImages>;
}

export interface PageType<Item, View> {
  /** The page type's name: in keys, Eleventy template names and the preview's log. */
  kind: string;
  /**
   * Pages of this type whose key is unchanged are taken from the rendered-page cache
   * (articles, archives, collections, feeds: the many). One-off pages are always rendered.
   */
  cached: boolean;
  list(input: SiteInput): readonly Item[];
  /** Output file, relative to the site folder. */
  file(item: Item): string;
  view(input: SiteInput, item: Item): View;
  /**
   * The articles a page's view holds whole (its full text), not only as a teaser or a link:
   * after an edit to an article's text alone, these pages are the ones to show it again
   * (src/pipeline/preview-update.ts). A type without it holds no article whole
   * (tests/pipeline/page-holds.test.ts checks every view of the sample site).
   */
  holds?(item: Item): readonly Article[];
  /** Whether a page's view shows the build's clock itself (today's date, an empty feed's time), not only what the model derives from it. */
  clock?(item: Item): boolean;
}

/** The output file of a page at a site URL: `/eng/tags/eu/` → `eng/tags/eu/index.html`. */
export function fileOfUrl(item: { url: string }): string {
  return Urls.outputFile(item.url);
}
