/**
 * The page objects of every list page type, per edition, computed once from the
 * indexes. Each array is rendered by one Eleventy template paginating with `size: 1`.
 * Every URL is claimed in a UrlRegistry, so two pages can never share one.
 */
import type { Problem } from "../errors/problem.ts";
import type { Article } from "../schema/article.ts";
import type { StaticPage } from "../schema/page.ts";
import type { AuthorEntry } from "./authors.ts";
import { type ListPage, paginateFromOldest } from "./pagination.ts";
import {
  authorsUrl,
  feedUrl,
  homeUrl,
  ICON_PATHS,
  latestNewsUrl,
  listFeedUrl,
  NOT_FOUND_PATH,
  newsSitemapUrl,
  newsUrl,
  notFoundUrl,
  ROBOTS_PATH,
  SEARCH_BUNDLE_PATH,
  SITEMAP_PARTS_PATH,
  SITEMAP_PATH,
  searchUrl,
  tagsUrl,
} from "./paths.ts";
import type { SectionEntry } from "./sections.ts";
import type { EditionModel } from "./site.ts";
import { staticPageLinks } from "./static-pages.ts";
import type { TagEntry } from "./tags.ts";
import { type DayArchive, type DayGroup, groupByDay, type MonthArchive, type YearArchive } from "./timeline.ts";
import type { HreflangLink } from "./translations.ts";
import { aliasPlace, escapeRegExp, UrlRegistry } from "./url-registry.ts";

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
/** A static page, with its versions in the other editions as hreflang alternates ([] when it has none). */
export type StaticPageItem = OnePage & { page: StaticPage; alternates: readonly HreflangLink[] };

/** A redirect from an old URL (`aliases`) to the article that now lives elsewhere. */
export interface RedirectPage {
  url: string;
  target: Article;
}

/** A `_redirects` line: the old URL as requested (percent-encoded), and the article. */
export interface RedirectRule {
  from: string;
  target: Article;
}

/** An alias that names a URL some page already has, or a place no page can be written: an editor's error. */
export interface AliasConflict {
  article: Article;
  index: number;
  /** Why, as the end of a sentence: `which is already used by …`. */
  problem: string;
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
  staticPage: StaticPageItem[];
  /** A static page whose URL another page has (`content/pages/eng/news.md` is the news feed's place): an editor's error. */
  staticPageConflicts: Problem[];
  notFound: { url: string }[];
  /** One search page per edition; not in the sitemap (`noindex`). */
  search: SearchPage[];
  redirects: RedirectPage[];
  /** Every published alias, with a page or not (`/story.php` has none): the `_redirects` file. */
  redirectRules: RedirectRule[];
  aliasConflicts: AliasConflict[];
  /** Every file and folder the build writes, by what writes it: what aliases are checked against. */
  outputs: UrlRegistry;
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
    staticPage: [],
    staticPageConflicts: [],
    notFound: [],
    search: [],
    redirects: [],
    redirectRules: [],
    aliasConflicts: [],
    outputs: new UrlRegistry(),
  };
}

/**
 * `unpublished`: drafts and articles under embargo (none in the preview, which shows them). Their
 * URLs and aliases are checked now, so the build that publishes them cannot fail on an alias.
 */
export function buildPageLists(
  editions: readonly EditionModel[],
  pageSize: number,
  maxListPages?: number,
  unpublished: readonly Article[] = [],
): PageLists {
  const lists = emptyPageLists();
  const registry = lists.outputs;
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
    // The chrome links to the news feed and to the tag and author indexes, so they exist even when empty. Numbered
    // from the oldest, its newest maxListPages pages: a new article changes the feed's own page, not every page.
    for (const page of paginateFromOldest(e.articles, pageSize, newsUrl(e.config), { keepEmptyFirstPage: true, maxPages: maxListPages })) {
      const what = page.url === page.listUrl ? "the news feed" : `news feed page ${page.pageNumber}`;
      add(lists.feed, { ...page, edition, days: groupByDay(page.items) }, what);
    }
    for (const year of e.timeline.years) add(lists.year, { url: year.url, edition, year }, "a year archive");
    for (const month of e.timeline.months) add(lists.month, { url: month.url, edition, month }, "a month archive");
    for (const day of e.timeline.days) add(lists.day, { url: day.url, edition, day }, "a day archive");
    add(lists.tagIndex, { url: tagsUrl(e.config), edition, tags: e.tags.list }, "the tag index");
    for (const tag of e.tags.list) {
      // Numbered from the oldest: a new article changes the tag's own page, not every page of a big tag.
      for (const page of paginateFromOldest(tag.articles, pageSize, tag.url)) add(lists.tag, { ...page, edition, tag }, `tag page "${tag.name}"`);
    }
    add(lists.authorIndex, { url: authorsUrl(e.config), edition, authors: e.authors.list }, "the author index");
    for (const entry of e.authors.list) {
      for (const page of paginateFromOldest(entry.articles, pageSize, entry.url))
        add(lists.author, { ...page, edition, entry }, `author page "${entry.author.id}"`);
    }
    add(lists.search, { url: searchUrl(e.config), edition }, "the search page");
    if (e.config.prefix !== "/") registry.claim(notFoundUrl(e.config), of("the not-found page"));
  }
  for (const e of editions) {
    for (const section of e.sections) {
      for (const page of paginateFromOldest(section.articles, pageSize, section.url, { maxPages: maxListPages })) {
        registry.claim(page.url, `section page "${section.id}" of edition "${e.config.id}"`);
        lists.section.push({ ...page, edition: e.config.id, section });
      }
    }
  }
  claimOtherOutputs(registry, editions);
  // After every generated page, so a page named like one (`news.md`, `tags.md`) is the one refused.
  const pageLinks = staticPageLinks(
    editions.flatMap((e) => e.staticPages),
    editions.map((e) => e.config),
  );
  for (const e of editions) {
    for (const page of e.staticPages) {
      const problem = registry.claimIfFree(page.url, page.file);
      if (problem) {
        lists.staticPageConflicts.push({
          file: page.file,
          line: 1,
          field: "",
          message: `expected a file name that gives a URL of its own, received "${page.slug}.md", whose URL ${page.url} ${problem.replace(/^which /, "")}; rename the file`,
          severity: "error",
        });
        continue;
      }
      lists.staticPage.push({ url: page.url, edition: e.config.id, page, alternates: pageLinks.get(page) ?? [] });
    }
  }
  // An unpublished article's URL is taken already: an alias there would break the build that publishes it.
  for (const article of unpublished) {
    const state = article.draft ? "a draft" : `under embargo until ${article.date.toFormat("yyyy-MM-dd HH:mm")}`;
    registry.tryClaim(article.url, `${article.file} (${state}; the build that publishes it would fail)`);
  }
  // Aliases last, so an old URL can never take the place of a real page.
  for (const e of editions) {
    for (const article of e.articles) {
      article.aliases?.forEach((alias, index) => {
        const place = aliasPlace(alias);
        const problem = registry.claimIfFree(place.page ?? place.path, `an alias in ${article.file}`);
        if (problem) {
          lists.aliasConflicts.push({ article, index, problem });
          return;
        }
        if (place.page) lists.redirects.push({ url: place.page, target: article });
        lists.redirectRules.push({ from: place.from, target: article });
      });
    }
  }
  // Unpublished articles' aliases too: they are published with it.
  for (const article of unpublished) {
    article.aliases?.forEach((alias, index) => {
      const place = aliasPlace(alias);
      const problem = registry.claimIfFree(place.page ?? place.path, `an alias in ${article.file}`);
      if (problem) lists.aliasConflicts.push({ article, index, problem });
    });
  }
  return lists;
}

/** Every file that is not a page: feeds, sitemaps, robots.txt, the host's files, assets, the search index and photos. */
function claimOtherOutputs(registry: UrlRegistry, editions: readonly EditionModel[]): void {
  for (const e of editions) {
    const of = `of edition "${e.config.id}"`;
    registry.claim(feedUrl(e.config, "atom"), `the Atom feed ${of}`);
    registry.claim(feedUrl(e.config, "rss"), `the RSS feed ${of}`);
    registry.claim(feedUrl(e.config, "json"), `the JSON feed ${of}`);
    registry.claim(latestNewsUrl(e.config), `the latest headlines for the news-feed column ${of}`);
    for (const tag of e.tags.list) registry.claim(listFeedUrl(tag.url), `the feed of tag "${tag.name}" ${of}`);
    for (const entry of e.authors.list) registry.claim(listFeedUrl(entry.url), `the feed of author "${entry.author.id}" ${of}`);
    for (const section of e.sections) registry.claim(listFeedUrl(section.url), `the feed of section "${section.id}" ${of}`);
    // Written only when the edition has news of the last two days, split in parts when long: reserved always.
    const news = newsSitemapUrl(e.config)
      .slice(1)
      .replace(/\.xml$/, "");
    registry.reserveFiles(new RegExp(`^${escapeRegExp(news)}(?:-\\d+)?\\.xml$`), `the Google News sitemap ${of} or a part of it`);
  }
  registry.claim(SITEMAP_PATH, "the sitemap index");
  registry.reserveFolder(SITEMAP_PARTS_PATH.slice(1, -1), "the folder of the sitemap's parts, one a month");
  registry.claim(ROBOTS_PATH, "robots.txt");
  for (const icon of Object.values(ICON_PATHS)) registry.claim(icon, "an icon made from assets/logo.svg, or the web app manifest naming them");
  registry.claim("/_headers", "the _headers file for Netlify and Cloudflare Pages");
  registry.claim("/_redirects", "the _redirects file for Netlify and Cloudflare Pages");
  registry.reserveFolder("assets", "the folder of the stylesheets, scripts and logo");
  registry.reserveFolder(SEARCH_BUNDLE_PATH.slice(1, -1), "the folder of the search index");
  // IMAGES_PATH (src/images/plan.ts, which loads sharp); tests/e2e/check-pipeline.test.ts checks every built file has an owner here.
  registry.reserveFolder("images", "the folder of the photos and social cards");
  registry.reserveFolder("admin", "the folder of the CMS (src/cms/), in the preview always");
}
