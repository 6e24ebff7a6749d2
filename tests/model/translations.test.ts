import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTranslationIndex, translationClashes } from "../../src/model/translations.ts";
import type { Article } from "../../src/schema/article.ts";
import type { EditionConfig } from "../../src/schema/site.ts";
import { ENG, memArticle } from "../helpers/articles.ts";

const UK: EditionConfig = { id: "uk", lang: "uk", locale: "uk", prefix: "/", name: "Українська правда" };
const RUS: EditionConfig = { id: "rus", lang: "ru", locale: "ru", prefix: "/rus/", name: "Украинская правда" };
const EDITIONS = [UK, ENG, RUS];

/** An article of `edition` at `/<prefix>news/<slug>/`, with a translation key. */
function version(edition: EditionConfig, slug: string, translationKey?: string): Article {
  const a = memArticle(slug, "2025-03-27 13:15");
  return { ...a, edition: edition.id, translationKey, url: `${edition.prefix}news/${slug}/`, file: `content/articles/${edition.id}/${slug}.md` };
}

describe("translation index", () => {
  const ru = version(RUS, "vstrecha", "meeting");
  const en = version(ENG, "meeting", "meeting");
  const uk = version(UK, "zustrich", "meeting");
  const lone = version(ENG, "alone", "alone");
  const plain = version(UK, "insha");
  const index = buildTranslationIndex([ru, en, lone, plain, uk], EDITIONS);

  it("groups versions by key in edition order, and leaves out keys with one version", () => {
    assert.deepEqual([...index.groups.keys()], ["meeting"]);
    assert.deepEqual(index.versionsOf(ru), [uk, en, ru]);
    assert.deepEqual(index.versionsOf(lone), []);
    assert.deepEqual(index.versionsOf(plain), []);
  });

  it("gives every version the same alternates, itself included, with x-default on the default edition", () => {
    const expected = [
      { hreflang: "uk", path: "/news/zustrich/" },
      { hreflang: "en", path: "/eng/news/meeting/" },
      { hreflang: "ru", path: "/rus/news/vstrecha/" },
      { hreflang: "x-default", path: "/news/zustrich/" },
    ];
    for (const a of [uk, en, ru]) assert.deepEqual(index.articleLinks(a), expected);
    assert.deepEqual(index.articleLinks(plain), []);
  });

  it("has no x-default when the default edition has no version", () => {
    const pair = buildTranslationIndex([en, ru], EDITIONS);
    assert.deepEqual(
      pair.articleLinks(en).map((l) => l.hreflang),
      ["en", "ru"],
    );
  });

  it("links the edition homes to one another, and nothing on a one-edition site", () => {
    assert.deepEqual(index.homeLinks, [
      { hreflang: "uk", path: "/" },
      { hreflang: "en", path: "/eng/" },
      { hreflang: "ru", path: "/rus/" },
      { hreflang: "x-default", path: "/" },
    ]);
    assert.deepEqual(buildTranslationIndex([en], [ENG]).homeLinks, []);
  });

  it("keeps the first of two versions in one edition (the clash is reported as an error)", () => {
    const twice = version(ENG, "meeting-again", "meeting");
    assert.deepEqual(buildTranslationIndex([uk, en, twice], EDITIONS).versionsOf(uk), [uk, en]);
    assert.deepEqual(translationClashes([uk, en, twice, version(UK, "other", "other"), ru]), [{ article: twice, other: en }]);
  });
});
