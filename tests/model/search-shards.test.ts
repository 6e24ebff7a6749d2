/**
 * Search shards' size cap (src/model/search-shards.ts `capShards`): a shard with more text than the
 * limit is split into parts counted from its oldest article, newest first like every shard. The
 * split by period is tested with Pagefind in tests/pipeline/search-index.test.ts.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { capShards, editionShards, type SearchShard } from "../../src/model/search-shards.ts";
import type { EditionModel } from "../../src/model/site.ts";
import type { Article } from "../../src/schema/article.ts";
import { ENG, memArticle, newestFirst } from "../helpers/articles.ts";

/** An article of `size` characters of text (headline 1, body the rest), named `slug`. */
function art(slug: string, size: number): Article {
  return { slug, title: "T", body: "x".repeat(size - 1) } as unknown as Article;
}

const shape = (shards: SearchShard[]) => shards.map((s) => [s.id, s.articles.map((a) => a.slug)]);

describe("search shard size cap", () => {
  it("leaves a shard at or under the limit whole", () => {
    const shard = { id: "eng-2024", lang: "en", articles: [art("b", 50), art("a", 50)] };
    assert.deepEqual(capShards([shard], 100), [shard]);
  });

  it("splits a bigger one into parts from its oldest article, newest part first, each at most the limit", () => {
    // Newest first, as shards hold them.
    const articles = [art("e", 40), art("d", 40), art("c", 40), art("b", 40), art("a", 40)];
    const shards = capShards(
      [
        { id: "eng-2024", lang: "en", articles },
        { id: "eng-2023", lang: "en", articles: [art("z", 10)] },
      ],
      100,
    );
    assert.deepEqual(shape(shards), [
      ["eng-2024-p3", ["e"]],
      ["eng-2024-p2", ["d", "c"]],
      ["eng-2024-p1", ["b", "a"]],
      ["eng-2023", ["z"]],
    ]);
    assert.ok(shards.every((s) => s.lang === "en"));
  });

  it("keeps the older parts as they were when newer articles come", () => {
    const old = [art("c", 40), art("b", 40), art("a", 40)];
    const before = shape(capShards([{ id: "eng-2025-03", lang: "en", articles: old }], 100));
    const after = shape(capShards([{ id: "eng-2025-03", lang: "en", articles: [art("e", 40), art("d", 40), ...old] }], 100));
    assert.deepEqual(before, [
      ["eng-2025-03-p2", ["c"]],
      ["eng-2025-03-p1", ["b", "a"]],
    ]);
    assert.deepEqual(after, [["eng-2025-03-p3", ["e"]], ["eng-2025-03-p2", ["d", "c"]], before[1]]);
  });

  it("gives an article bigger than the limit a part of its own", () => {
    assert.deepEqual(shape(capShards([{ id: "uk-2024", lang: "uk", articles: [art("b", 30), art("a", 500)] }], 100)), [
      ["uk-2024-p2", ["b"]],
      ["uk-2024-p1", ["a"]],
    ]);
  });
});

describe("an edition's shards, made once per edition model", () => {
  const edition = (articles: Article[]) => ({ config: ENG, articles: newestFirst(articles) }) as unknown as EditionModel;
  const ids = (shards: readonly SearchShard[]) => shards.map((s) => [s.id, s.articles.length]);

  it("answers the same edition with the same shards, and a new model of the edition with its own", () => {
    const march = [memArticle("one", "2025-03-05 09:00"), memArticle("two", "2025-03-06 09:00")];
    const before = edition(march);
    assert.equal(editionShards(before), editionShards(before));
    assert.deepEqual(ids(editionShards(before)), [
      ["eng-2025-03-06", 1],
      ["eng-2025-03-05", 1],
    ]);
    // The next build's model: one article more, in April; March becomes a month shard.
    const after = edition([...march, memArticle("three", "2025-04-01 09:00")]);
    assert.deepEqual(ids(editionShards(after)), [
      ["eng-2025-04-01", 1],
      ["eng-2025-03", 2],
    ]);
    assert.deepEqual(ids(editionShards(before)), [
      ["eng-2025-03-06", 1],
      ["eng-2025-03-05", 1],
    ]);
  });
});
