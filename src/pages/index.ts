/**
 * The table of contents of the site: every page type, in the order its pages are written.
 * Each declares what it lists, where each page goes and the view each page shows
 * (src/pages/page-type.ts); its layout is named in src/render/layouts.ts.
 */
import { articlePages } from "./article.ts";
import { authorPages } from "./author.ts";
import { authorIndexPages } from "./author-index.ts";
import { dayPages } from "./day.ts";
import { editionNotFound } from "./edition-not-found.ts";
import { atomFeeds, jsonFeeds, rssFeeds } from "./feeds.ts";
import { headersFile } from "./headers.ts";
import { homePages } from "./home.ts";
import { latestNewsFiles } from "./latest-news.ts";
import { monthPages } from "./month.ts";
import { newsFeedPages } from "./news-feed.ts";
import { notFoundPages } from "./not-found.ts";
import { redirectPages, redirectsFile } from "./redirects.ts";
import { searchPages } from "./search.ts";
import { sectionPages } from "./section.ts";
import { newsSitemaps, robots, sitemapIndexes, urlSets } from "./sitemaps.ts";
import { staticPages } from "./static-page.ts";
import { tagPages } from "./tag.ts";
import { tagIndexPages } from "./tag-index.ts";
import { yearPages } from "./year.ts";

export const PAGE_TYPES = {
  article: articlePages,
  home: homePages,
  "news-feed": newsFeedPages,
  "year-archive": yearPages,
  "month-archive": monthPages,
  "day-archive": dayPages,
  "tag-index": tagIndexPages,
  tag: tagPages,
  "author-index": authorIndexPages,
  author: authorPages,
  section: sectionPages,
  "static-page": staticPages,
  "not-found": notFoundPages,
  "edition-not-found": editionNotFound,
  search: searchPages,
  "atom-feed": atomFeeds,
  "rss-feed": rssFeeds,
  "json-feed": jsonFeeds,
  "latest-news": latestNewsFiles,
  sitemap: urlSets,
  "sitemap-index": sitemapIndexes,
  "news-sitemap": newsSitemaps,
  robots,
  redirect: redirectPages,
  "headers-file": headersFile,
  "redirects-file": redirectsFile,
} as const;

export type PageTypes = typeof PAGE_TYPES;
export type Kind = keyof PageTypes;
/** The view of a page of type `K`. */
export type ViewOf<K extends Kind> = PageTypes[K] extends { view(...args: never[]): infer V } ? V : never;

export const KINDS = Object.keys(PAGE_TYPES) as Kind[];
