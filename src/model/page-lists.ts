/**
 * The page objects of every list page type, per edition, computed once from the
 * indexes. Each array is rendered by one Eleventy template paginating with `size: 1`.
 * Every URL is claimed in a UrlRegistry, so two pages can never share one.
 */
import type { Article } from "../schema/article.ts";
import type { AuthorEntry } from "./authors.ts";
import { type ListPage, paginate } from "./pagination.ts";
import { authorsUrl, homeUrl, NOT_FOUND_PATH, newsUrl, searchUrl, tagsUrl } from "./paths.ts";
import type { SectionEntry } from "./sections.ts";
import type { EditionModel } from "./site.ts";
import type { TagEntry } from "./tags.ts";
import { type DayArchive, type DayGroup, groupByDay, type MonthArchive, type YearArchive } from "./timeline.ts";
import { UrlRegistry } from "./url-registry.ts";

interface OnePage {
  url: string;
  /** Edition id. */
  edition: string;
}

export type HomePage = OnePage & { latest: readonly Article[] };
export type FeedPage = ListPage<Article> & { edition: string; days: DayGroup[] };
export type SearchPage = OnePage;
export type DayPage = OnePage & { day: DayArchive };
export type MonthPage = OnePage & { month: MonthArchive };
export type YearPage = OnePage & { year: YearArchive };
export type TagIndexPage = OnePage & { tags: readonly TagEntry[] };
export type TagPage = ListPage<Article> & { edition: string; tag: TagEntry };
export type AuthorIndexPage = OnePage & { authors: readonly AuthorEntry[] };
export type AuthorPage = ListPage<Article> & { edition: string; entry: AuthorEntry };
export type SectionPage = ListPage<Article> & { edition: string; section: SectionEntry };

/** A redirect from an old URL (`aliases`) to the article that now lives elsewhere. */
export interface RedirectPage {
  url: string;
  target: Article;
}

/** An alias that names a URL some page already has: an editor's error. */
export interface AliasConflict {
  article: Article;
  index: number;
  owner: string;
}

export interface PageLists {
  home: HomePage[];
  feed: FeedPage[];
  day: DayPage[];
  month: MonthPage[];
  year: YearPage[];
  tagIndex: TagIndexPage[];
  tag: TagPage[];
  authorIndex: AuthorIndexPage[];
  author: AuthorPage[];
  section: SectionPage[];
  notFound: { url: string }[];
  /** One search page per edition; not in the sitemap (`noindex`). */
  search: SearchPage[];
  redirects: RedirectPage[];
  aliasConflicts: AliasConflict[];
}

/** Every list empty: the start of buildPageLists, and a base for tests. */
export function emptyPageLists(): PageLists {
  return {
    home: [],
    feed: [],
    day: [],
    month: [],
    year: [],
    tagIndex: [],
    tag: [],
    authorIndex: [],
    author: [],
    section: [],
    notFound: [],
    search: [],
    redirects: [],
    aliasConflicts: [],
  };
}

export function buildPageLists(editions: readonly EditionModel[], pageSize: number, maxListPages = Number.POSITIVE_INFINITY): PageLists {
  const lists = emptyPageLists();
  const registry = new UrlRegistry();
  registry.claim(NOT_FOUND_PATH, "the not-found page");
  lists.notFound.push({ url: NOT_FOUND_PATH });
  for (const e of editions) {
    const edition = e.config.id;
    const of = (what: string) => `${what} of edition "${edition}"`;
    for (const article of e.articles) registry.claim(article.url, article.file);
    const add = <T extends { url: string }>(list: T[], page: T, what: string) => {
      registry.claim(page.url, of(what));
      list.push(page);
    };
    add(lists.home, { url: homeUrl(e.config), edition, latest: e.articles.slice(0, pageSize) }, "the home page");
    // The chrome links to page 1 of the feed and to the tag and author indexes, so they exist even when empty.
    for (const page of paginate(e.articles, pageSize, newsUrl(e.config), { keepEmptyFirstPage: true, maxPages: maxListPages })) {
      add(lists.feed, { ...page, edition, days: groupByDay(page.items) }, `news feed page ${page.pageNumber}`);
    }
    for (const year of e.timeline.years) add(lists.year, { url: year.url, edition, year }, "a year archive");
    for (const month of e.timeline.months) add(lists.month, { url: month.url, edition, month }, "a month archive");
    for (const day of e.timeline.days) add(lists.day, { url: day.url, edition, day }, "a day archive");
    add(lists.tagIndex, { url: tagsUrl(e.config), edition, tags: e.tags.list }, "the tag index");
    for (const tag of e.tags.list) {
      for (const page of paginate(tag.articles, pageSize, tag.url)) add(lists.tag, { ...page, edition, tag }, `tag page "${tag.name}"`);
    }
    add(lists.authorIndex, { url: authorsUrl(e.config), edition, authors: e.authors.list }, "the author index");
    for (const entry of e.authors.list) {
      for (const page of paginate(entry.articles, pageSize, entry.url))
        add(lists.author, { ...page, edition, entry }, `author page "${entry.author.id}"`);
    }
    add(lists.search, { url: searchUrl(e.config), edition }, "the search page");
  }
  for (const e of editions) {
    for (const section of e.sections) {
      for (const page of paginate(section.articles, pageSize, section.url, { maxPages: maxListPages })) {
        registry.claim(page.url, `section page "${section.id}" of edition "${e.config.id}"`);
        lists.section.push({ ...page, edition: e.config.id, section });
      }
    }
  }
  // Aliases last, so an old URL can never take the place of a real page.
  for (const e of editions) {
    for (const article of e.articles) {
      article.aliases?.forEach((alias, index) => {
        const owner = registry.tryClaim(alias, `an alias in ${article.file}`);
        if (owner) lists.aliasConflicts.push({ article, index, owner });
        else lists.redirects.push({ url: alias, target: article });
      });
    }
  }
  return lists;
}
