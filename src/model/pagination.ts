/**
 * Pagination is computed here, not by Eleventy: a list becomes an array of page objects that one
 * template renders with `size: 1`. Every list is numbered from its oldest page (issue 19), so a new
 * article changes the list's own page and not every page after it. No page is ever empty, except
 * the list's own page of a list the site chrome always links to (`keepEmptyFirstPage`). A list can
 * keep only its newest `maxPages` pages (the news feed and section fronts: their older articles are
 * in the archive by date).
 */
import { pagedUrl } from "./paths.ts";

export interface ListPage<T> {
  /** Site path of this page: the list URL for the list's own page (the newest articles), `<list>page/N/` for the others. */
  url: string;
  /** URL of the list's own page, for breadcrumbs and links back to the list. */
  listUrl: string;
  items: readonly T[];
  /**
   * Counted from the oldest page (the list's own page is the last). A numbered page's view holds
   * nothing that changes when newer articles come: its `totalPages` and `totalItems` are not shown.
   */
  pageNumber: number;
  totalPages: number;
  /** Total items in the whole list, for counts. */
  totalItems: number;
  /** The list stops at this page, before its oldest items (`maxPages`); the page points to the archive. */
  truncated?: true;
  /**
   * The list keeps only its newest `maxPages` pages, so its oldest page (`page/1/`) may not be on the
   * site, and the window's oldest page moves up once every page's worth of articles: a page links
   * only its neighbours, never the window's ends.
   */
  windowed?: true;
  /** The newer page, if any (`rel="prev"`). */
  prevUrl?: string;
  /** The older page, if any (`rel="next"`). */
  nextUrl?: string;
}

export interface PaginateOptions {
  /** The list's own page exists even for an empty list. */
  keepEmptyFirstPage?: boolean;
  /** No more pages than this, the list's own page included; the oldest one is marked `truncated` when older items were left out. */
  maxPages?: number;
}

/**
 * Pagination that a new article does not shift (issue 19). The list's URL shows its newest articles;
 * the older ones are on pages numbered from the oldest, `page/1/` (the oldest `pageSize` articles),
 * `page/2/` …, each always full and never changed by newer articles. The list's own page holds what
 * is newer than the last numbered page: `pageSize` to 2 × `pageSize` − 1 articles (all of them when
 * there are fewer than 2 × `pageSize`). A new article changes the list's page, and once every
 * `pageSize` articles makes a new numbered page of its oldest ones (and the page before that one gets
 * a link to it); no other page changes. Within a page, newest first.
 *
 * With `maxPages`, only the list's page and the newest `maxPages` − 1 numbered pages are kept (a
 * window); the oldest of them is `truncated` when older articles exist. When a new numbered page
 * comes, the window's oldest page leaves the site and the next one becomes the truncated one.
 */
export function paginateFromOldest<T>(items: readonly T[], pageSize: number, listUrl: string, options: PaginateOptions = {}): ListPage<T>[] {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`page size must be a positive integer, received ${pageSize}`);
  const { keepEmptyFirstPage = false, maxPages } = options;
  if (maxPages !== undefined && (!Number.isInteger(maxPages) || maxPages < 1))
    throw new RangeError(`the most pages of a list must be a positive integer, received ${maxPages}`);
  const windowed = maxPages === undefined ? {} : { windowed: true as const };
  const total = items.length;
  if (total === 0) return keepEmptyFirstPage ? [{ url: listUrl, listUrl, items: [], pageNumber: 1, totalPages: 1, totalItems: 0, ...windowed }] : [];
  // Full pages from the oldest; the newest of them stays on the list's own page, so it never holds fewer than pageSize.
  const numbered = Math.max(Math.floor(total / pageSize) - 1, 0);
  // The oldest numbered page kept: the window holds the list's page and maxPages - 1 numbered pages.
  const oldest = maxPages === undefined ? 1 : Math.max(numbered - maxPages + 2, 1);
  const truncated = { truncated: true as const };
  const url = (n: number) => (n > numbered ? listUrl : pagedUrl(listUrl, n));
  const pages: ListPage<T>[] = [
    {
      url: listUrl,
      listUrl,
      items: items.slice(0, total - numbered * pageSize),
      pageNumber: numbered + 1,
      totalPages: numbered + 1,
      totalItems: total,
      nextUrl: numbered >= oldest ? url(numbered) : undefined,
      ...windowed,
      // Only the list's page is kept (maxPages 1), and older articles exist.
      ...(numbered > 0 && numbered < oldest ? truncated : {}),
    },
  ];
  for (let n = numbered; n >= oldest; n--) {
    pages.push({
      url: url(n),
      listUrl,
      items: items.slice(total - n * pageSize, total - (n - 1) * pageSize),
      pageNumber: n,
      totalPages: numbered + 1,
      totalItems: total,
      prevUrl: url(n + 1),
      nextUrl: n > oldest ? url(n - 1) : undefined,
      ...windowed,
      ...(n === oldest && oldest > 1 ? truncated : {}),
    });
  }
  return pages;
}
