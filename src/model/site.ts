/**
 * The site model: validated content indexed once, in one pass, into plain typed
 * data that every page type, feed and sitemap reads. Lists are built here and never
 * sorted in place afterwards.
 */
import type { DateTime } from "luxon";
import type { Problem } from "../errors/problem.ts";
import { type UiStrings, uiStrings } from "../i18n.ts";
import type { Article } from "../schema/article.ts";
import type { Author } from "../schema/author.ts";
import type { StaticPage } from "../schema/page.ts";
import type { EditionConfig, SiteConfig } from "../schema/site.ts";
import { type AuthorIndex, buildAuthorIndex } from "./authors.ts";
import { buildFeedLists, type FeedLists } from "./feed-lists.ts";
import { cachedArticleLinks, type LinksCacheOptions, type LinksChange } from "./links-cache.ts";
import type { LoadedContent } from "./load.ts";
import { buildPageLists, type PageLists } from "./page-lists.ts";
import { tagSlug } from "./paths.ts";
import { buildArticleLinks, type LinksLookup, updateArticleLinks } from "./related.ts";
import { buildSections, type SectionEntry } from "./sections.ts";
import { buildSitemapLists, type KnownNewest, type SitemapLists } from "./sitemap-lists.ts";
import { footerOrder } from "./static-pages.ts";
import { buildTagIndex, type TagIndex } from "./tags.ts";
import { buildTimeline, type Timeline } from "./timeline.ts";
import { buildTranslationIndex, type TranslationIndex } from "./translations.ts";
import { Urls } from "./urls.ts";

export interface EditionModel {
  config: EditionConfig;
  ui: UiStrings;
  timeZone: string;
  /** Published articles of this edition, newest first. */
  articles: Article[];
  timeline: Timeline;
  tags: TagIndex;
  authors: AuthorIndex;
  /** Every configured section with its articles, in the config's order. */
  sections: SectionEntry[];
  /** Previous, next and related articles by article URL. */
  links: LinksLookup;
  /**
   * How the links compare with the kept table's (src/model/links-cache.ts), for the kept plan;
   * undefined when they were found afresh or updated in the preview.
   */
  readonly linksChange?: LinksChange;
  /** The edition's static pages (content/pages/<edition>/), in the footer's order. */
  staticPages: StaticPage[];
}

export interface SiteModel {
  root: string;
  config: SiteConfig;
  urls: Urls;
  authors: Map<string, Author>;
  editions: Map<string, EditionModel>;
  /** Every published article, newest first, then by URL. */
  articles: Article[];
  /** Articles linked as translations by `translationKey`, and the hreflang alternates of pages. */
  translations: TranslationIndex;
  /** Every list page, per page type (home, feed, archives, tags, authors, 404). */
  pages: PageLists;
  /** Every feed: the edition's Atom, RSS and JSON feeds, an Atom feed per tag and per author. */
  feeds: FeedLists;
  /** The sitemap's index and monthly parts, the news sitemaps and robots.txt. */
  sitemaps: SitemapLists;
  /** Model-level warnings, such as tag spellings merged into one tag. */
  warnings: Problem[];
  buildTime: DateTime;
  /** `npm start`: drafts and embargoed articles are shown, with a banner. */
  preview: boolean;
  /** Articles held back because their time has not come, soonest first (never rendered outside preview). */
  embargoed: Article[];
}

export interface ModelOptions {
  preview?: boolean;
  /**
   * An earlier model of the same content but for `changed` (the old and new versions of
   * edited articles): related links are found again only around those (the preview's updates).
   */
  since?: { site: SiteModel; changed: readonly Article[] };
  /** Related links kept between builds (src/model/links-cache.ts): a build's, not the preview's. */
  linksCache?: LinksCacheOptions;
}

/** Newest first; equal times by URL, so every list is deterministic. */
export function byTimeDesc(a: Article, b: Article): number {
  return b.date.toMillis() - a.date.toMillis() || (a.url < b.url ? -1 : a.url > b.url ? 1 : 0);
}

/** Not a draft, and its time has come (REFERENCE.md §9: everything else is absent from every output). */
export function isPublished(article: Article, now: DateTime): boolean {
  // Milliseconds, not `<=` on DateTimes (valueOf through ToPrimitive: a microsecond an article, twice a build).
  return !article.draft && article.date.toMillis() <= now.toMillis();
}

/** Why an article is not public, for preview banners; undefined when it is. */
export function unpublishedReason(article: Article, now: DateTime): "draft" | "embargo" | undefined {
  return article.draft ? "draft" : article.date > now ? "embargo" : undefined;
}

export function buildSiteModel(content: LoadedContent, buildTime: DateTime, options: ModelOptions = {}): SiteModel {
  const { config } = content;
  const preview = options.preview ?? false;
  // One pass over the archive: the published articles (every one in the preview), those not published
  // (drafts and those under embargo: none in the preview) and those under embargo.
  const articles: Article[] = [];
  const unpublished: Article[] = [];
  const embargoed: Article[] = [];
  for (const a of content.articles) {
    const published = isPublished(a, buildTime);
    if (preview || published) articles.push(a);
    if (!preview && !published) unpublished.push(a);
    if (!a.draft && !published) embargoed.push(a);
  }
  articles.sort(byTimeDesc);
  embargoed.sort((a, b) => a.date.toMillis() - b.date.toMillis() || (a.url < b.url ? -1 : 1));
  const byEdition = new Map<string, Article[]>(config.editions.map((e) => [e.id, []]));
  for (const article of articles) byEdition.get(article.edition)?.push(article);
  const editions = new Map<string, EditionModel>(
    config.editions.map((e) => [
      e.id,
      editionModel(e, byEdition.get(e.id) ?? [], content, config.timeZone, since(options, e.id), preview ? undefined : options.linksCache),
    ]),
  );
  const warnings = [...editions.values()].flatMap((e) => e.tags.warnings);
  const list = [...editions.values()];
  const pages = buildPageLists(list, config.pageSize, config.maxListPages, unpublished);
  // Built on first use, like the sitemaps: `npm run check` needs neither.
  let feeds: FeedLists | undefined;
  const translations = buildTranslationIndex(articles, config.editions);
  const urls = new Urls(config.baseUrl);
  // Built on first use: `npm run check` never needs sitemaps.
  let sitemaps: SitemapLists | undefined;
  const model: SiteModel = {
    root: content.root,
    config,
    urls,
    authors: content.authors,
    editions,
    articles,
    translations,
    pages,
    get feeds() {
      feeds ??= buildFeedLists(list, config.feedSize);
      return feeds;
    },
    get sitemaps() {
      sitemaps ??= sitemapListsKnowing(model);
      return sitemaps;
    },
    warnings,
    buildTime,
    preview,
    embargoed,
  };
  return model;
}

/**
 * The site's sitemap lists, made afresh (`site.sitemaps` keeps the first made without `known`): with `known`, the list pages' newest articles a planner kept
 * from the last build (src/pages/kept-plan.ts), which gives the same lists as `site.sitemaps` when
 * they are right (verify mode checks that).
 */
export function sitemapListsKnowing(site: SiteModel, known?: KnownNewest): SitemapLists {
  return buildSitemapLists([...site.editions.values()], site.articles, site.pages, site.buildTime, site.config, site.translations, known);
}

/** The same edition in the earlier model, with what it was built from. */
function since(options: ModelOptions, id: string): { before: EditionModel; changed: readonly Article[] } | undefined {
  const before = options.since?.site.editions.get(id);
  return before && options.since ? { before, changed: options.since.changed } : undefined;
}

function editionModel(
  e: EditionConfig,
  articles: Article[],
  content: LoadedContent,
  siteZone: string,
  earlier?: { before: EditionModel; changed: readonly Article[] },
  linksCache?: LinksCacheOptions,
): EditionModel {
  const tags = buildTagIndex(e, articles, content.tagsFile[e.id]);
  // Related articles are the costliest index: built on first use, so `npm run check` skips them.
  let links: LinksLookup | undefined;
  let change: LinksChange | undefined;
  const linksOf = (): LinksLookup => {
    if (!links) {
      const lang = (tag: string) => tagSlug(tag, e.lang);
      if (earlier)
        links = updateArticleLinks(
          { articles: earlier.before.articles, tags: earlier.before.tags, links: earlier.before.links },
          articles,
          tags,
          lang,
          earlier.changed,
        );
      else if (linksCache) ({ links, change } = cachedArticleLinks(linksCache, e, articles, tags, lang));
      else links = buildArticleLinks(articles, tags, lang);
      // The earlier model is not kept alive by this one.
      earlier = undefined;
    }
    return links;
  };
  return {
    config: e,
    ui: uiStrings(e.lang),
    timeZone: e.timeZone ?? siteZone,
    articles,
    timeline: buildTimeline(e, articles),
    tags,
    authors: buildAuthorIndex(e, articles, content.authors),
    sections: buildSections(e, content.config.sections, articles),
    staticPages: footerOrder(content.pages.filter((p) => p.edition === e.id)),
    get links() {
      return linksOf();
    },
    get linksChange() {
      linksOf();
      return change;
    },
  };
}

export function editionOf(site: SiteModel, article: Article): EditionModel {
  return site.editions.get(article.edition) as EditionModel;
}
