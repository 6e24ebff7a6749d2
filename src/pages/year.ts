/** A year's archive: its months with counts. */
import type { DateTime } from "../dates.ts";
import type { YearPage } from "../model/page-lists.ts";
import { fileOfUrl, type PageType } from "./page-type.ts";
import { frozenView } from "./view.ts";

export interface YearView {
  url: string;
  edition: string;
  date: DateTime;
  count: number;
  months: readonly { url: string; date: DateTime; count: number }[];
}

export const yearPages: PageType<YearPage, YearView> = {
  kind: "year-archive",
  cached: true,
  list: ({ site }) => site.pages.year,
  file: fileOfUrl,
  view: (_input, { url, edition, year }) =>
    frozenView({
      url,
      edition,
      date: year.date,
      count: year.count,
      months: year.months.map((m) => frozenView({ url: m.url, date: m.date, count: m.count })),
    }),
};
