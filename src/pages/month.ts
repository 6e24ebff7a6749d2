/** A month's archive: its days with counts. */
import type { DateTime } from "../dates.ts";
import type { MonthPage } from "../model/page-lists.ts";
import { fileOfUrl, type PageType } from "./page-type.ts";
import { frozenView } from "./view.ts";

export interface MonthView {
  url: string;
  edition: string;
  date: DateTime;
  count: number;
  days: readonly { url: string; date: DateTime; count: number }[];
}

export const monthPages: PageType<MonthPage, MonthView> = {
  kind: "month-archive",
  cached: true,
  list: ({ site }) => site.pages.month,
  file: fileOfUrl,
  view: (_input, { url, edition, month }) =>
    frozenView({
      url,
      edition,
      date: month.date,
      count: month.count,
      days: month.days.map((d) => frozenView({ url: d.url, date: d.date, count: d.articles.length })),
    }),
};
