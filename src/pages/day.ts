/** A day's archive: its articles, newest first. */
import type { DateTime } from "../dates.ts";
import type { DayPage } from "../model/page-lists.ts";
import { fileOfUrl, type PageType } from "./page-type.ts";
import { type Teaser, teasers } from "./teasers.ts";
import { frozenView } from "./view.ts";

export interface DayView {
  url: string;
  edition: string;
  date: DateTime;
  items: readonly Teaser[];
}

export const dayPages: PageType<DayPage, DayView> = {
  kind: "day-archive",
  cached: true,
  list: ({ site }) => site.pages.day,
  file: fileOfUrl,
  sources: (_input, { day }) => ({ lists: [day.articles], text: "" }),
  view: ({ images }, { url, edition, day }) => frozenView({ url, edition, date: day.date, items: teasers(day.articles, images) }),
};
