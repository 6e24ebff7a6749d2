/**
 * The one place that knows about time: the newsroom's zone, the strict parser for
 * editors' dates and every display format. See ../shared/REFERENCE.md section 2.
 */
import { DateTime, FixedOffsetZone, IANAZone, type Zone } from "luxon";
import { NewsroomError } from "./errors/content-error.ts";

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

/**
 * The DateTime of `millis` in `zone`, as `DateTime.fromMillis(millis, { zone })` makes it, on one Locale
 * per zone: fromMillis makes a Locale of its own for each DateTime (nine objects with its caches), and a
 * load of 100,000 cached articles kept ~110,000 of them for the whole build, each copied by every
 * scavenge it survived (a 100k publish: ~0.4 s less of the build's thread with them shared). Luxon's
 * own DateTimes share their Locale the same way (`setZone`, `plus` … clone it). Through Luxon's
 * constructor, which it documents as private: checked once against fromMillis (fields, offset,
 * locale, text) on an instant either side of a change of offset, and fromMillis it is if this Luxon
 * makes anything else. The Locale is made once per zone under Luxon's `Settings` of that moment (the
 * project never sets them: a default locale set later would not reach these DateTimes); what Luxon
 * writes into a Locale later (its month and weekday names, by format) depends on the Locale alone.
 */
export function instantIn(millis: number, zone: Zone): DateTime {
  // Not a number (a damaged value): fromMillis refuses it, as before.
  if (!Number.isFinite(millis)) return DateTime.fromMillis(millis, { zone });
  let shared = sharedLocales.get(zone);
  if (shared === undefined) {
    shared = constructedLike(zone);
    sharedLocales.set(zone, shared);
  }
  return shared ? constructed(millis, zone, shared) : DateTime.fromMillis(millis, { zone });
}

/** Luxon's own constructor (private in its documentation): the DateTime of `millis` in `zone` on the Locale `loc`. */
function constructed(millis: number, zone: Zone, loc: unknown): DateTime {
  return new (DateTime as unknown as new (config: { ts: number; zone: Zone; loc: unknown }) => DateTime)({ ts: millis, zone, loc });
}

const sharedLocales = new Map<Zone, unknown>();

/** The Locale `fromMillis` gives DateTimes in `zone`, when Luxon's constructor makes the same DateTimes with it; else null. */
function constructedLike(zone: Zone): unknown {
  try {
    const loc = (DateTime.fromMillis(0, { zone }) as unknown as { loc: unknown }).loc;
    // Both sides of Kyiv's change to summer time in 2025 (a zone without changes compares its one offset twice).
    for (const millis of [Date.UTC(2025, 2, 30, 0, 59, 59, 999), Date.UTC(2025, 2, 30, 1, 0, 0, 1), 0]) {
      const made = constructed(millis, zone, loc);
      const want = DateTime.fromMillis(millis, { zone });
      const same =
        made.isValid &&
        made.toMillis() === want.toMillis() &&
        made.offset === want.offset &&
        made.zoneName === want.zoneName &&
        made.locale === want.locale &&
        made.toISO() === want.toISO() &&
        JSON.stringify(made.toObject()) === JSON.stringify(want.toObject()) &&
        made.equals(want);
      if (!same) return null;
    }
    return loc;
  } catch {
    return null;
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

/** `2025-03-27 13:15`, `2025-03-27T13:15:00`, optionally `.sss` and an offset (`Z`, `+02:00`, `+0200`, checked below). */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?\s*(Z|[+-][\d:]+)?$/;
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** Offsets in use on Earth run from −12:00 (Baker Island) to +14:00 (Line Islands). */
export const OFFSET_RANGE = { min: -12 * 60, max: 14 * 60 };

export type ParsedDate = { ok: true; value: DateTime } | { ok: false; message: string };

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Why a date's parts are not a real date and time, in our words (never Luxon's), or undefined. */
function impossible(p: { year: number; month: number; day: number; hour: number; minute: number; second: number }): string | undefined {
  if (p.month < 1 || p.month > 12) return `there is no month ${String(p.month).padStart(2, "0")}; months go from 01 to 12`;
  const days = daysIn(p.year, p.month);
  if (p.day < 1 || p.day > days) return `${MONTHS[p.month - 1]} ${p.year} has ${days} days`;
  if (p.hour === 24 && p.minute === 0 && p.second === 0) return "hours go from 00 to 23; midnight is 00:00 of the next day";
  if (p.hour > 23) return "hours go from 00 to 23";
  if (p.minute > 59) return "minutes go from 00 to 59";
  if (p.second > 59) return "seconds go from 00 to 59";
  return undefined;
}

/** An offset as minutes east of UTC, or a message saying what is wrong with it. */
function offsetMinutes(offset: string, text: string): number | string {
  if (offset === "Z") return 0;
  const m = OFFSET.exec(offset);
  const expected = `expected an offset from UTC between -12:00 and +14:00 such as "+02:00" or "Z"`;
  if (!m) return `${expected}, received "${offset}" in "${text}"`;
  const [, sign, h, mi] = m;
  const minutes = (sign === "-" ? -1 : 1) * (Number(h) * 60 + Number(mi));
  if (Number(mi) > 59 || minutes < OFFSET_RANGE.min || minutes > OFFSET_RANGE.max) return `${expected}, received "${offset}" in "${text}"`;
  return minutes;
}

/**
 * Parses an editor's date. A time without an offset is wall-clock time in `zone`;
 * an explicit offset is honoured. A date without a time, an impossible time, an
 * offset no place on Earth uses or a local time skipped by a daylight-saving change
 * is an error, in our words.
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
  const why = impossible(parts);
  if (why) return { ok: false, message: `expected a real date and time, received "${text}" (${why})` };
  const local = newsroomZone(zone);
  let fixed: Zone = local;
  if (offset) {
    const minutes = offsetMinutes(offset, text);
    if (typeof minutes === "string") return { ok: false, message: minutes };
    fixed = FixedOffsetZone.instance(minutes);
  }
  const value = DateTime.fromObject(parts, { zone: fixed });
  if (!value.isValid) return { ok: false, message: `expected a real date and time, received "${text}"` };
  // Luxon moves a wall time that falls in a spring-forward gap; detect it instead of guessing.
  if (value.hour !== parts.hour || value.minute !== parts.minute) {
    return { ok: false, message: `expected a time that exists in ${zone}, received "${text}", which the daylight-saving change skips` };
  }
  // Keep explicit offsets as written, but show the newsroom's wall clock everywhere.
  return { ok: true, value: offset ? value.setZone(local) : value };
}

/** `SOURCE_DATE_EPOCH` that cannot be the build's clock: a clear message and exit 1, never a silent fallback. */
export class BuildClockError extends NewsroomError {
  override name = "BuildClockError";
}

/** The earliest build clock accepted: 2000-01-01T00:00Z (older values are typos or zero). */
export const EARLIEST_EPOCH = 946_684_800;
/** How far ahead of the real clock `SOURCE_DATE_EPOCH` may be: a day, for time zones and clock skew. */
export const EPOCH_AHEAD_SECONDS = 86_400;

/**
 * The current build time: `SOURCE_DATE_EPOCH` (whole seconds since 1970, UTC) when set,
 * else now. A value that is not whole seconds, before 2000 or more than a day ahead of
 * the real clock is refused: a clock in the future would lift every embargo, a broken
 * one would put every article under embargo.
 */
export function buildClock(env: NodeJS.ProcessEnv = process.env, realNow: number = Date.now()): DateTime {
  const epoch = env.SOURCE_DATE_EPOCH?.trim();
  if (!epoch) return DateTime.fromMillis(realNow, { zone: "UTC" });
  const shown = epoch.length > 40 ? `${epoch.slice(0, 40)}…` : epoch;
  const expected = "SOURCE_DATE_EPOCH: expected whole seconds since 1970-01-01 UTC such as 1743074100 (`date +%s`)";
  if (!/^\d+$/.test(epoch)) throw new BuildClockError(`${expected}, received "${shown}"`);
  const seconds = Number(epoch);
  const latest = Math.floor(realNow / 1000) + EPOCH_AHEAD_SECONDS;
  if (seconds < EARLIEST_EPOCH) throw new BuildClockError(`${expected}, received ${shown}, which is before 2000`);
  if (seconds > latest) {
    const ms = seconds >= 1e12 && seconds / 1000 <= latest ? "; it looks like milliseconds, divide by 1000" : "";
    throw new BuildClockError(`${expected}, received ${shown}, which is more than a day after the real clock${ms}`);
  }
  return DateTime.fromSeconds(seconds, { zone: "UTC" });
}

const two = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * ISO 8601 with an explicit offset, seconds precision: `2025-03-27T13:15:00+02:00`. What luxon's
 * `toISO({ suppressMilliseconds: true, includeOffset: true })` writes (milliseconds when there are
 * any, `Z` in UTC), from the time's fields: luxon's own took ~2 µs a call, and a build writes one
 * per URL of the sitemap (27,000 at 20k, every build, as it lists every page) and per feed entry.
 */
export function isoWithOffset(value: DateTime): string {
  let iso = isoOf.get(value);
  if (iso === undefined) {
    iso = writeIsoWithOffset(value);
    isoOf.set(value, iso);
  }
  return iso;
}

/**
 * Each time's `isoWithOffset`, written once: an article's time is on its page, its teasers in lists
 * and feed columns, its feeds and sitemap entries (~220 MB of a cold 20k build's allocation, issue 19).
 * A DateTime never changes.
 */
const isoOf = new WeakMap<DateTime, string>();

function writeIsoWithOffset(value: DateTime): string {
  if (!value.isValid) return "";
  const year = value.year;
  // Years luxon writes with six digits and a sign: as it writes them.
  if (year < 0 || year > 9999) return value.toISO({ suppressMilliseconds: true, includeOffset: true }) ?? "";
  const ms = value.millisecond;
  const time = `${year < 1000 ? String(year).padStart(4, "0") : year}-${two(value.month)}-${two(value.day)}T${two(value.hour)}:${two(value.minute)}:${two(value.second)}${ms === 0 ? "" : `.${String(ms).padStart(3, "0")}`}`;
  const offset = value.offset;
  if (offset === 0 && value.zone.isUniversal) return `${time}Z`;
  const minutes = Math.abs(offset);
  return `${time}${offset < 0 ? "-" : "+"}${two(Math.trunc(minutes / 60))}:${two(Math.trunc(minutes % 60))}`;
}

/** A sort key in UTC (`2025-03-27T11:15`): compares as text across DST changes (Pagefind's `data-pagefind-sort`). */
export function utcSortKey(value: DateTime): string {
  return new Date(value.toMillis()).toISOString().slice(0, 16);
}

/**
 * The dateline: `Thursday, 27 March 2025, 13:15`, `Четвер, 27 березня 2025, 13:15` (`MMMM` is the
 * genitive month in uk/ru). Capitalised as the newsroom writes it, in every language.
 */
export function formatDateline(value: DateTime, locale: string): string {
  // The day's name comes from Intl (memoised); the time is two numbers.
  return `${formatDay(value, locale)}, ${formatTime(value)}`;
}

/** Day and month headings by calendar key and locale: thousands of articles share a few hundred days and months. */
const headings = new Map<string, string>();

/** `value` in `locale` through Luxon's `format`, capitalised, made once per `key` (its day or month) and locale. */
function heading(value: DateTime, locale: string, key: string, format: string): string {
  const id = `${key}|${locale}`;
  let name = headings.get(id);
  if (name === undefined) {
    name = capitalise(value.setLocale(locale).toFormat(format), locale);
    headings.set(id, name);
  }
  return name;
}

/** A day heading: `Thursday, 27 March 2025`. Memoised (`heading`). */
export function formatDay(value: DateTime, locale: string): string {
  const had = dayNames.get(value);
  if (had?.locale === locale) return had.name;
  const name = heading(value, locale, `${value.year}-${value.month}-${value.day}`, "cccc, d MMMM yyyy");
  dayNames.set(value, { locale, name });
  return name;
}

/** Each time's day heading in the locale it was last asked in (a time is an article's, shown in its edition's): no key made per call. */
const dayNames = new WeakMap<DateTime, { locale: string; name: string }>();

/** `13:15` */
export function formatTime(value: DateTime): string {
  return `${two(value.hour)}:${two(value.minute)}`;
}

/** Path pieces of the newsroom-local calendar day. */
export function dayParts(value: DateTime): { year: string; month: string; day: string } {
  return { year: String(value.year).padStart(4, "0"), month: two(value.month), day: two(value.day) };
}

/**
 * A month heading: `March 2025`, `Березень 2025` (`LLLL` is the stand-alone, nominative month), capitalised.
 * Memoised (`heading`): every article page's breadcrumb has one (~12 µs a call through Luxon and Intl;
 * 20,000 calls took 240 ms, 45 ms memoised).
 */
export function formatMonth(value: DateTime, locale: string): string {
  return heading(value, locale, `${value.year}-${value.month}`, "LLLL yyyy");
}

/**
 * The first letter in upper case: Intl writes Ukrainian and Russian day and month names in lower
 * case, as running text does (`у четвер`), but a dateline or a heading starts with a capital, as
 * Ukrainska Pravda prints them (`Четвер, 27 березня 2025, 13:15`, `Березень 2025`).
 */
export function capitalise(text: string, locale: string): string {
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const char = String.fromCodePoint(first);
  return char.toLocaleUpperCase(locale) + text.slice(char.length);
}

/** A year heading: `2025` (luxon's `yyyy`, four digits at least, without parsing the format on every call). */
export function formatYear(value: DateTime): string {
  const year = value.year;
  return year >= 0 && year <= 9999 ? String(year).padStart(4, "0") : value.toFormat("yyyy");
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
