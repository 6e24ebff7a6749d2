/** Site paths of every page type, per edition. Layouts turn them into links with `urls.href()`. */
import { createHash } from "node:crypto";
import type { EditionConfig } from "../schema/site.ts";
import { slugify } from "../slug.ts";

type Prefixed = Pick<EditionConfig, "prefix">;

/** The one site-wide "not found" page most hosts serve for unknown paths. */
export const NOT_FOUND_PATH = "/404.html";

export function homeUrl(edition: Prefixed): string {
  return edition.prefix;
}

/** An edition's own not-found page, for an edition under a prefix (the site's root has NOT_FOUND_PATH). */
export function notFoundUrl(edition: Prefixed): string {
  return `${edition.prefix}404.html`;
}

export function newsUrl(edition: Prefixed): string {
  return `${edition.prefix}news/`;
}

/** A numbered page of a list, counted from its oldest (`<list>page/1/` holds the oldest articles); the newest are at the list's own URL. */
export function pagedUrl(listUrl: string, pageNumber: number): string {
  return `${listUrl}page/${pageNumber}/`;
}

export function yearUrl(edition: Prefixed, year: string): string {
  return `${newsUrl(edition)}${year}/`;
}

export function monthUrl(edition: Prefixed, year: string, month: string): string {
  return `${yearUrl(edition, year)}${month}/`;
}

/** The newsroom-local day: `/eng/news/2025/03/27/`. */
export function dayUrl(edition: Prefixed, year: string, month: string, day: string): string {
  return `${monthUrl(edition, year, month)}${day}/`;
}

/**
 * A tag's URL slug. A tag with no letters or digits to transliterate (`🇺🇦`, `#`) gets a
 * short stable hash instead, so two such tags never share a page.
 */
export function tagSlug(tag: string, lang: string): string {
  return slugify(tag, lang) || `t-${createHash("sha256").update(tag.normalize("NFC")).digest("hex").slice(0, 8)}`;
}

export function tagsUrl(edition: Prefixed): string {
  return `${edition.prefix}tags/`;
}

export function tagSlugUrl(edition: Prefixed, slug: string): string {
  return `${tagsUrl(edition)}${slug}/`;
}

export function tagUrl(edition: EditionConfig, tag: string): string {
  return tagSlugUrl(edition, tagSlug(tag, edition.lang));
}

/** The edition's search page; Pagefind's bundle is site-wide at SEARCH_BUNDLE_PATH. */
export function searchUrl(edition: Prefixed): string {
  return `${edition.prefix}search/`;
}

/** Where the build writes Pagefind's index and scripts (src/pipeline/search-index.ts). */
export const SEARCH_BUNDLE_PATH = "/pagefind/";

export function authorsUrl(edition: Prefixed): string {
  return `${edition.prefix}authors/`;
}

export function authorUrl(edition: Prefixed, id: string): string {
  return `${authorsUrl(edition)}${id}/`;
}

/** The edition's feeds: `/feed.xml` (Atom), `/rss.xml` (RSS 2.0), `/feed.json` (JSON Feed 1.1); `/eng/feed.xml` ... */
export type FeedFormat = "atom" | "rss" | "json";
const FEED_FILES: Record<FeedFormat, string> = { atom: "feed.xml", rss: "rss.xml", json: "feed.json" };

export function feedUrl(edition: Prefixed, format: FeedFormat): string {
  return `${edition.prefix}${FEED_FILES[format]}`;
}

/** The Atom feed of a tag or author page: `/eng/tags/ukraine/feed.xml`. */
export function listFeedUrl(listUrl: string): string {
  return `${listUrl}${FEED_FILES.atom}`;
}

/** The site's sitemap index (the URL robots.txt names) and robots.txt. */
export const SITEMAP_PATH = "/sitemap.xml";
export const ROBOTS_PATH = "/robots.txt";

/** The folder of the sitemap's parts, one a month (src/model/sitemap-lists.ts): `/sitemaps/`. */
export const SITEMAP_PARTS_PATH = "/sitemaps/";

/** The name of the sitemap part of pages with no last change: `/sitemaps/undated.xml`. */
export const UNDATED_SITEMAP = "undated";

/**
 * Part `n` (from 1) of the sitemap's pages last changed in a month, or of those with no last change
 * (`month` undefined): `/sitemaps/2025-03.xml`, `/sitemaps/2025-03-2.xml`, `/sitemaps/undated.xml`.
 */
export function sitemapMonthUrl(month: { year: number; month: number } | undefined, n = 1): string {
  const name = month ? `${String(month.year).padStart(4, "0")}-${String(month.month).padStart(2, "0")}` : UNDATED_SITEMAP;
  return `${SITEMAP_PARTS_PATH}${name}${n > 1 ? `-${n}` : ""}.xml`;
}

/** Google News sitemap of one edition: `/news-sitemap.xml`, `/eng/news-sitemap.xml`. */
export function newsSitemapUrl(edition: Prefixed): string {
  return `${edition.prefix}news-sitemap.xml`;
}

/** Part N of a Google News sitemap split into an index: `/news-sitemap.xml` → `/news-sitemap-2.xml`. */
export function sitemapPartUrl(sitemapUrl: string, n: number): string {
  return sitemapUrl.replace(/\.xml$/, `-${n}.xml`);
}

/** The edition's latest headlines, which the news-feed column beside articles loads: `/eng/news/latest.json`. */
export function latestNewsUrl(edition: Prefixed): string {
  return `${newsUrl(edition)}latest.json`;
}

/** The icons made from assets/logo.svg (src/images/favicons.ts), at the site's root where browsers look for them. */
export const ICON_PATHS = {
  ico: "/favicon.ico",
  svg: "/favicon.svg",
  png32: "/favicon-32.png",
  png192: "/icon-192.png",
  png512: "/icon-512.png",
  appleTouch: "/apple-touch-icon.png",
  manifest: "/site.webmanifest",
} as const;

/** The publisher logo (a raster image, as Google asks), at a stable, unhashed path. */
export const LOGO_PATH = "/assets/logo.png";

/** A section's pages: `/eng/sections/politics/` (under `sections/`, so `news` never meets the news feed). */
export function sectionUrl(edition: Prefixed, id: string): string {
  return `${edition.prefix}sections/${id}/`;
}
