/**
 * The news timeline of one edition: day, month and year archives, built in one pass
 * over articles sorted newest first. Days are newsroom-local (article.dayUrl), so an
 * article at 00:40 Kyiv time is on that Kyiv day whatever the UTC date.
 */
import { type DateTime, dayParts } from "../dates.ts";
import type { Article } from "../schema/article.ts";
import type { EditionConfig } from "../schema/site.ts";
import { monthUrl, yearUrl } from "./paths.ts";

export interface DayArchive {
  url: string;
  /** A time on that day in the newsroom zone, for headings. */
  date: DateTime;
  /** Newest first. */
  articles: Article[];
}

export interface MonthArchive {
  url: string;
  date: DateTime;
  /** Newest first; only days with articles. */
  days: DayArchive[];
  count: number;
}

export interface YearArchive {
  url: string;
  date: DateTime;
  year: string;
  months: MonthArchive[];
  count: number;
}

export interface Timeline {
  days: DayArchive[];
  months: MonthArchive[];
  years: YearArchive[];
}

/** `articles` must be sorted newest first (the site model's order); lists keep that order. */
export function buildTimeline(edition: Pick<EditionConfig, "prefix">, articles: readonly Article[]): Timeline {
  const days = new Map<string, { day: DayArchive; month: MonthArchive; year: YearArchive }>();
  const months = new Map<string, MonthArchive>();
  const years = new Map<string, YearArchive>();
  for (const article of articles) {
    let entry = days.get(article.dayUrl);
    if (!entry) {
      const { year, month } = dayParts(article.date);
      const mUrl = monthUrl(edition, year, month);
      let y = years.get(year);
      if (!y) {
        y = { url: yearUrl(edition, year), date: article.date, year, months: [], count: 0 };
        years.set(year, y);
      }
      let m = months.get(mUrl);
      if (!m) {
        m = { url: mUrl, date: article.date, days: [], count: 0 };
        months.set(mUrl, m);
        y.months.push(m);
      }
      entry = { day: { url: article.dayUrl, date: article.date, articles: [] }, month: m, year: y };
      days.set(article.dayUrl, entry);
      m.days.push(entry.day);
    }
    entry.day.articles.push(article);
    entry.month.count++;
    entry.year.count++;
  }
  return { days: [...days.values()].map((e) => e.day), months: [...months.values()], years: [...years.values()] };
}

export interface DayGroup {
  url: string;
  date: DateTime;
  items: Article[];
}

/** Consecutive articles of one list page grouped under their day, for the feed's day headings. */
export function groupByDay(articles: readonly Article[]): DayGroup[] {
  const groups: DayGroup[] = [];
  for (const article of articles) {
    const last = groups[groups.length - 1];
    if (last && last.url === article.dayUrl) last.items.push(article);
    else groups.push({ url: article.dayUrl, date: article.date, items: [article] });
  }
  return groups;
}
