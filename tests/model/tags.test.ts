import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTagIndex } from "../../src/model/tags.ts";
import { ENG, memArticle, newestFirst, slugsOf } from "../helpers/articles.ts";

describe("buildTagIndex", () => {
  it("lists every tag by name with its articles newest first", () => {
    const index = buildTagIndex(
      ENG,
      newestFirst([memArticle("a", "2025-03-26 10:00", ["Ukraine", "EU"]), memArticle("b", "2025-03-27 10:00", ["Ukraine"])]),
    );
    assert.deepEqual(
      index.list.map((t) => [t.slug, t.url, t.name, slugsOf(t.articles)]),
      [
        ["eu", "/eng/tags/eu/", "EU", ["a"]],
        ["ukraine", "/eng/tags/ukraine/", "Ukraine", ["b", "a"]],
      ],
    );
    assert.deepEqual(index.warnings, []);
  });

  it("merges spellings with one slug into one tag (no article lost) named by the most used spelling, and warns", () => {
    const index = buildTagIndex(
      ENG,
      newestFirst([
        memArticle("a", "2025-03-26 10:00", ["Russo-Ukrainian war"]),
        memArticle("b", "2025-03-27 10:00", ["russo-ukrainian War"]),
        memArticle("c", "2025-03-28 10:00", ["Russo-Ukrainian war", "Russo Ukrainian War!"]),
      ]),
    );
    assert.equal(index.list.length, 1);
    const tag = index.bySlug.get("russo-ukrainian-war");
    assert.equal(tag?.name, "Russo-Ukrainian war");
    assert.deepEqual(slugsOf(tag?.articles ?? []), ["c", "b", "a"]);
    assert.deepEqual(index.warnings, [
      {
        file: "content/articles/eng/b.md",
        field: "tags",
        message:
          '"Russo-Ukrainian war" (content/articles/eng/a.md, content/articles/eng/c.md), "Russo Ukrainian War!" (content/articles/eng/c.md), "russo-ukrainian War" (content/articles/eng/b.md) give the same tag page /eng/tags/russo-ukrainian-war/ and are merged as "Russo-Ukrainian war"; spell the tag one way, or set its name in content/tags.yaml',
        severity: "warning",
      },
    ]);
  });

  it("breaks a tie between equally used spellings by code point order, whatever the file order", () => {
    const one = [memArticle("a", "2025-03-26 10:00", ["eu"]), memArticle("b", "2025-03-27 10:00", ["EU"])];
    assert.equal(buildTagIndex(ENG, newestFirst(one)).bySlug.get("eu")?.name, "EU");
    assert.equal(buildTagIndex(ENG, newestFirst(one).reverse()).bySlug.get("eu")?.name, "EU");
  });

  it("takes the display name and description from content/tags.yaml", () => {
    const index = buildTagIndex(ENG, [memArticle("a", "2025-03-26 10:00", ["eu"])], { eu: { name: "European Union", description: "The EU." } });
    assert.deepEqual([index.list[0]?.name, index.list[0]?.description], ["European Union", "The EU."]);
  });
});
