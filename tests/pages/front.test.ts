import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { chooseFront, PRIORITY_HOURS, TOP_STORIES } from "../../src/pages/front.ts";
import type { Article } from "../../src/schema/article.ts";
import { memArticle, newestFirst } from "../helpers/articles.ts";

const at = (slug: string, date: string, priority?: number): Article => ({ ...memArticle(slug, date), ...(priority ? { priority } : {}) });
const slugs = (front: ReturnType<typeof chooseFront>) => [front.lead?.slug, ...front.top.map((a) => a.slug)];

describe("chooseFront", () => {
  const plain = newestFirst([
    at("a", "2025-04-05 10:00"),
    at("b", "2025-04-05 09:00"),
    at("c", "2025-04-04 18:00"),
    at("d", "2025-04-04 12:00"),
    at("e", "2025-04-03 12:00"),
    at("f", "2025-04-02 12:00"),
  ]);

  it("leads with the newest article and lists the next TOP_STORIES when no editor chose", () => {
    assert.equal(TOP_STORIES, 4);
    assert.deepEqual(slugs(chooseFront(plain)), ["a", "b", "c", "d", "e"]);
    assert.deepEqual(chooseFront([]), { top: [] });
  });

  it("puts priority 1 first, then 2 and on, then the newest of the rest", () => {
    const chosen = newestFirst([
      ...plain.filter((a) => !["c", "e"].includes(a.slug)),
      at("c", "2025-04-04 18:00", 2),
      at("e", "2025-04-03 12:00", 1),
    ]);
    assert.deepEqual(slugs(chooseFront(chosen)), ["e", "c", "a", "b", "d"]);
  });

  it("takes the newer of two articles with the same priority first", () => {
    const chosen = newestFirst([at("x", "2025-04-05 08:00", 1), at("y", "2025-04-04 08:00", 1), ...plain]);
    assert.deepEqual(slugs(chooseFront(chosen)).slice(0, 3), ["x", "y", "a"]);
  });

  it(`lets a priority lapse ${PRIORITY_HOURS} hours after the article, reckoned from the edition's newest`, () => {
    assert.equal(PRIORITY_HOURS, 48);
    const old = newestFirst([...plain.filter((a) => a.slug !== "f"), at("f", "2025-04-03 09:59", 1)]);
    assert.deepEqual(slugs(chooseFront(old)), ["a", "b", "c", "d", "e"]);
    const within = newestFirst([...plain.filter((a) => a.slug !== "f"), at("f", "2025-04-03 10:00", 1)]);
    assert.equal(chooseFront(within).lead?.slug, "f");
  });
});
