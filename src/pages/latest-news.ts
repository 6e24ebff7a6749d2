/**
 * The edition's latest headlines as a small JSON file (`/eng/news/latest.json`), which the
 * news-feed column beside every article loads (assets/feed.js). Article pages then need not
 * hold the latest feed in their views, so a new article changes this file and the pages of
 * its own day, not every article page. Always written: three small files.
 */
import { latestNewsUrl } from "../model/paths.ts";
import { FEED_COLUMN_SIZE, feedDays } from "./feed-column.ts";
import type { DayGroupView } from "./news-feed.ts";
import type { PageType } from "./page-type.ts";
import { frozenView } from "./view.ts";

export interface LatestNewsView {
  edition: string;
  days: readonly DayGroupView[];
}

export const latestNewsFiles: PageType<{ edition: string; url: string }, LatestNewsView> = {
  kind: "latest-news",
  cached: true,
  list: ({ site }) => [...site.editions.values()].map((e) => ({ edition: e.config.id, url: latestNewsUrl(e.config) })),
  file: (item) => item.url.slice(1),
  view: ({ site, images }, item) =>
    frozenView({
      edition: item.edition,
      days: feedDays(site.editions.get(item.edition)?.articles.slice(0, FEED_COLUMN_SIZE) ?? [], images),
    }),
};
