/**
 * The feeds: each edition's Atom, RSS and JSON feeds, and an Atom feed per tag, author and section
 * (src/model/feed-lists.ts). The edition's and sections' feeds carry each article's full text; a tag's
 * or an author's carries its headline, summary and photo, with the link to the page: an article is
 * in up to 30 tag feeds and a few author feeds, and their full texts were most of the bytes of a big
 * archive's feeds (issue 19).
 */
import type { DateTime } from "../dates.ts";
import type { ArticleImages } from "../images/plan.ts";
import { type AliasLinks, aliasLinksOf } from "../model/alias-links.ts";
import type { FeedDoc } from "../model/feed-lists.ts";
import type { FeedFormat } from "../model/paths.ts";
import type { SiteModel } from "../model/site.ts";
import type { Article } from "../schema/article.ts";
import { fileOfUrl, type PageType, type SiteInput } from "./page-type.ts";
import { frozenView } from "./view.ts";

/** A feed entry's input: the whole article (feeds carry its full text) and its photos. */
export interface FeedItem {
  article: Article;
  images?: ArticleImages;
  /** The body's links to old URLs and the current URLs they are rendered as. */
  aliasLinks?: AliasLinks;
}

export interface FeedView {
  url: string;
  format: FeedFormat;
  edition: string;
  title: string;
  pageUrl: string;
  items: readonly FeedItem[];
  /** Each entry's full text (the edition's and sections' feeds), or its summary alone (tags' and authors'). */
  fullText: boolean;
  /** An empty feed says when it was built. */
  built?: DateTime;
}

const items = new WeakMap<Article, FeedItem>();

function feedItem(site: SiteModel, article: Article, images: ReadonlyMap<string, ArticleImages>): FeedItem {
  const photos = images.get(article.url);
  const aliasLinks = aliasLinksOf(site, article);
  let item = items.get(article);
  if (!item || item.images !== photos || item.aliasLinks !== aliasLinks) {
    item = frozenView({ article, images: photos, aliasLinks });
    items.set(article, item);
  }
  return item;
}

/** The tag and author pages of a site: their feeds carry summaries. */
const summaryPages = new WeakMap<SiteModel, ReadonlySet<string>>();

function summaryOnly(site: SiteModel, doc: FeedDoc): boolean {
  let pages = summaryPages.get(site);
  if (!pages) {
    pages = new Set([...site.editions.values()].flatMap((e) => [...e.tags.list.map((t) => t.url), ...e.authors.list.map((a) => a.url)]));
    summaryPages.set(site, pages);
  }
  return pages.has(doc.pageUrl);
}

/** The articles whose full text some feed carries (the editions' and sections' feeds): the bodies worth keeping between builds. */
export function fullTextArticles(site: SiteModel): Set<string> {
  const urls = new Set<string>();
  for (const doc of site.feeds.atom) if (!summaryOnly(site, doc)) for (const a of doc.articles) urls.add(a.url);
  return urls;
}

function feedPages(format: FeedFormat): PageType<FeedDoc, FeedView> {
  return {
    kind: `${format}-feed`,
    cached: true,
    list: ({ site }) => site.feeds[format],
    file: fileOfUrl,
    holds: (doc) => doc.articles,
    clock: (doc) => doc.articles.length === 0,
    view: ({ site, images }: SiteInput, doc: FeedDoc) =>
      frozenView({
        url: doc.url,
        format: doc.format,
        edition: doc.edition,
        title: doc.title,
        pageUrl: doc.pageUrl,
        items: doc.articles.map((a) => feedItem(site, a, images)),
        fullText: !summaryOnly(site, doc),
        built: doc.articles.length ? undefined : site.buildTime,
      }),
  };
}

export const atomFeeds = feedPages("atom");
export const rssFeeds = feedPages("rss");
export const jsonFeeds = feedPages("json");
