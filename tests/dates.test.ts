import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { IANAZone } from "luxon";
import { buildClock, CachedZone, formatDateline, isoWithOffset, parseNewsroomDate } from "../src/dates.ts";

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

  it("rejects impossible dates and times", () => {
    assert.match(failure("2025-02-30 10:00"), /^expected a real date and time, received "2025-02-30 10:00"/);
    assert.match(failure("2025-03-27 25:00"), /^expected a real date and time, received "2025-03-27 25:00"/);
    assert.equal(failure("next Tuesday"), 'expected a date and time such as "2025-03-27 13:15" or "2025-03-27T13:15+02:00", received "next Tuesday"');
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
  it("uses the genitive month in Ukrainian and Russian", () => {
    const parsed = parseNewsroomDate("2025-03-27 13:15", KYIV);
    assert.ok(parsed.ok);
    assert.equal(formatDateline(parsed.value, "en-GB"), "Thursday, 27 March 2025, 13:15");
    assert.equal(formatDateline(parsed.value, "uk"), "четвер, 27 березня 2025, 13:15");
    assert.equal(formatDateline(parsed.value, "ru"), "четверг, 27 марта 2025, 13:15");
  });
});

describe("buildClock", () => {
  it("honours SOURCE_DATE_EPOCH", () => {
    assert.equal(buildClock({ SOURCE_DATE_EPOCH: "1743074100" }).toISO(), "2025-03-27T11:15:00.000Z");
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
