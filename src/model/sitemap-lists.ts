/**
 * Every sitemap file of the site, computed once: `/sitemap.xml`, one Google News sitemap per
 * edition, and robots.txt.
 *
 * `/sitemap.xml` (the URL robots.txt names) is always a sitemap index of parts, one per month of
 * its pages' last change, as news sites publish them: `/sitemaps/2025-03.xml` lists every public
 * page whose `<lastmod>` falls in March 2025 (in the time zone the lastmod is written in), a month
 * with more pages than the limit goes on in `/sitemaps/2025-03-2.xml` ..., and pages with no last
 * change (a list with nothing in it yet, a static page without `updated`) have
 * `/sitemaps/undated.xml`. Each part's `<lastmod>` in the index is its newest page's. A new article
 * changes the current month's part and those of the few list pages whose last change moves, so a
 * build renders those parts again and takes the others from the page cache (src/pages/sitemaps.ts).
 * A small site gets the index too: one layout whatever the size, so nothing changes shape the day
 * the archive outgrows one file (REFERENCE.md §4).
 *
 * A Google News sitemap with more entries than its limit keeps its URL but becomes a sitemap
 * index of numbered parts (`/news-sitemap.xml` → `/news-sitemap-1.xml` ...), so robots.txt never
 * changes (REFERENCE.md §3). An edition with no article in the news window gets no news sitemap at
 * all: the sitemaps.org schema requires at least one `<url>`, so an empty one would be invalid.
 */
import { type DateTime, hoursBefore, latest } from "../dates.ts";
import type { Article } from "../schema/article.ts";
import { lastModified } from "./load.ts";
import type { PageLists } from "./page-lists.ts";
import { NOT_FOUND_PATH, newsSitemapUrl, ROBOTS_PATH, SITEMAP_PATH, sitemapMonthUrl, sitemapPartUrl } from "./paths.ts";
import type { EditionModel } from "./site.ts";
import type { DayArchive, MonthArchive, YearArchive } from "./timeline.ts";
import type { HreflangLink, TranslationIndex } from "./translations.ts";

export interface SitemapEntry {
  /** Site path of the page (or, in an index, of the part). */
  path: string;
  /** The last real change; none for a page that lists nothing yet. */
  lastmod?: DateTime;
  /** The page's translations as `xhtml:link` alternates, itself included (REFERENCE.md §7). */
  alternates?: readonly HreflangLink[];
}

export interface UrlSetFile {
  url: string;
  entries: SitemapEntry[];
}

export interface IndexFile {
  url: string;
  parts: SitemapEntry[];
}

export interface NewsFile {
  url: string;
  edition: string;
  /** Newest first, at most the news sitemap limit. */
  articles: Article[];
}

export interface SitemapLists {
  /** The sitemap's parts, one a month of their pages' last change (`monthParts`). */
  urlsets: UrlSetFile[];
  news: NewsFile[];
  /** `/sitemap.xml`, the index of the parts, first; then the index of each news sitemap split into parts. */
  indexes: IndexFile[];
  robots: { url: string; sitemaps: string[] }[];
  /**
   * Each list page's newest article, by the page's URL (null: it lists none): the day, month, feed, tag,
   * author and section pages whose newest change a planner may keep for the next build (`KnownNewest`).
   */
  listNewest: ReadonlyMap<string, Article | null>;
}

/**
 * List pages' newest articles as a planner kept them from the last build (src/pages/kept-plan.ts), by
 * the page's URL (null: it lists none): pages listing the same articles as then, whose newest change
 * is then not read again from every article they list (~0.5 s of a publish at 100,000 articles).
 */
export type KnownNewest = ReadonlyMap<string, Article | null>;

export interface SitemapLimits {
  /** URLs per sitemap part (sitemaps.org: 50,000): a month with more goes on in numbered parts. */
  sitemapSize: number;
  /** Articles per news sitemap file (Google: 1,000). */
  newsSitemapSize: number;
}

const NO_TRANSLATIONS = { articleLinks: () => [], homeLinks: [] };

/** Google News lists articles published in the last two days only. */
export const NEWS_WINDOW_HOURS = 48;

export function buildSitemapLists(
  editions: readonly EditionModel[],
  articles: readonly Article[],
  pages: PageLists,
  buildTime: DateTime,
  limits: SitemapLimits,
  translations: Pick<TranslationIndex, "articleLinks" | "homeLinks"> = NO_TRANSLATIONS,
  known?: KnownNewest,
): SitemapLists {
  const listNewest = new Map<string, Article | null>();
  const lists: SitemapLists = { urlsets: [], news: [], indexes: [], robots: [], listNewest };
  const entries = [
    ...articles.map((a) => withAlternates({ path: a.url, lastmod: lastModified(a) }, translations.articleLinks(a))),
    ...listPageEntries(pages, translations.homeLinks, known, listNewest),
  ];
  lists.urlsets = monthParts(entries, limits.sitemapSize);
  lists.indexes.push({ url: SITEMAP_PATH, parts: lists.urlsets.map((f) => ({ path: f.url, lastmod: newestOf(f.entries) })) });
  const news: string[] = [];
  for (const e of editions) {
    const recent = inNewsWindow(e.articles, buildTime);
    if (!recent.length) continue;
    news.push(newsSitemapUrl(e.config));
    for (const file of split(newsSitemapUrl(e.config), recent, limits.newsSitemapSize, lastModified, lists.indexes)) {
      lists.news.push({ url: file.url, edition: e.config.id, articles: file.items });
    }
  }
  lists.robots.push({ url: ROBOTS_PATH, sitemaps: [SITEMAP_PATH, ...news] });
  return lists;
}

/**
 * Articles published within the window before the build time, and not after it. `articles` are newest
 * first, as the site model lists them, so the window is one run of them: the read stops at the first
 * article older than it, not at the archive's end.
 */
export function inNewsWindow(articles: readonly Article[], buildTime: DateTime): Article[] {
  const end = buildTime.toMillis();
  const start = hoursBefore(buildTime, NEWS_WINDOW_HOURS).toMillis();
  const recent: Article[] = [];
  for (const a of articles) {
    const t = a.date.toMillis();
    if (t <= start) break;
    if (t <= end) recent.push(a);
  }
  return recent;
}

/**
 * Every public list page with the newest change among the articles it lists. The 404 page is not public.
 * `known` gives the pages whose newest article a planner kept from the last build (src/pages/kept-plan.ts);
 * `found` is given every list page's newest article, known or read (null: it lists none).
 */
function listPageEntries(
  pages: PageLists,
  homeLinks: readonly HreflangLink[],
  known: KnownNewest | undefined,
  found: Map<string, Article | null>,
): SitemapEntry[] {
  const newest = new Newest();
  const entry = (path: string, article: Article | undefined): SitemapEntry => ({ path, lastmod: article && newest.time(article) });
  /** A list page's newest article: as kept, else read from its articles. */
  const knownOr = (url: string, read: () => Article | undefined): Article | undefined => {
    const kept = known?.get(url);
    const article = kept === undefined ? read() : (kept ?? undefined);
    found.set(url, article ?? null);
    return article;
  };
  // A month's newest change is its newest day's, a year's its newest month's: each list is read once.
  const day = (d: DayArchive) => newest.of(d, () => knownOr(d.url, () => newest.articles(d.articles)));
  const month = (m: MonthArchive) => newest.of(m, () => knownOr(m.url, () => newest.articles(m.days.map(day))));
  const year = (y: YearArchive) => newest.of(y, () => newest.articles(y.months.map(month)));
  // A tag's or an author's newest change is its pages' newest, folded in their order: their pages hold
  // its whole list, so each article of it is read once for its page and its index (the indexes read every
  // tag's and author's whole list again: ~100,000 of the ~250,000 articles read at 20,000 articles).
  const paged = new PagedLists();
  /** A page of a list's newest article: as kept, else read from its articles. */
  const page = (p: { url: string; items: readonly Article[] }) => knownOr(p.url, () => newest.articles(p.items));
  const tagPages = pages.tag.map((p) => entry(p.url, paged.page(p.tag, p.items, page(p))));
  const authorPages = pages.author.map((p) => entry(p.url, paged.page(p.entry, p.items, page(p))));
  const list = (l: { articles: readonly Article[] }) => newest.of(l, () => newest.articles(paged.newest(l) ?? l.articles));
  return [
    ...pages.home.map((p) => withAlternates(entry(p.url, newest.articles(p.latest)), homeLinks)),
    ...pages.feed.map((p) => entry(p.url, page(p))),
    ...pages.year.map((p) => entry(p.url, year(p.year))),
    ...pages.month.map((p) => entry(p.url, month(p.month))),
    ...pages.day.map((p) => entry(p.url, day(p.day))),
    ...pages.tagIndex.map((p) => entry(p.url, newest.articles(p.tags.map(list)))),
    ...tagPages,
    ...pages.authorIndex.map((p) => entry(p.url, newest.articles(p.authors.map(list)))),
    ...authorPages,
    ...pages.section.map((p) => entry(p.url, page(p))),
    // A static page's last change is its `updated`, when it says one.
    ...pages.staticPage.map((p) => withAlternates({ path: p.url, lastmod: p.page.updated }, p.alternates)),
  ].filter((e) => e.path !== NOT_FOUND_PATH);
}

/**
 * The article with the newest change among articles, as `latest(articles.map(lastModified))` gives
 * it (the first of equal times), with each article's last change and each list's answer kept: an
 * archive of 20,000 articles lists each of them on several pages.
 */
class Newest {
  readonly #times = new Map<Article, DateTime>();
  readonly #lists = new Map<object, Article | undefined>();

  /** An article's last change: most articles were never updated, and theirs is their date, with no lookup. */
  time(article: Article): DateTime {
    if (article.updated === undefined && article.corrections === undefined) return article.date;
    let last = this.#times.get(article);
    if (last === undefined) {
      last = lastModified(article);
      this.#times.set(article, last);
    }
    return last;
  }

  /** Of articles (a list's, or each the newest of a list, in the lists' order), the newest; none for none. */
  articles(articles: readonly (Article | undefined)[]): Article | undefined {
    let best: Article | undefined;
    let millis = 0;
    for (const article of articles) {
      if (article === undefined) continue;
      const last = this.time(article).toMillis();
      if (best === undefined || last > millis) {
        best = article;
        millis = last;
      }
    }
    return best;
  }

  of(list: object, find: () => Article | undefined): Article | undefined {
    if (this.#lists.has(list)) return this.#lists.get(list);
    const article = find();
    this.#lists.set(list, article);
    return article;
  }
}

/**
 * Each list's pages' newest articles, in the pages' order, and where the next page of it should start:
 * `newest(list)` answers for a list only when its pages were met in its order and hold it whole (a
 * list whose pages are windowed, or met out of order, is read whole instead).
 */
class PagedLists {
  readonly #lists = new Map<object, { pages: (Article | undefined)[]; next: number; broken: boolean }>();

  /** Notes a page of `list` holding `items` and their newest article (returned). */
  page(list: { articles: readonly Article[] }, items: readonly Article[], newest: Article | undefined): Article | undefined {
    let seen = this.#lists.get(list);
    if (!seen) {
      seen = { pages: [], next: 0, broken: false };
      this.#lists.set(list, seen);
    }
    // Its pages are slices of it, newest first: this one starts where the last ended.
    if (items.length === 0 || list.articles[seen.next] !== items[0] || list.articles[seen.next + items.length - 1] !== items[items.length - 1])
      seen.broken = true;
    seen.next += items.length;
    seen.pages.push(newest);
    return newest;
  }

  /** The newest articles of `list`'s pages, in their order; undefined when its pages do not hold it whole. */
  newest(list: { articles: readonly Article[] }): readonly (Article | undefined)[] | undefined {
    const seen = this.#lists.get(list);
    return !seen || seen.broken || seen.next !== list.articles.length ? undefined : seen.pages;
  }
}

function withAlternates(entry: SitemapEntry, alternates: readonly HreflangLink[]): SitemapEntry {
  return alternates.length ? { ...entry, alternates } : entry;
}

/**
 * The sitemap's parts: its entries by the month of their last change, oldest month first and the
 * entries without one last, each month in the entries' order, cut into parts of at most `limit`.
 */
export function monthParts(entries: readonly SitemapEntry[], limit: number): UrlSetFile[] {
  const months = new Map<number, SitemapEntry[]>();
  const undated: SitemapEntry[] = [];
  for (const entry of entries) {
    const t = entry.lastmod;
    if (t === undefined) {
      undated.push(entry);
      continue;
    }
    const month = t.year * 12 + (t.month - 1);
    const list = months.get(month);
    if (list) list.push(entry);
    else months.set(month, [entry]);
  }
  const groups: [{ year: number; month: number } | undefined, SitemapEntry[]][] = [...months.keys()]
    .sort((a, b) => a - b)
    .map((m) => [{ year: Math.floor(m / 12), month: (m % 12) + 1 }, months.get(m) as SitemapEntry[]]);
  if (undated.length) groups.push([undefined, undated]);
  const parts: UrlSetFile[] = [];
  for (const [month, list] of groups)
    for (let i = 0; i < list.length; i += limit) parts.push({ url: sitemapMonthUrl(month, i / limit + 1), entries: list.slice(i, i + limit) });
  return parts;
}

/** The newest last change among entries (the first of equal times); none when no entry has one. */
function newestOf(entries: readonly SitemapEntry[]): DateTime | undefined {
  let best: DateTime | undefined;
  for (const e of entries) if (e.lastmod && (!best || e.lastmod.toMillis() > best.toMillis())) best = e.lastmod;
  return best;
}

/** One file at `url`, or numbered parts of at most `limit` items and an index at `url` listing them. */
function split<T>(url: string, items: readonly T[], limit: number, lastmod: (item: T) => DateTime | undefined, indexes: IndexFile[]) {
  if (items.length <= limit) return [{ url, items: [...items] }];
  const files: { url: string; items: T[] }[] = [];
  for (let i = 0; i < items.length; i += limit) files.push({ url: sitemapPartUrl(url, files.length + 1), items: items.slice(i, i + limit) });
  const defined = (f: { items: T[] }) => f.items.map(lastmod).filter((d): d is DateTime => d !== undefined);
  indexes.push({ url, parts: files.map((f) => ({ path: f.url, lastmod: latest(defined(f)) })) });
  return files;
}
