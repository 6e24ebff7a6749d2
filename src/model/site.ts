/**
 * The site model: validated content indexed once, in one pass, into plain typed
 * data that every page type, feed and sitemap reads. Lists are built here and never
 * sorted in place afterwards.
 */
import type { DateTime } from "luxon";
import { type UiStrings, uiStrings } from "../i18n.ts";
import type { Article } from "../schema/article.ts";
import type { Author } from "../schema/author.ts";
import type { EditionConfig, SiteConfig } from "../schema/site.ts";
import type { LoadedContent } from "./load.ts";
import { Urls } from "./urls.ts";

export interface EditionModel {
  config: EditionConfig;
  ui: UiStrings;
  timeZone: string;
  /** Published articles of this edition, newest first. */
  articles: Article[];
}

export interface SiteModel {
  root: string;
  config: SiteConfig;
  urls: Urls;
  authors: Map<string, Author>;
  editions: Map<string, EditionModel>;
  /** Every published article, newest first, then by URL. */
  articles: Article[];
  buildTime: DateTime;
}

/** Newest first; equal times by URL, so every list is deterministic. */
export function byTimeDesc(a: Article, b: Article): number {
  return b.date.toMillis() - a.date.toMillis() || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
}

export function isPublished(article: Article): boolean {
  return !article.draft;
}

export function buildSiteModel(content: LoadedContent, buildTime: DateTime): SiteModel {
  const { config } = content;
  const articles = content.articles.filter(isPublished).sort(byTimeDesc);
  const editions = new Map<string, EditionModel>(
    config.editions.map((e) => [e.id, { config: e, ui: uiStrings(e.lang), timeZone: e.timeZone ?? config.timeZone, articles: [] }]),
  );
  for (const article of articles) editions.get(article.edition)?.articles.push(article);
  return { root: content.root, config, urls: new Urls(config.baseUrl), authors: content.authors, editions, articles, buildTime };
}

export function editionOf(site: SiteModel, article: Article): EditionModel {
  return site.editions.get(article.edition) as EditionModel;
}
