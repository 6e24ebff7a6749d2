/** The feeds: each edition's Atom, RSS and JSON feeds, and an Atom feed per tag, author and section (src/model/feed-lists.ts). */
import type { DateTime } from "../dates.ts";
import type { ArticleImages } from "../images/plan.ts";
import type { FeedDoc } from "../model/feed-lists.ts";
import type { FeedFormat } from "../model/paths.ts";
import type { Article } from "../schema/article.ts";
import { fileOfUrl, type PageType, type SiteInput } from "./page-type.ts";
import { frozenView } from "./view.ts";

/** A feed entry's input: the whole article (feeds carry its full text) and its photos. */
export interface FeedItem {
  article: Article;
  images?: ArticleImages;
}

export interface FeedView {
  url: string;
  format: FeedFormat;
  edition: string;
  title: string;
  pageUrl: string;
  items: readonly FeedItem[];
  /** An empty feed says when it was built. */
  built?: DateTime;
}

const items = new WeakMap<Article, FeedItem>();

function feedItem(article: Article, images: ReadonlyMap<string, ArticleImages>): FeedItem {
  const photos = images.get(article.url);
  let item = items.get(article);
  if (!item || item.images !== photos) {
    item = frozenView({ article, images: photos });
    items.set(article, item);
  }
  return item;
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
        items: doc.articles.map((a) => feedItem(a, images)),
        built: doc.articles.length ? undefined : site.buildTime,
      }),
  };
}

export const atomFeeds = feedPages("atom");
export const rssFeeds = feedPages("rss");
export const jsonFeeds = feedPages("json");
