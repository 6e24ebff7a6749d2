/**
 * Pagination is computed here, not by Eleventy: a list becomes an array of page
 * objects that one template renders with `size: 1`. No page is ever empty, except
 * page 1 of a list the site chrome always links to (`keepEmptyFirstPage`). A list can
 * stop after `maxPages` (the news feed and section fronts: their older articles are in
 * the archive by date), so a new article shifts at most that many pages, not the archive.
 */
import { pagedUrl } from "./paths.ts";

export interface ListPage<T> {
  /** Site path of this page: the list URL for page 1, `<list>page/N/` after. */
  url: string;
  /** URL of page 1, for breadcrumbs and canonical links back to the list. */
  listUrl: string;
  items: readonly T[];
  pageNumber: number;
  totalPages: number;
  /** Total items in the whole list, for counts. */
  totalItems: number;
  /** The list stops at its last page before its oldest item (`maxPages`); that page points to the archive. */
  truncated?: true;
  /** The newer page, if any (`rel="prev"`). */
  prevUrl?: string;
  /** The older page, if any (`rel="next"`). */
  nextUrl?: string;
  /**
   * Numbered from the oldest page (paginateFromOldest): `pageNumber` counts from the oldest, and a
   * numbered page's view holds nothing that changes when newer articles come (its `totalPages` and
   * `totalItems` are not shown).
   */
  fromOldest?: true;
}

export interface PaginateOptions {
  /** Page 1 exists even for an empty list. */
  keepEmptyFirstPage?: boolean;
  /** No more pages than this; the last one is marked `truncated` when items were left out. */
  maxPages?: number;
}

export function paginate<T>(items: readonly T[], pageSize: number, listUrl: string, options: PaginateOptions = {}): ListPage<T>[] {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`page size must be a positive integer, received ${pageSize}`);
  const { keepEmptyFirstPage = false, maxPages = Number.POSITIVE_INFINITY } = options;
  const totalPages = Math.min(Math.ceil(items.length / pageSize), maxPages);
  const truncated = items.length > totalPages * pageSize;
  if (totalPages === 0) return keepEmptyFirstPage ? [{ url: listUrl, listUrl, items: [], pageNumber: 1, totalPages: 1, totalItems: 0 }] : [];
  const pages: ListPage<T>[] = [];
  for (let n = 1; n <= totalPages; n++) {
    pages.push({
      url: pagedUrl(listUrl, n),
      listUrl,
      items: items.slice((n - 1) * pageSize, n * pageSize),
      pageNumber: n,
      totalPages,
      totalItems: items.length,
      prevUrl: n > 1 ? pagedUrl(listUrl, n - 1) : undefined,
      nextUrl: n < totalPages ? pagedUrl(listUrl, n + 1) : undefined,
      ...(truncated && n === totalPages ? { truncated: true as const } : {}),
    });
  }
  return pages;
}

/**
 * Pagination that a new article does not shift (a big tag or author: issue 19). The list's URL shows
 * its newest articles; the older ones are on pages numbered from the oldest, `page/1/` (the oldest
 * `pageSize` articles), `page/2/` …, each always full and never changed by newer articles. The
 * list's own page holds what is newer than the last numbered page: `pageSize` to 2 × `pageSize` − 1
 * articles (all of them when there are fewer than 2 × `pageSize`). A new article changes the list's
 * page, and once every `pageSize` articles makes a new numbered page of its oldest ones (and the
 * page before that one gets a link to it); no other page changes. Within a page, newest first.
 */
export function paginateFromOldest<T>(items: readonly T[], pageSize: number, listUrl: string): ListPage<T>[] {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`page size must be a positive integer, received ${pageSize}`);
  const total = items.length;
  if (total === 0) return [];
  // Full pages from the oldest; the newest of them stays on the list's own page, so it never holds fewer than pageSize.
  const numbered = Math.max(Math.floor(total / pageSize) - 1, 0);
  const url = (n: number) => (n > numbered ? listUrl : `${listUrl}page/${n}/`);
  const pages: ListPage<T>[] = [
    {
      url: listUrl,
      listUrl,
      items: items.slice(0, total - numbered * pageSize),
      pageNumber: numbered + 1,
      totalPages: numbered + 1,
      totalItems: total,
      nextUrl: numbered > 0 ? url(numbered) : undefined,
      fromOldest: true,
    },
  ];
  for (let n = numbered; n >= 1; n--) {
    pages.push({
      url: url(n),
      listUrl,
      items: items.slice(total - n * pageSize, total - (n - 1) * pageSize),
      pageNumber: n,
      totalPages: numbered + 1,
      totalItems: total,
      prevUrl: url(n + 1),
      nextUrl: n > 1 ? url(n - 1) : undefined,
      fromOldest: true,
    });
  }
  return pages;
}
