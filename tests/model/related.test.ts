import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tagSlug } from "../../src/model/paths.ts";
import { type ArticleLinks, buildArticleLinks, RELATED_WINDOW, updateArticleLinks } from "../../src/model/related.ts";
import { buildTagIndex } from "../../src/model/tags.ts";
import type { Article } from "../../src/schema/article.ts";
import { ENG, memArticle, newestFirst, slugsOf } from "../helpers/articles.ts";

function links(articles: ReturnType<typeof memArticle>[]) {
  const sorted = newestFirst(articles);
  return buildArticleLinks(sorted, buildTagIndex(ENG, sorted), (t) => tagSlug(t, "en"));
}

describe("buildArticleLinks", () => {
  it("gives previous and next article in time", () => {
    const l = links([memArticle("a", "2025-03-26 10:00"), memArticle("b", "2025-03-27 10:00"), memArticle("c", "2025-03-28 10:00")]);
    const b = l.get("/eng/news/2025/03/27/b/");
    assert.deepEqual([b?.previous?.slug, b?.next?.slug], ["a", "c"]);
    assert.deepEqual([l.get("/eng/news/2025/03/26/a/")?.previous, l.get("/eng/news/2025/03/28/c/")?.next], [undefined, undefined]);
  });

  it("ranks related articles by shared tags, then recency, then URL, at most 5, never itself", () => {
    const l = links([
      memArticle("self", "2025-03-20 10:00", ["A", "B", "C"]),
      memArticle("three", "2025-03-01 10:00", ["A", "B", "C"]),
      memArticle("two-old", "2025-03-02 10:00", ["A", "B"]),
      memArticle("two-new", "2025-03-25 10:00", ["B", "C"]),
      memArticle("one-x", "2025-03-10 10:00", ["C"]),
      memArticle("one-y", "2025-03-10 10:00", ["A"]),
      memArticle("one-z", "2025-03-05 10:00", ["A"]),
      memArticle("none", "2025-03-21 10:00", ["D"]),
    ]);
    assert.deepEqual(slugsOf(l.get("/eng/news/2025/03/20/self/")?.related ?? []), ["three", "two-new", "two-old", "one-x", "one-y"]);
  });

  it("only counts the tag-mates nearest in time in a huge tag", () => {
    const time = (i: number) => `${String(Math.floor(i / 60)).padStart(2, "0")}:${String(i % 60).padStart(2, "0")}`;
    const many = Array.from({ length: RELATED_WINDOW + 50 }, (_, i) =>
      memArticle(`n${String(i).padStart(3, "0")}`, `2024-01-01 ${time(i)}`, ["Big"]),
    );
    const oldest = memArticle("oldest", "2023-01-01 10:00", ["Big", "Rare", "Rarer"]);
    const rare = memArticle("rare-newest", "2025-01-01 10:00", ["Big", "Rare", "Rarer"]);
    const l = links([...many, oldest, rare]);
    // The newest article still finds the oldest through the small tags; "Big" is not counted
    // for it (outside the window), so it ranks by 2 shared tags, above the 1-tag neighbours.
    assert.deepEqual(slugsOf(l.get(rare.url)?.related ?? []), ["oldest", "n249", "n248", "n247", "n246"]);
    // A Big-only article far from "oldest" in time never counted it.
    const mid = l.get(many[RELATED_WINDOW + 40]?.url as string);
    assert.equal(mid?.related.length, 5);
    assert.ok(!slugsOf(mid?.related ?? []).includes("oldest"));
  });
});

describe("updateArticleLinks", () => {
  /** Links as positions in `articles` (-1: an article not in it, such as the old version of an edited one), to compare two maps whole. */
  const plain = (l: Map<string, ArticleLinks>, articles: readonly Article[]) => {
    const at = new Map(articles.map((a, i) => [a, i]));
    const of = (a: Article | undefined) => (a ? (at.get(a) ?? -1) : undefined);
    return [...l].map(([url, { previous, next, related }]) => [url, of(previous), of(next), related.map(of)]);
  };
  const time = (n: number) =>
    `2025-0${1 + (n % 6)}-${String(1 + (n % 27)).padStart(2, "0")} ${String(n % 24).padStart(2, "0")}:${String(n % 60).padStart(2, "0")}`;

  it("finds again only the links an edit can change, and gets the links a full rebuild gets", () => {
    // Tags far bigger than the related window, so windows slide and clamp at both ends of a tag.
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    const tagsOf = () => ["Big", "Other", "Rare", "Odd"].filter((_, i) => random(i + 2) === 0).concat(random(2) ? ["Big"] : []);
    let articles = Array.from({ length: RELATED_WINDOW * 5 }, (_, i) => memArticle(`a${i}`, time(i * 37), tagsOf()));
    let sorted = newestFirst(articles);
    let tags = buildTagIndex(ENG, sorted);
    const lang = (t: string) => tagSlug(t, "en");
    let links = buildArticleLinks(sorted, tags, lang);
    let kept = 0;
    for (let step = 0; step < 50; step++) {
      const at = random(articles.length);
      const old = articles[at] as (typeof articles)[number];
      const kind = step % 5;
      // A new date or tags for one article, a new article, a new headline, or one removed: the edits the preview sees.
      const next =
        kind === 0
          ? memArticle(old.slug, time(random(5000)), old.tags)
          : kind === 1
            ? memArticle(old.slug, time(Number(old.slug.slice(1)) * 37), tagsOf())
            : kind === 2
              ? memArticle(`new${step}`, time(random(5000)), tagsOf())
              : kind === 3
                ? { ...old, title: `Edited ${step}` }
                : undefined;
      const changed = kind === 2 ? [next as (typeof articles)[number]] : next ? [old, next] : [old];
      articles = kind === 2 ? [...articles, ...changed] : articles.flatMap((a) => (a === old ? (next ? [next] : []) : [a]));
      const before = { articles: sorted, tags, links };
      sorted = newestFirst(articles);
      tags = buildTagIndex(ENG, sorted);
      links = updateArticleLinks(before, sorted, tags, lang, changed);
      assert.deepEqual(plain(links, sorted), plain(buildArticleLinks(sorted, tags, lang), sorted), `step ${step}`);
      kept += sorted.filter((a) => links.get(a.url) === before.links.get(a.url)).length;
    }
    // Most articles keep their links object: the edit did not reach them.
    assert.ok(kept > 50 * RELATED_WINDOW * 2, `${kept} kept`);
  });
});
