import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DateTime, IANAZone } from "luxon";
import {
  BuildClockError,
  buildClock,
  CachedZone,
  formatDateline,
  formatDay,
  formatMonth,
  formatYear,
  instantIn,
  isoWithOffset,
  newsroomZone,
  parseNewsroomDate,
} from "../src/dates.ts";

const KYIV = "Europe/Kyiv";

function iso(input: string): string {
  const parsed = parseNewsroomDate(input, KYIV);
  assert.ok(parsed.ok, parsed.ok ? "" : parsed.message);
  return isoWithOffset(parsed.value);
}

function failure(input: string): string {
  const parsed = parseNewsroomDate(input, KYIV);
  assert.ok(!parsed.ok, `expected ${input} to fail`);
  return parsed.message;
}

describe("parseNewsroomDate", () => {
  it("reads a naive winter time as Kyiv time (+02:00)", () => {
    assert.equal(iso("2025-03-27 13:15"), "2025-03-27T13:15:00+02:00");
    assert.equal(iso("2025-03-27T13:15"), "2025-03-27T13:15:00+02:00");
    assert.equal(iso("2025-03-27 13:15:30"), "2025-03-27T13:15:30+02:00");
  });

  it("reads a naive summer time as Kyiv time (+03:00)", () => {
    assert.equal(iso("2025-07-01 09:00"), "2025-07-01T09:00:00+03:00");
    assert.equal(iso("2025-03-31 09:40"), "2025-03-31T09:40:00+03:00");
  });

  it("honours an explicit offset and shows it on the newsroom's clock", () => {
    assert.equal(iso("2025-03-27T13:15+02:00"), "2025-03-27T13:15:00+02:00");
    assert.equal(iso("2025-03-27T11:15:00Z"), "2025-03-27T13:15:00+02:00");
    assert.equal(iso("2025-03-27T14:15:00+03:00"), "2025-03-27T13:15:00+02:00");
    assert.equal(iso("2025-03-27T13:15:00+0200"), "2025-03-27T13:15:00+02:00");
  });

  it("rejects a date without a time", () => {
    assert.equal(failure("2025-03-27"), 'expected a date with a time such as "2025-03-27 13:15", received "2025-03-27" without a time');
  });

  it("rejects impossible dates and times in our words, never Luxon's", () => {
    assert.equal(failure("2025-02-30 10:00"), 'expected a real date and time, received "2025-02-30 10:00" (February 2025 has 28 days)');
    assert.equal(failure("2024-02-30 10:00"), 'expected a real date and time, received "2024-02-30 10:00" (February 2024 has 29 days)');
    assert.equal(failure("2025-04-31 10:00"), 'expected a real date and time, received "2025-04-31 10:00" (April 2025 has 30 days)');
    assert.equal(failure("2025-03-00 10:00"), 'expected a real date and time, received "2025-03-00 10:00" (March 2025 has 31 days)');
    assert.equal(
      failure("2025-13-01 10:00"),
      'expected a real date and time, received "2025-13-01 10:00" (there is no month 13; months go from 01 to 12)',
    );
    assert.equal(failure("2025-03-27 25:00"), 'expected a real date and time, received "2025-03-27 25:00" (hours go from 00 to 23)');
    assert.equal(failure("2025-03-27 13:60"), 'expected a real date and time, received "2025-03-27 13:60" (minutes go from 00 to 59)');
    assert.equal(failure("2025-03-27 13:15:61"), 'expected a real date and time, received "2025-03-27 13:15:61" (seconds go from 00 to 59)');
    for (const input of ["2025-02-30 10:00", "2025-13-01 10:00", "2025-03-27 25:00", "2025-03-27 13:60"]) {
      assert.doesNotMatch(failure(input), /specified|of type|invalid/i);
    }
    assert.equal(failure("next Tuesday"), 'expected a date and time such as "2025-03-27 13:15" or "2025-03-27T13:15+02:00", received "next Tuesday"');
  });

  it("calls 24:00 what it is, not a daylight-saving gap", () => {
    assert.equal(
      failure("2025-03-27 24:00"),
      'expected a real date and time, received "2025-03-27 24:00" (hours go from 00 to 23; midnight is 00:00 of the next day)',
    );
  });

  it("rejects offsets no place uses and malformed offsets", () => {
    const expected = 'expected an offset from UTC between -12:00 and +14:00 such as "+02:00" or "Z"';
    assert.equal(failure("2025-04-05T10:00+99:00"), `${expected}, received "+99:00" in "2025-04-05T10:00+99:00"`);
    assert.equal(failure("2025-04-05T10:00+14:01"), `${expected}, received "+14:01" in "2025-04-05T10:00+14:01"`);
    assert.equal(failure("2025-04-05T10:00-12:30"), `${expected}, received "-12:30" in "2025-04-05T10:00-12:30"`);
    assert.equal(failure("2025-04-05T10:00+02:75"), `${expected}, received "+02:75" in "2025-04-05T10:00+02:75"`);
    assert.equal(failure("2025-04-05T10:00+2"), `${expected}, received "+2" in "2025-04-05T10:00+2"`);
    assert.equal(failure("2025-04-05T10:00+02:0"), `${expected}, received "+02:0" in "2025-04-05T10:00+02:0"`);
    assert.equal(iso("2025-04-05T10:00+14:00"), "2025-04-04T23:00:00+03:00");
    assert.equal(iso("2025-04-05T10:00-12:00"), "2025-04-06T01:00:00+03:00");
    assert.equal(iso("2025-04-05T10:00+05:45"), "2025-04-05T07:15:00+03:00");
  });

  it("rejects a local time skipped by the spring daylight-saving change", () => {
    assert.equal(
      failure("2025-03-30 03:30"),
      'expected a time that exists in Europe/Kyiv, received "2025-03-30 03:30", which the daylight-saving change skips',
    );
    assert.equal(iso("2025-03-30 04:00"), "2025-03-30T04:00:00+03:00");
    assert.equal(iso("2025-03-30 02:59"), "2025-03-30T02:59:00+02:00");
  });

  it("reads an autumn time that happens twice as standard time; an offset picks the other", () => {
    assert.equal(iso("2025-10-26 03:30"), "2025-10-26T03:30:00+02:00");
    assert.equal(iso("2025-10-26T03:30+03:00"), "2025-10-26T03:30:00+03:00");
  });
});

describe("formatDateline", () => {
  it("uses the genitive month in Ukrainian and Russian and starts with a capital, as Ukrainska Pravda prints it", () => {
    const parsed = parseNewsroomDate("2025-03-27 13:15", KYIV);
    assert.ok(parsed.ok);
    assert.equal(formatDateline(parsed.value, "en-GB"), "Thursday, 27 March 2025, 13:15");
    assert.equal(formatDateline(parsed.value, "uk"), "Четвер, 27 березня 2025, 13:15");
    assert.equal(formatDateline(parsed.value, "ru"), "Четверг, 27 марта 2025, 13:15");
    assert.equal(formatDay(parsed.value, "uk"), "Четвер, 27 березня 2025");
  });
});

describe("formatMonth", () => {
  it("names the month in the nominative with a capital: an archive heading", () => {
    const parsed = parseNewsroomDate("2025-03-27 13:15", KYIV);
    assert.ok(parsed.ok);
    assert.equal(formatMonth(parsed.value, "uk"), "Березень 2025");
    assert.equal(formatMonth(parsed.value, "ru"), "Март 2025");
    assert.equal(formatMonth(parsed.value, "en-GB"), "March 2025");
  });

  it("remembers a name per month, zone's calendar and locale, not per day or instant", () => {
    // Late on 31 March in UTC is already April in Kyiv; the same month in another locale is another name.
    const lateUtc = DateTime.fromISO("2025-03-31T22:30:00Z", { zone: "UTC" });
    assert.equal(formatMonth(lateUtc, "en-GB"), "March 2025");
    assert.equal(formatMonth(lateUtc.setZone(KYIV), "en-GB"), "April 2025");
    assert.equal(formatMonth(lateUtc.setZone(KYIV), "uk"), "Квітень 2025");
    for (let month = 1; month <= 12; month++) {
      const date = DateTime.fromObject({ year: 2024, month, day: 15 }, { zone: KYIV });
      for (const locale of ["uk", "ru", "en-GB"]) assert.equal(formatMonth(date, locale), formatMonth(date.plus({ days: 10 }), locale));
      assert.equal(formatMonth(date, "en-GB"), date.setLocale("en-GB").toFormat("LLLL yyyy"));
    }
  });
});

describe("formatYear", () => {
  it("writes the year as luxon's yyyy does: four digits at least", () => {
    for (const year of [1, 999, 1999, 2025, 9999, 10000]) {
      const date = DateTime.fromObject({ year, month: 6, day: 1 }, { zone: KYIV });
      assert.equal(formatYear(date), date.toFormat("yyyy"), String(year));
    }
    assert.equal(formatYear(DateTime.fromObject({ year: 5, month: 1, day: 1 }, { zone: "UTC" })), "0005");
  });
});

describe("buildClock", () => {
  const REAL = Date.UTC(2026, 11, 4, 12, 0); // the real clock, fixed for these tests
  const clock = (value: string) => buildClock({ SOURCE_DATE_EPOCH: value }, REAL);
  const refusal = (value: string) => {
    assert.throws(() => clock(value), BuildClockError);
    try {
      clock(value);
    } catch (error) {
      return (error as Error).message;
    }
    return "";
  };
  const EXPECTED = "SOURCE_DATE_EPOCH: expected whole seconds since 1970-01-01 UTC such as 1743074100 (`date +%s`)";

  it("honours SOURCE_DATE_EPOCH; unset or empty means the real clock", () => {
    assert.equal(clock("1743074100").toISO(), "2025-03-27T11:15:00.000Z");
    assert.equal(buildClock({}, REAL).toMillis(), REAL);
    assert.equal(clock("").toMillis(), REAL);
    assert.equal(clock(String(REAL / 1000 + 86_400)).toMillis(), REAL + 86_400_000);
  });

  it("refuses values that are not whole seconds", () => {
    assert.equal(refusal("yesterday"), `${EXPECTED}, received "yesterday"`);
    assert.equal(refusal("1743074100.5"), `${EXPECTED}, received "1743074100.5"`);
    assert.equal(refusal("-1"), `${EXPECTED}, received "-1"`);
    assert.equal(refusal("1e9"), `${EXPECTED}, received "1e9"`);
  });

  it("refuses clocks before 2000 and more than a day after the real clock", () => {
    assert.equal(refusal("0"), `${EXPECTED}, received 0, which is before 2000`);
    assert.equal(refusal("99999999999999"), `${EXPECTED}, received 99999999999999, which is more than a day after the real clock`);
    assert.equal(
      refusal(String(REAL / 1000 + 86_401)),
      `${EXPECTED}, received ${REAL / 1000 + 86_401}, which is more than a day after the real clock`,
    );
    assert.equal(
      refusal("1743074100000"),
      `${EXPECTED}, received 1743074100000, which is more than a day after the real clock; it looks like milliseconds, divide by 1000`,
    );
  });
});

describe("CachedZone", () => {
  it("gives exactly Intl's offsets, including around every transition", () => {
    for (const name of ["Europe/Kyiv", "America/New_York", "Australia/Lord_Howe", "Africa/Casablanca", "Asia/Kolkata", "UTC"]) {
      const cached = new CachedZone(name);
      const exact = IANAZone.create(name);
      for (let ts = Date.UTC(2019, 0, 1); ts < Date.UTC(2027, 0, 1); ts += 37 * 60_000 * 61) {
        assert.equal(cached.offset(ts), exact.offset(ts), `${name} at ${new Date(ts).toISOString()}`);
      }
      for (const transition of [Date.UTC(2025, 2, 30, 1, 0), Date.UTC(2025, 9, 26, 1, 0)]) {
        for (const delta of [-60_000, 0, 60_000]) assert.equal(cached.offset(transition + delta), exact.offset(transition + delta), name);
      }
    }
  });
});

describe("instantIn", () => {
  it("makes the DateTime fromMillis makes, on one Locale per zone", () => {
    for (const name of ["Europe/Kyiv", "America/New_York", "Asia/Kolkata", "UTC"]) {
      const zone = newsroomZone(name);
      const made: DateTime[] = [];
      // Every 97 minutes over two years: both changes of offset each year, and every hour of the day.
      for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2026, 0, 1); t += 97 * 60_000) {
        const dt = instantIn(t, zone);
        const want = DateTime.fromMillis(t, { zone });
        assert.equal(dt.toISO(), want.toISO(), `${name} ${t}`);
        assert.deepEqual(dt.toObject(), want.toObject());
        assert.equal(dt.offset, want.offset);
        assert.ok(dt.equals(want));
        made.push(dt);
      }
      // Formatting in an edition's language goes through the Locale: as fromMillis's DateTime formats.
      const first = made[0] as DateTime;
      assert.equal(
        first.setLocale("uk").toFormat("d MMMM yyyy, HH:mm"),
        DateTime.fromMillis(first.toMillis(), { zone }).setLocale("uk").toFormat("d MMMM yyyy, HH:mm"),
      );
      assert.equal(
        first.toLocaleString(DateTime.DATETIME_FULL),
        DateTime.fromMillis(first.toMillis(), { zone }).toLocaleString(DateTime.DATETIME_FULL),
      );
      assert.equal(new Set(made.map((d) => (d as unknown as { loc: unknown }).loc)).size, 1, `${name}: one Locale`);
    }
  });

  it("fills a Locale's caches through one DateTime as fromMillis's DateTimes would read them", () => {
    const zone = newsroomZone("Europe/Kyiv");
    const a = instantIn(Date.UTC(2025, 0, 15, 9), zone);
    const b = instantIn(Date.UTC(2025, 6, 4, 21), zone);
    // Month and weekday names and the meridiem are cached in the Locale the two share.
    assert.equal(a.toFormat("MMMM cccc a"), DateTime.fromMillis(a.toMillis(), { zone }).toFormat("MMMM cccc a"));
    assert.equal(b.toFormat("MMMM cccc a"), DateTime.fromMillis(b.toMillis(), { zone }).toFormat("MMMM cccc a"));
    assert.equal(b.toFormat("MMMM cccc a"), "July Saturday AM");
  });

  it("refuses what fromMillis refuses", () => {
    const zone = newsroomZone("Europe/Kyiv");
    assert.equal(instantIn(Number.NaN, zone).isValid, false);
    assert.throws(() => instantIn(undefined as unknown as number, zone), /fromMillis requires a numerical input/);
  });

  it("keeps each zone's DateTimes in their zone", () => {
    const kyiv = instantIn(0, newsroomZone("Europe/Kyiv"));
    const york = instantIn(0, newsroomZone("America/New_York"));
    assert.equal(kyiv.zoneName, "Europe/Kyiv");
    assert.equal(york.zoneName, "America/New_York");
    assert.equal(kyiv.hour, 3);
    assert.equal(york.hour, 19);
  });
});

describe("isoWithOffset", () => {
  const luxon = (d: DateTime) => d.toISO({ suppressMilliseconds: true, includeOffset: true }) ?? "";

  it("writes what luxon's toISO writes, in every kind of zone, with and without milliseconds", () => {
    const zones = [
      "Europe/Kyiv",
      "UTC",
      "America/St_Johns",
      "Asia/Kathmandu",
      "Pacific/Chatham",
      "UTC-3",
      "UTC+0",
      "Europe/London",
      "Africa/Monrovia",
    ];
    const instants = [
      0,
      Date.UTC(2025, 2, 30, 0, 59, 59),
      Date.UTC(2025, 9, 26, 0, 30),
      Date.UTC(999, 0, 1, 12),
      Date.UTC(1872, 0, 1, 12),
      1_767_139_200_123,
      1_767_139_200_007,
    ];
    for (let i = 0; i < 200; i++) instants.push(Math.round(Date.UTC(1900, 0, 1) + ((i * 7919) % 1000) * 4_000_000_000 + (i % 3) * 17));
    for (const zone of [...zones, newsroomZone("Europe/Kyiv"), newsroomZone("America/New_York")])
      for (const ms of instants) {
        const d = DateTime.fromMillis(ms, { zone });
        assert.equal(isoWithOffset(d), luxon(d), `${zone} ${ms}`);
      }
    assert.equal(isoWithOffset(DateTime.fromMillis(Date.UTC(2025, 2, 27, 11, 15), { zone: "Europe/Kyiv" })), "2025-03-27T13:15:00+02:00");
    assert.equal(isoWithOffset(DateTime.fromMillis(Date.UTC(2025, 2, 27, 11, 15, 0, 5), { zone: "UTC" })), "2025-03-27T11:15:00.005Z");
    // Offset zero in a zone that has others (London in winter) keeps its +00:00; luxon writes Z only for UTC itself.
    assert.equal(isoWithOffset(DateTime.fromMillis(Date.UTC(2025, 0, 1), { zone: "Europe/London" })), "2025-01-01T00:00:00+00:00");
  });

  it("writes years outside 0-9999 as luxon does, and nothing for an invalid time", () => {
    for (const year of [10_000, 275_000, -1, -44]) {
      const d = DateTime.fromObject({ year, month: 3, day: 15, hour: 9 }, { zone: "Europe/Kyiv" });
      assert.equal(isoWithOffset(d), luxon(d));
    }
    assert.equal(isoWithOffset(DateTime.invalid("test")), "");
  });
});
