/**
 * The sitemap's index and its parts, each edition's Google News sitemap and robots.txt
 * (src/model/sitemap-lists.ts). The parts, one a month of their pages' last change, are cached like
 * archive pages: a new article changes the current month's part and those of the list pages whose
 * last change moved, and the build renders those alone. The index (one line a month) is rendered
 * every build.
 */
import type { DateTime } from "../dates.ts";
import type { IndexFile, NewsFile, UrlSetFile } from "../model/sitemap-lists.ts";
import type { HreflangLink } from "../model/translations.ts";
import { fileOfUrl, type PageType, type SiteInput } from "./page-type.ts";
import { frozenView } from "./view.ts";

/**
 * A sitemap part, column by column (one element a page, in the part's order): its key hashes every
 * page of the site each build, and arrays of strings and times hash in about half the time of an
 * object per page (16 against 30 ms for the 27,000 pages of the 20k bench site, under load).
 */
export interface UrlSetView {
  url: string;
  paths: readonly string[];
  lastmods: readonly (DateTime | undefined)[];
  alternates: readonly (readonly HreflangLink[] | undefined)[];
}
export type SitemapIndexView = IndexFile;

export interface NewsSitemapView {
  url: string;
  edition: string;
  articles: readonly { url: string; title: string; date: DateTime }[];
}

export interface RobotsView {
  url: string;
  sitemaps: readonly string[];
}

/** The sitemap lists the planner made, or the model's (`SiteInput.sitemaps`). */
const sitemapsOf = (input: SiteInput) => input.sitemaps ?? input.site.sitemaps;

export const urlSets: PageType<UrlSetFile, UrlSetView> = {
  kind: "sitemap",
  cached: true,
  list: (input) => sitemapsOf(input).urlsets,
  file: fileOfUrl,
  view: (_input, file) =>
    frozenView({
      url: file.url,
      paths: frozenView(file.entries.map((e) => e.path)),
      lastmods: frozenView(file.entries.map((e) => e.lastmod)),
      alternates: frozenView(file.entries.map((e) => e.alternates)),
    }),
};

export const sitemapIndexes: PageType<IndexFile, SitemapIndexView> = {
  kind: "sitemap-index",
  cached: true,
  list: (input) => sitemapsOf(input).indexes,
  file: fileOfUrl,
  view: (_input, file) => frozenView({ ...file }),
};

export const newsSitemaps: PageType<NewsFile, NewsSitemapView> = {
  kind: "news-sitemap",
  cached: true,
  list: (input) => sitemapsOf(input).news,
  file: fileOfUrl,
  view: (_input, file) =>
    frozenView({
      url: file.url,
      edition: file.edition,
      articles: file.articles.map((a) => frozenView({ url: a.url, title: a.title, date: a.date })),
    }),
};

export const robots: PageType<{ url: string; sitemaps: string[] }, RobotsView> = {
  kind: "robots",
  cached: true,
  list: (input) => sitemapsOf(input).robots,
  file: fileOfUrl,
  view: (_input, file) => frozenView({ url: file.url, sitemaps: file.sitemaps }),
};
