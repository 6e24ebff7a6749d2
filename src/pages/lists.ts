/** Parts of list views shared by several page types. */
import type { DateTime } from "../dates.ts";
import type { ListPage } from "../model/pagination.ts";
import type { EditionModel } from "../model/site.ts";
import type { Article } from "../schema/article.ts";
import type { SiteInput } from "./page-type.ts";
import { type Teaser, teasers } from "./teasers.ts";
import { frozenView } from "./view.ts";

/**
 * The pager's part of a paginated page. A numbered page (every page but the list's own: lists are
 * numbered from the oldest, src/model/pagination.ts) has no `totalPages` or `totalItems`: what it
 * shows (and its cache key) must not change when newer articles come.
 */
export type Paging = Omit<ListPage<unknown>, "items" | "totalPages" | "totalItems"> & { totalPages?: number; totalItems?: number };

export function paging(page: ListPage<unknown>): Paging {
  const { url, listUrl, pageNumber, totalPages, totalItems, truncated, windowed, prevUrl, nextUrl } = page;
  if (url !== listUrl) return frozenView({ url, listUrl, pageNumber, truncated, windowed, prevUrl, nextUrl });
  return frozenView({ url, listUrl, pageNumber, totalPages, totalItems, truncated, windowed, prevUrl, nextUrl });
}

/**
 * What a collection page's view reads of its item (`PageType.facts`): its pager, edition and page of
 * articles (the item's tag, author or section holds the whole list, which the page does not show), and
 * what the type shows of its collection (`own`).
 */
export function collectionFacts(page: ListPage<Article> & { edition: string }, own: unknown): unknown {
  return [paging(page), page.edition, page.items, own];
}

/** The edition's years, each a link to its archive (the news feed, and a section front that stops before its oldest article). */
export interface YearLink {
  url: string;
  date: DateTime;
}

export function yearLinks(edition: EditionModel): readonly YearLink[] {
  // The year's start, not its newest article's time (which layouts do not show): a new article leaves these lists alone.
  return edition.timeline.years.map((y) => frozenView({ url: y.url, date: y.date.startOf("year") }));
}

/** A link with its article count: tags, authors, months, days. */
export interface CountedItem {
  url: string;
  label: string;
  count: number;
}

/** A page of a collection's articles (a tag, an author, a section). */
export interface CollectionView extends Paging {
  edition: string;
  items: readonly Teaser[];
  /** On a list that stops before its oldest article: where the rest are. */
  years?: readonly YearLink[];
}

/** What it reads of its item is `collectionFacts` (above) too: a field read here belongs there as well. */
export function collectionView(input: SiteInput, page: ListPage<Article> & { edition: string }): CollectionView {
  const edition = input.site.editions.get(page.edition) as EditionModel;
  return frozenView({
    ...paging(page),
    edition: page.edition,
    items: teasers(page.items, input.images),
    years: page.truncated ? yearLinks(edition) : undefined,
  });
}
