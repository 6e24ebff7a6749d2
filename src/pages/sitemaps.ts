/**
 * The sitemap's index and its parts, each edition's Google News sitemap and robots.txt
 * (src/model/sitemap-lists.ts). The parts, one a month of their pages' last change, are cached like
 * archive pages: a new article changes the current month's part and those of the list pages whose
 * last change moved, and the build renders those alone. The index (one line a month) is rendered
 * every build.
 */
import type { DateTime } from "../dates.ts";
import type { IndexFile, NewsFile, UrlSetFile } from "../model/sitemap-lists.ts";
import { fileOfUrl, type PageType } from "./page-type.ts";
import { frozenView } from "./view.ts";

export type UrlSetView = UrlSetFile;
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

export const urlSets: PageType<UrlSetFile, UrlSetView> = {
  kind: "sitemap",
  cached: true,
  list: ({ site }) => site.sitemaps.urlsets,
  file: fileOfUrl,
  view: (_input, file) => frozenView({ ...file }),
};

export const sitemapIndexes: PageType<IndexFile, SitemapIndexView> = {
  kind: "sitemap-index",
  cached: false,
  list: ({ site }) => site.sitemaps.indexes,
  file: fileOfUrl,
  view: (_input, file) => frozenView({ ...file }),
};

export const newsSitemaps: PageType<NewsFile, NewsSitemapView> = {
  kind: "news-sitemap",
  cached: false,
  list: ({ site }) => site.sitemaps.news,
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
  cached: false,
  list: ({ site }) => site.sitemaps.robots,
  file: fileOfUrl,
  view: (_input, file) => frozenView({ url: file.url, sitemaps: file.sitemaps }),
};
