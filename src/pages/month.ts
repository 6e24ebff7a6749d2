/** A month's archive: its days (only those with articles), newest first, each with its headlines and their times. */
import type { DateTime } from "../dates.ts";
import type { MonthPage } from "../model/page-lists.ts";
import type { DayGroupView } from "./news-feed.ts";
import { fileOfUrl, type PageType } from "./page-type.ts";
import { teasers } from "./teasers.ts";
import { frozenView } from "./view.ts";

export interface MonthView {
  url: string;
  edition: string;
  date: DateTime;
  count: number;
  /** Newest first, each day's headlines newest first: a new article changes its own month's view alone. */
  days: readonly DayGroupView[];
}

export const monthPages: PageType<MonthPage, MonthView> = {
  kind: "month-archive",
  cached: true,
  list: ({ site }) => site.pages.month,
  file: fileOfUrl,
  sources: (_input, { month }) => ({ lists: month.days.map((d) => d.articles), text: "" }),
  view: ({ images }, { url, edition, month }) =>
    frozenView({
      url,
      edition,
      date: month.date,
      count: month.count,
      days: month.days.map((d) => frozenView({ url: d.url, date: d.date, items: teasers(d.articles, images) })),
    }),
};
