/** Breadcrumb trails of the date archives: Home › News feed › 2025 › March 2025 › Thursday, 27 March 2025. */
import { type DateTime, dayParts, formatDay, formatMonth, formatYear } from "../src/dates.ts";
import { monthUrl, newsUrl, yearUrl } from "../src/model/paths.ts";
import type { EditionChrome } from "../src/pages/chrome.ts";
import type { Crumb } from "./base.ts";

export function dateCrumbs(edition: EditionChrome, date: DateTime, depth: "year" | "month" | "day"): Crumb[] {
  const { config, ui } = edition;
  const { year, month } = dayParts(date);
  const crumbs: Crumb[] = [
    { label: ui.newsFeed, path: newsUrl(config) },
    { label: formatYear(date), path: yearUrl(config, year) },
  ];
  if (depth !== "year") crumbs.push({ label: formatMonth(date, config.locale), path: monthUrl(config, year, month) });
  if (depth === "day") crumbs.push({ label: formatDay(date, config.locale) });
  // The last crumb is the current page: no link.
  const last = crumbs[crumbs.length - 1] as Crumb;
  crumbs[crumbs.length - 1] = { label: last.label };
  return crumbs;
}
