/**
 * Every feed of the site, per edition, computed once from the indexes: the edition's
 * Atom, RSS and JSON feeds, and an Atom feed per tag and per author. Each holds the
 * latest `feedSize` articles, newest first; feed templates render them.
 */
import type { Article } from "../schema/article.ts";
import { type FeedFormat, feedUrl, homeUrl, listFeedUrl } from "./paths.ts";
import { inLanguage } from "./per-language.ts";
import type { EditionModel } from "./site.ts";

export interface FeedDoc {
  /** Site path of the feed file. */
  url: string;
  format: FeedFormat;
  edition: string;
  /** The feed's title: the publication, or "tag | publication". */
  title: string;
  /** The HTML page the feed mirrors (the home, tag or author page). */
  pageUrl: string;
  /** Newest first, at most `feedSize`. */
  articles: readonly Article[];
}

export interface FeedLists {
  atom: FeedDoc[];
  rss: FeedDoc[];
  json: FeedDoc[];
}

export function buildFeedLists(editions: readonly EditionModel[], feedSize: number): FeedLists {
  const lists: FeedLists = { atom: [], rss: [], json: [] };
  for (const e of editions) {
    const edition = e.config.id;
    const latest = e.articles.slice(0, feedSize);
    for (const format of ["atom", "rss", "json"] as const) {
      lists[format].push({ url: feedUrl(e.config, format), format, edition, title: e.config.name, pageUrl: homeUrl(e.config), articles: latest });
    }
    for (const tag of e.tags.list) {
      const title = `${tag.name} | ${e.config.name}`;
      lists.atom.push({ url: listFeedUrl(tag.url), format: "atom", edition, title, pageUrl: tag.url, articles: tag.articles.slice(0, feedSize) });
    }
    for (const entry of e.authors.list) {
      const title = `${inLanguage(entry.author.name, e.config.lang)} | ${e.config.name}`;
      lists.atom.push({
        url: listFeedUrl(entry.url),
        format: "atom",
        edition,
        title,
        pageUrl: entry.url,
        articles: entry.articles.slice(0, feedSize),
      });
    }
    for (const section of e.sections) {
      const title = `${section.title} | ${e.config.name}`;
      lists.atom.push({
        url: listFeedUrl(section.url),
        format: "atom",
        edition,
        title,
        pageUrl: section.url,
        articles: section.articles.slice(0, feedSize),
      });
    }
  }
  return lists;
}
