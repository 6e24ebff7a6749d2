import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildTimeline, groupByDay } from "../../src/model/timeline.ts";
import { ENG, memArticle, newestFirst, slugsOf, urlsOf } from "../helpers/articles.ts";

const articles = newestFirst([
  memArticle("a", "2025-03-26 10:00"),
  memArticle("b", "2025-03-27 00:40"), // 26 March 22:40 UTC: still 27 March in Kyiv
  memArticle("c", "2025-03-27 13:15"),
  memArticle("d", "2025-04-02 09:00"),
  memArticle("e", "2024-12-31 23:59"),
]);

describe("buildTimeline", () => {
  it("puts an article on its Kyiv day, not its UTC day", () => {
    const day = buildTimeline(ENG, articles).days.find((d) => d.url === "/eng/news/2025/03/27/");
    assert.deepEqual(slugsOf(day?.articles ?? []), ["c", "b"]);
  });

  it("lists days, months and years newest first, only those with articles, with counts", () => {
    const t = buildTimeline(ENG, articles);
    assert.deepEqual(urlsOf(t.days), ["/eng/news/2025/04/02/", "/eng/news/2025/03/27/", "/eng/news/2025/03/26/", "/eng/news/2024/12/31/"]);
    assert.deepEqual(
      t.months.map((m) => [m.url, m.count, urlsOf(m.days)]),
      [
        ["/eng/news/2025/04/", 1, ["/eng/news/2025/04/02/"]],
        ["/eng/news/2025/03/", 3, ["/eng/news/2025/03/27/", "/eng/news/2025/03/26/"]],
        ["/eng/news/2024/12/", 1, ["/eng/news/2024/12/31/"]],
      ],
    );
    assert.deepEqual(
      t.years.map((y) => [y.url, y.count, urlsOf(y.months)]),
      [
        ["/eng/news/2025/", 4, ["/eng/news/2025/04/", "/eng/news/2025/03/"]],
        ["/eng/news/2024/", 1, ["/eng/news/2024/12/"]],
      ],
    );
  });

  it("groups one feed page's consecutive articles under their days", () => {
    assert.deepEqual(
      groupByDay(articles.slice(1, 4)).map((g) => [g.url, slugsOf(g.items)]),
      [
        ["/eng/news/2025/03/27/", ["c", "b"]],
        ["/eng/news/2025/03/26/", ["a"]],
      ],
    );
  });
});
