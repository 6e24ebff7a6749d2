/**
 * The news feed: the newest articles under a heading per day, on the feed's own page and its newest
 * numbered pages (numbered from the oldest, src/model/pagination.ts); every page links the archive by year.
 */
import type { DateTime } from "../dates.ts";
import type { FeedPage } from "../model/page-lists.ts";
import type { EditionModel } from "../model/site.ts";
import { type Paging, paging, type YearLink, yearLinks } from "./lists.ts";
import { fileOfUrl, type PageType } from "./page-type.ts";
import { type Teaser, teasers } from "./teasers.ts";
import { frozenView } from "./view.ts";

export interface DayGroupView {
  url: string;
  date: DateTime;
  items: readonly Teaser[];
}

export interface NewsFeedView extends Paging {
  edition: string;
  days: readonly DayGroupView[];
  years: readonly YearLink[];
}

export const newsFeedPages: PageType<FeedPage, NewsFeedView> = {
  kind: "news-feed",
  cached: true,
  list: ({ site }) => site.pages.feed,
  file: fileOfUrl,
  sources: ({ site }, page) => ({ lists: [(site.editions.get(page.edition) as EditionModel).articles], text: "" }),
  view: ({ site, images }, page) =>
    frozenView({
      ...paging(page),
      edition: page.edition,
      days: page.days.map((d) => frozenView({ url: d.url, date: d.date, items: teasers(d.items, images) })),
      years: yearLinks(site.editions.get(page.edition) as NonNullable<ReturnType<typeof site.editions.get>>),
    }),
};
