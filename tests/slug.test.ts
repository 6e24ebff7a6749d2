import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tagSlug } from "../src/model/paths.ts";
import { fileSlug, slugify } from "../src/slug.ts";

describe("slugify", () => {
  it("makes Latin headlines readable", () => {
    assert.equal(slugify("Meeting of coalition of the willing starts in Paris!"), "meeting-of-coalition-of-the-willing-starts-in-paris");
    assert.equal(slugify("  Russo-Ukrainian   war  "), "russo-ukrainian-war");
    assert.equal(slugify("Łódź & Kraków — 2025"), "lodz-and-krakow-2025");
  });

  it("transliterates Ukrainian by the national standard (KMU 2010)", () => {
    assert.equal(slugify("Зустріч коаліції охочих у Парижі", "uk"), "zustrich-koalitsii-okhochykh-u-paryzhi");
    assert.equal(slugify("Київ, Зеленський, Щастя", "uk"), "kyiv-zelenskyi-shchastia");
    assert.equal(slugify("Єнакієве, Їжакевич, Згурівка, Ґудзик, подвір'я", "uk"), "yenakiieve-yizhakevych-zghurivka-gudzyk-podviria");
  });

  it("transliterates Russian", () => {
    assert.equal(slugify("Встреча в Москве: объём щёлочи", "ru"), "vstrecha-v-moskve-obem-shchelochi");
  });

  it("recognises Ukrainian letters even without a language", () => {
    assert.equal(slugify("Україна", "en"), "ukraina");
  });

  it("cuts long slugs at a word boundary", () => {
    const slug = slugify("word ".repeat(40));
    assert.ok(slug.length <= 80);
    assert.ok(!slug.endsWith("-"));
  });
});

describe("tagSlug", () => {
  it("gives tags without letters a stable hash slug, distinct per tag", () => {
    assert.equal(tagSlug("Russo-Ukrainian war", "en"), "russo-ukrainian-war");
    assert.match(tagSlug("🇺🇦", "en"), /^t-[0-9a-f]{8}$/);
    assert.notEqual(tagSlug("🇺🇦", "en"), tagSlug("🔥", "en"));
    assert.equal(tagSlug("🇺🇦", "uk"), tagSlug("🇺🇦", "en"));
  });

  it("gives one slug to spellings that differ in case, punctuation or invisible characters", () => {
    assert.equal(tagSlug("Ukraine!", "en"), tagSlug("ukraine", "en"));
    assert.equal(tagSlug("Зеленський\u200b", "uk"), tagSlug("зеленський", "uk"));
  });
});

describe("fileSlug: slugs from file names (issue 18)", () => {
  it("keeps a name already in the strict form", () => {
    assert.equal(fileSlug("coalition-meeting-paris"), "coalition-meeting-paris");
    assert.equal(fileSlug("2025-budget"), "2025-budget");
  });

  it("normalises what migration scripts write, as a title is: lowercase, single dashes, transliterated", () => {
    assert.equal(fileSlug("lorem-ipsum-dolor-sit-amet--15801"), "lorem-ipsum-dolor-sit-amet-15801");
    assert.equal(fileSlug("Lorem_Ipsum---Dolor-"), "lorem-ipsum-dolor");
    assert.equal(fileSlug("--lead"), "lead");
    assert.equal(fileSlug("report.v2"), "report-v2");
    assert.equal(fileSlug("Зустріч--у-Києві", "uk"), "zustrich-u-kyievi");
  });

  it("decodes a percent-encoded WordPress slug before transliterating it", () => {
    assert.equal(fileSlug("%d0%ba%d0%b8%d1%97%d0%b2", "uk"), "kyiv");
    assert.equal(fileSlug("health-it-services-sin%e2%80%8a-%e2%80%8aready"), "health-it-services-sin-ready");
    assert.equal(fileSlug("100%-sure"), "100-sure", "a % that is no escape stays text");
  });

  it("shortens a long name at a word boundary", () => {
    const slug = fileSlug(`${"word-".repeat(30)}end`);
    assert.ok(slug.length <= 80 && !slug.endsWith("-"), slug);
  });
});
