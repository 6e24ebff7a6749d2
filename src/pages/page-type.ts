/**
 * The shape every page type declares (one module each under src/pages/, listed in
 * src/pages/index.ts): the items it makes pages for, the file each is written to, and the
 * view each page shows. A view is a frozen plain object holding exactly what the page shows;
 * the layout that turns it into text (src/render/layouts.ts) receives the view and the chrome
 * (src/pages/chrome.ts) and nothing else, and a page's cache key is the hash of its view.
 */
import type { ArticleImages } from "../images/plan.ts";
import type { SiteModel } from "../model/site.ts";
import type { SitemapLists } from "../model/sitemap-lists.ts";
import { Urls } from "../model/urls.ts";
import type { Article } from "../schema/article.ts";

/** What page types list and view: the site model and the photos of its articles. */
export interface SiteInput {
  site: SiteModel;
  images: ReadonlyMap<string, ArticleImages>;
  /**
   * The sitemap lists as the kept plan made them, with the newest change of the list pages it kept
   * (src/pages/kept-plan.ts); without it, the model's (`site.sitemaps`): the same lists.
   */
  sitemaps?: SitemapLists;
}

export interface PageType<Item, View> {
  /** The page type's name: in keys, Eleventy template names and the preview's log. */
  kind: string;
  /**
   * Pages of this type whose key is unchanged are taken from the rendered-page cache
   * (every type of this site: their layouts read only their views, so a view's hash covers what a page
   * shows). A type that declares false is rendered every build.
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
  /**
   * For a list page: the lists of articles its item is made from (whole, not its page's slice), and a
   * text of anything else its view shows beyond them, the articles' photos, the site's chrome and config
   * (the page keys' global part) and each edition's years. The kept plan (src/pages/kept-plan.ts) keeps
   * the key of a page whose lists hold no changed article and are as long as in the last build, with
   * the same text, without looking at the page: its articles, their order and its place in them are as
   * they were. Verify mode (NEWSROOM_PAGE_CACHE=verify) makes every kept key afresh and fails on one
   * that differs, so a view that shows more than it declares here fails the tests.
   */
  sources?(input: SiteInput, item: Item): ListSources;
  /**
   * For a list page whose item holds more than its view reads: what the view reads of it. A page of a tag
   * holds the tag (and with it the tag's whole list) but shows its own page of the list, its pager and the
   * tag's name. When a page's lists hold a changed article, the kept plan writes out this instead of the
   * item to see whether the page changed: one new article in a tag of 40,000 made every one of its 2,000
   * pages be viewed and keyed again (~0.5 s of a publish at 100,000 articles), where it changes the few
   * pages newer than it. Verify mode fails on a view that reads more than this.
   */
  facts?(input: SiteInput, item: Item): unknown;
  /** Whether a page's view shows the build's clock itself (today's date, an empty feed's time), not only what the model derives from it. */
  clock?(item: Item): boolean;
}

/** What a list page is made from (`PageType.sources`). */
export interface ListSources {
  lists: readonly (readonly Article[])[];
  text: string;
}

/** The output file of a page at a site URL: `/eng/tags/eu/` → `eng/tags/eu/index.html`. */
export function fileOfUrl(item: { url: string }): string {
  return Urls.outputFile(item.url);
}
