/**
 * The layout of each page type (src/pages/index.ts): a function of the render context (the
 * chrome every page shows, the hashed assets, the body renderer) and the page's view. The
 * type below makes the table complete: a page type without a layout, or a layout that expects
 * another view, does not compile.
 */
import { articlePage } from "../../layouts/article.ts";
import { authorPage } from "../../layouts/author.ts";
import { authorIndexPage } from "../../layouts/author-index.ts";
import type { RenderContext } from "../../layouts/base.ts";
import { dayArchivePage } from "../../layouts/day-archive.ts";
import { editionFor } from "../../layouts/edition.ts";
import { latestNewsJson } from "../../layouts/feed-column.ts";
import { homePage } from "../../layouts/home.ts";
import { monthArchivePage } from "../../layouts/month-archive.ts";
import { newsFeedPage } from "../../layouts/news-feed.ts";
import { notFoundPage } from "../../layouts/not-found.ts";
import { redirectPage, redirectsFile } from "../../layouts/redirect.ts";
import { searchPage } from "../../layouts/search.ts";
import { sectionPage } from "../../layouts/section.ts";
import { staticPage } from "../../layouts/static-page.ts";
import { tagPage } from "../../layouts/tag.ts";
import { tagIndexPage } from "../../layouts/tag-index.ts";
import { yearArchivePage } from "../../layouts/year-archive.ts";
import { adminHeaders, backendOrigins } from "../cms/admin.ts";
import type { FeedView } from "../pages/feeds.ts";
import type { Kind, ViewOf } from "../pages/index.ts";
import { atomFeed } from "./feeds/atom.ts";
import { jsonFeed } from "./feeds/json-feed.ts";
import { rssFeed } from "./feeds/rss.ts";
import { headersFile } from "./security.ts";
import { newsSitemap } from "./sitemaps/news.ts";
import { robotsTxt } from "./sitemaps/robots.ts";
import { sitemapIndex, urlSet } from "./sitemaps/sitemap.ts";

export type Layout<V> = (ctx: RenderContext, view: V) => string;

/** A feed's language and description: its edition's. */
function feedEdition(ctx: RenderContext, doc: FeedView) {
  const e = editionFor(ctx.site, doc.edition);
  return { lang: e.config.lang, description: `${e.ui.latestNews} | ${e.config.name}` };
}

export const LAYOUTS: { readonly [K in Kind]: Layout<ViewOf<K>> } = {
  article: articlePage,
  home: homePage,
  "news-feed": newsFeedPage,
  "year-archive": yearArchivePage,
  "month-archive": monthArchivePage,
  "day-archive": dayArchivePage,
  "tag-index": tagIndexPage,
  tag: tagPage,
  "author-index": authorIndexPage,
  author: authorPage,
  section: sectionPage,
  "static-page": staticPage,
  "not-found": notFoundPage,
  "edition-not-found": notFoundPage,
  search: searchPage,
  "atom-feed": (ctx, doc) => atomFeed(ctx, doc, feedEdition(ctx, doc).lang),
  "rss-feed": (ctx, doc) => {
    const { lang, description } = feedEdition(ctx, doc);
    return rssFeed(ctx, doc, lang, description);
  },
  "json-feed": (ctx, doc) => {
    const { lang, description } = feedEdition(ctx, doc);
    return jsonFeed(ctx, doc, lang, description);
  },
  "latest-news": latestNewsJson,
  sitemap: (ctx, file) => urlSet(ctx.site.urls, file),
  "sitemap-index": (ctx, file) => sitemapIndex(ctx.site.urls, file),
  "news-sitemap": (ctx, file) => newsSitemap(ctx.site.urls, file, editionFor(ctx.site, file.edition).config),
  robots: (ctx, file) => robotsTxt(ctx.site.urls, file.sitemaps),
  redirect: redirectPage,
  "headers-file": (ctx) =>
    headersFile(ctx.site.config, ctx.site.config.cms.enabled ? adminHeaders(ctx.site.urls.basePath, backendOrigins(ctx.site)) : ""),
  "redirects-file": redirectsFile,
};

/** Renders a page of type `kind` from its view. */
export function renderView<K extends Kind>(kind: K, ctx: RenderContext, view: ViewOf<K>): string {
  return (LAYOUTS[kind] as Layout<ViewOf<K>>)(ctx, view);
}
