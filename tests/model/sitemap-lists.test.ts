import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildClock, parseNewsroomDate } from "../../src/dates.ts";
import { emptyPageLists, type PageLists } from "../../src/model/page-lists.ts";
import type { EditionModel } from "../../src/model/site.ts";
import { buildSitemapLists, inNewsWindow } from "../../src/model/sitemap-lists.ts";
import { SiteConfigSchema } from "../../src/schema/site.ts";
import { ENG, memArticle, newestFirst, slugsOf } from "../helpers/articles.ts";

const NO_PAGES: PageLists = emptyPageLists();
// 2025-03-29T12:00:00Z = 14:00 Kyiv (+02:00).
const CLOCK = buildClock({ SOURCE_DATE_EPOCH: String(Date.UTC(2025, 2, 29, 12, 0) / 1000) });
const edition = (articles: ReturnType<typeof memArticle>[]) => ({ config: ENG, articles: newestFirst(articles) }) as unknown as EditionModel;

describe("the news sitemap window", () => {
  it("keeps articles published in the 48 hours before the build clock, and none from the future", () => {
    const articles = newestFirst([
      memArticle("future", "2025-03-29 14:01"),
      memArticle("now", "2025-03-29 14:00"),
      memArticle("yesterday", "2025-03-28 09:00"),
      memArticle("just-inside", "2025-03-27 14:01"),
      memArticle("exactly-48h", "2025-03-27 14:00"),
      memArticle("old", "2025-03-20 10:00"),
    ]);
    assert.deepEqual(slugsOf(inNewsWindow(articles, CLOCK)), ["now", "yesterday", "just-inside"]);
  });

  it("puts at most 1,000 articles in a news sitemap file and splits beyond that into an index of parts", () => {
    const many = Array.from({ length: 2_001 }, (_, i) => {
      const parsed = parseNewsroomDate("2025-03-29 11:00", "Europe/Kyiv");
      assert.ok(parsed.ok);
      return memArticle(`a${String(i).padStart(4, "0")}`, parsed.value.minus({ seconds: i }).toISO() ?? "");
    });
    const limits = SiteConfigSchema.shape.newsSitemapSize.parse(undefined);
    assert.equal(limits, 1_000);
    const lists = buildSitemapLists([edition(many)], [], NO_PAGES, CLOCK, { sitemapSize: 50_000, newsSitemapSize: limits });
    assert.deepEqual(
      lists.news.map((f) => [f.url, f.articles.length]),
      [
        ["/eng/news-sitemap-1.xml", 1000],
        ["/eng/news-sitemap-2.xml", 1000],
        ["/eng/news-sitemap-3.xml", 1],
      ],
    );
    assert.deepEqual(
      lists.indexes.map((i) => [i.url, i.parts.map((p) => p.path)]),
      [["/eng/news-sitemap.xml", ["/eng/news-sitemap-1.xml", "/eng/news-sitemap-2.xml", "/eng/news-sitemap-3.xml"]]],
    );
    assert.deepEqual(lists.robots[0]?.sitemaps, ["/sitemap.xml", "/eng/news-sitemap.xml"]);
  });

  it("writes no news sitemap for an edition with nothing in the window, and robots.txt does not name one", () => {
    const lists = buildSitemapLists([edition([memArticle("old", "2025-03-01 10:00")])], [], NO_PAGES, CLOCK, {
      sitemapSize: 10,
      newsSitemapSize: 10,
    });
    assert.deepEqual([lists.news, lists.robots[0]?.sitemaps], [[], ["/sitemap.xml"]]);
  });
});

describe("the sitemap", () => {
  it("lists every article with its last change and splits into an index of parts beyond the limit", () => {
    const articles = newestFirst(Array.from({ length: 25 }, (_, i) => memArticle(`a${i}`, `2025-03-${String(i + 1).padStart(2, "0")} 10:00`)));
    const lists = buildSitemapLists([edition(articles)], articles, NO_PAGES, CLOCK, { sitemapSize: 10, newsSitemapSize: 1000 });
    assert.deepEqual(
      lists.urlsets.map((f) => [f.url, f.entries.length]),
      [
        ["/sitemap-1.xml", 10],
        ["/sitemap-2.xml", 10],
        ["/sitemap-3.xml", 5],
      ],
    );
    const index = lists.indexes.find((i) => i.url === "/sitemap.xml");
    assert.equal(index?.parts[0]?.lastmod?.toISO(), "2025-03-25T10:00:00.000+02:00");
    assert.equal(lists.urlsets[0]?.entries[0]?.lastmod?.toISO(), "2025-03-25T10:00:00.000+02:00");
  });
});
