/**
 * The one place that knows about time: the newsroom's zone, the strict parser for
 * editors' dates and every display format. See ../shared/REFERENCE.md section 2.
 */
import { DateTime, IANAZone } from "luxon";

export type { DateTime };

const WEEK = 7 * 24 * 3600_000;
const MINUTE = 60_000;

/**
 * An IANA zone whose offsets are computed once per year: Luxon asks Intl for every
 * offset (`formatToParts`, the biggest cost of loading 20,000 articles). Each year is
 * sampled weekly and every change is narrowed to the minute, so the table is exact
 * for any zone that does not change its offset twice within one week.
 */
export class CachedZone extends IANAZone {
  readonly #years = new Map<number, { from: number; offset: number }[]>();

  override offset(ts: number): number {
    const year = new Date(ts).getUTCFullYear();
    let segments = this.#years.get(year);
    if (!segments) {
      segments = this.#segments(year);
      this.#years.set(year, segments);
    }
    let offset = (segments[0] as { offset: number }).offset;
    for (const s of segments) if (s.from <= ts) offset = s.offset;
    return offset;
  }

  #segments(year: number): { from: number; offset: number }[] {
    const exact = (ts: number) => super.offset(ts);
    const start = Date.UTC(year, 0, 1) - WEEK;
    const end = Date.UTC(year + 1, 0, 1) + WEEK;
    const segments = [{ from: Number.NEGATIVE_INFINITY, offset: exact(start) }];
    for (let t = start; t < end; t += WEEK) {
      const before = exact(t);
      if (exact(t + WEEK) === before) continue;
      let lo = t;
      let hi = t + WEEK;
      while (hi - lo > MINUTE) {
        const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
        if (exact(mid) === before) lo = mid;
        else hi = mid;
      }
      segments.push({ from: hi, offset: exact(hi) });
    }
    return segments;
  }
}

const zones = new Map<string, CachedZone>();

/** The cached zone for an IANA name (`Europe/Kyiv`). */
export function newsroomZone(name: string): CachedZone {
  let zone = zones.get(name);
  if (!zone) {
    zone = new CachedZone(name);
    zones.set(name, zone);
  }
  return zone;
}

/** `2025-03-27 13:15`, `2025-03-27T13:15:00`, optionally `.sss` and `Z` or `+02:00`. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export type ParsedDate = { ok: true; value: DateTime } | { ok: false; message: string };

/**
 * Parses an editor's date. A time without an offset is wall-clock time in `zone`;
 * an explicit offset is honoured. A date without a time, an impossible time or a
 * local time skipped by a daylight-saving change is an error.
 */
export function parseNewsroomDate(input: string, zone: string): ParsedDate {
  const text = input.trim();
  const m = DATE_TIME.exec(text);
  if (!m) {
    if (DATE_ONLY.test(text)) {
      return { ok: false, message: `expected a date with a time such as "${text} 13:15", received "${text}" without a time` };
    }
    return { ok: false, message: `expected a date and time such as "2025-03-27 13:15" or "2025-03-27T13:15+02:00", received "${text}"` };
  }
  const [, y, mo, d, h, mi, s, offset] = m;
  const parts = { year: Number(y), month: Number(mo), day: Number(d), hour: Number(h), minute: Number(mi), second: Number(s ?? 0) };
  const local = newsroomZone(zone);
  const fixed = offset ? (offset === "Z" ? "UTC" : `UTC${offset.length === 5 ? `${offset.slice(0, 3)}:${offset.slice(3)}` : offset}`) : local;
  const value = DateTime.fromObject(parts, { zone: fixed });
  if (!value.isValid) {
    return { ok: false, message: `expected a real date and time, received "${text}" (${value.invalidExplanation ?? value.invalidReason})` };
  }
  // Luxon moves a wall time that falls in a spring-forward gap; detect it instead of guessing.
  if (value.hour !== parts.hour || value.minute !== parts.minute) {
    return { ok: false, message: `expected a time that exists in ${zone}, received "${text}", which the daylight-saving change skips` };
  }
  // Keep explicit offsets as written, but show the newsroom's wall clock everywhere.
  return { ok: true, value: offset ? value.setZone(local) : value };
}

/** The current build time: `SOURCE_DATE_EPOCH` (seconds) when set, else now. */
export function buildClock(env: NodeJS.ProcessEnv = process.env): DateTime {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return DateTime.fromSeconds(Number(epoch), { zone: "UTC" });
  return DateTime.now().setZone("UTC");
}

/** ISO 8601 with an explicit offset, seconds precision: `2025-03-27T13:15:00+02:00`. */
export function isoWithOffset(value: DateTime): string {
  return value.toISO({ suppressMilliseconds: true, includeOffset: true }) ?? "";
}

/** A sort key in UTC (`2025-03-27T11:15`): compares as text across DST changes (Pagefind's `data-pagefind-sort`). */
export function utcSortKey(value: DateTime): string {
  return new Date(value.toMillis()).toISOString().slice(0, 16);
}

/** The dateline: `Thursday, 27 March 2025, 13:15` (`MMMM` is the genitive month in uk/ru). */
export function formatDateline(value: DateTime, locale: string): string {
  // The day's name comes from Intl (memoised); the time is two numbers.
  return `${formatDay(value, locale)}, ${formatTime(value)}`;
}

const dayNames = new Map<string, string>();

/** A day heading: `Thursday, 27 March 2025`. Memoised: thousands of articles share a few hundred days. */
export function formatDay(value: DateTime, locale: string): string {
  const key = `${value.year}-${value.month}-${value.day}|${locale}`;
  let name = dayNames.get(key);
  if (name === undefined) {
    name = value.setLocale(locale).toFormat("cccc, d MMMM yyyy");
    dayNames.set(key, name);
  }
  return name;
}

/** `13:15` */
export function formatTime(value: DateTime): string {
  return `${String(value.hour).padStart(2, "0")}:${String(value.minute).padStart(2, "0")}`;
}

/** Path pieces of the newsroom-local calendar day. */
export function dayParts(value: DateTime): { year: string; month: string; day: string } {
  const two = (n: number) => String(n).padStart(2, "0");
  return { year: String(value.year).padStart(4, "0"), month: two(value.month), day: two(value.day) };
}

/** A month heading: `March 2025`, `березень 2025` (`LLLL` is the stand-alone, nominative month). */
export function formatMonth(value: DateTime, locale: string): string {
  return value.setLocale(locale).toFormat("LLLL yyyy");
}

/** A year heading: `2025`. */
export function formatYear(value: DateTime): string {
  return value.toFormat("yyyy");
}

/** A calendar date without a time, for `<time datetime>`: `2025-03-27`. */
export function isoDay(value: DateTime): string {
  return value.toISODate() ?? "";
}

/** RFC 822 (as RFC 2822, four-digit year) for RSS 2.0: `Thu, 27 Mar 2025 13:15:00 +0200` (REFERENCE.md §8). */
export function rfc822(value: DateTime): string {
  return value.toRFC2822() ?? "";
}

/** The same instant in an IANA zone, through the cached offset table. */
export function inZone(value: DateTime, zone: string): DateTime {
  return value.setZone(newsroomZone(zone));
}

/** `hours` before a time, for windows such as the news sitemap's two days. */
export function hoursBefore(value: DateTime, hours: number): DateTime {
  return value.minus({ hours });
}

/** The latest of some times, or undefined for none. */
export function latest(values: Iterable<DateTime>): DateTime | undefined {
  let best: DateTime | undefined;
  for (const v of values) if (!best || v.toMillis() > best.toMillis()) best = v;
  return best;
}
