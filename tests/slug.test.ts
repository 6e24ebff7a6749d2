import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tagSlug } from "../src/model/paths.ts";
import { slugify } from "../src/slug.ts";

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
