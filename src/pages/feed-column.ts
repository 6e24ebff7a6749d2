/**
 * The news-feed column beside article pages and on the edition homes: headlines with their
 * Kyiv time, under a heading per day. An article page holds only a window of its own day
 * (so a new article re-renders only the pages of its day that show it), and loads the
 * edition's latest headlines from a small file (src/pages/latest-news.ts) when scripts run.
 */
import type { ArticleImages } from "../images/plan.ts";
import { groupByDay } from "../model/timeline.ts";
import type { Article } from "../schema/article.ts";
import type { DayGroupView } from "./news-feed.ts";
import { teasers } from "./teasers.ts";
import { frozenView } from "./view.ts";

/** Headlines in the edition's latest feed (the home page's column and the latest-news file). */
export const FEED_COLUMN_SIZE = 30;
/** Headlines of its own day beside an article: those nearest it in time. */
export const DAY_WINDOW = 15;

/** Articles (newest first) grouped under their days, as frozen views. */
export function feedDays(articles: readonly Article[], images: ReadonlyMap<string, ArticleImages>): readonly DayGroupView[] {
  return Object.freeze(groupByDay(articles).map((d) => frozenView({ url: d.url, date: d.date, items: teasers(d.items, images) })));
}

/** Up to DAY_WINDOW articles of a day (newest first) around `article`, which is among them. */
export function dayWindow(day: readonly Article[], article: Article): readonly Article[] {
  if (day.length <= DAY_WINDOW) return day;
  const at = Math.max(0, day.indexOf(article));
  const start = Math.min(Math.max(0, at - Math.floor(DAY_WINDOW / 2)), day.length - DAY_WINDOW);
  return day.slice(start, start + DAY_WINDOW);
}
