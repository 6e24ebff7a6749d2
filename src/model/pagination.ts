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
  /** The newer page (lower number), if any. */
  prevUrl?: string;
  nextUrl?: string;
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
