/**
 * Pagination is computed here, not by Eleventy: a list becomes an array of page
 * objects that one template renders with `size: 1`. No page is ever empty, except
 * page 1 of a list the site chrome always links to (`keepEmptyFirstPage`).
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
  /** The newer page (lower number), if any. */
  prevUrl?: string;
  nextUrl?: string;
}

export function paginate<T>(items: readonly T[], pageSize: number, listUrl: string, keepEmptyFirstPage = false): ListPage<T>[] {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`page size must be a positive integer, received ${pageSize}`);
  const totalPages = Math.ceil(items.length / pageSize);
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
    });
  }
  return pages;
}
