import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildClock, parseNewsroomDate } from "../../src/dates.ts";
import { emptyPageLists, type PageLists } from "../../src/model/page-lists.ts";
import { paginateFromOldest } from "../../src/model/pagination.ts";
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
      [
        ["/sitemap.xml", []],
        ["/eng/news-sitemap.xml", ["/eng/news-sitemap-1.xml", "/eng/news-sitemap-2.xml", "/eng/news-sitemap-3.xml"]],
      ],
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

describe("the sitemap: an index of parts by month", () => {
  const limits = (sitemapSize: number) => ({ sitemapSize, newsSitemapSize: 1000 });
  const iso = (t: { toISO(): string | null } | undefined) => t?.toISO();
  const index = (lists: ReturnType<typeof buildSitemapLists>) => {
    const found = lists.indexes.find((i) => i.url === "/sitemap.xml");
    assert.ok(found, "no /sitemap.xml index");
    return found.parts.map((p) => [p.path, iso(p.lastmod)]);
  };

  it("puts each page in the part of the month of its last change, oldest month first, and gives each part its newest lastmod in the index", () => {
    const articles = newestFirst([
      memArticle("feb-early", "2025-02-03 10:00"),
      memArticle("feb-late", "2025-02-27 18:00"),
      memArticle("mar", "2025-03-05 09:00"),
      // Edited in March: its last change is March's, though it was published in January.
      { ...memArticle("jan-edited", "2025-01-20 10:00"), updated: memArticle("x", "2025-03-20 11:00").date },
      // 00:30 on 1 April in Kyiv, 21:30 on 31 March UTC: the month its lastmod is written in.
      memArticle("april-in-kyiv", "2025-04-01 00:30"),
    ]);
    const lists = buildSitemapLists([edition(articles)], articles, NO_PAGES, CLOCK, limits(50_000));
    assert.deepEqual(
      lists.urlsets.map((f) => [f.url, f.entries.map((e) => e.path.split("/").at(-2))]),
      [
        ["/sitemaps/2025-02.xml", ["feb-late", "feb-early"]],
        // In the site's order (newest published first), whatever their last change.
        ["/sitemaps/2025-03.xml", ["mar", "jan-edited"]],
        ["/sitemaps/2025-04.xml", ["april-in-kyiv"]],
      ],
    );
    assert.deepEqual(index(lists), [
      ["/sitemaps/2025-02.xml", "2025-02-27T18:00:00.000+02:00"],
      ["/sitemaps/2025-03.xml", "2025-03-20T11:00:00.000+02:00"],
      ["/sitemaps/2025-04.xml", "2025-04-01T00:30:00.000+03:00"],
    ]);
    // The index is what robots.txt names, whatever the size of the site.
    assert.deepEqual(lists.robots[0]?.sitemaps, ["/sitemap.xml"]);
  });

  it("cuts a month over the limit into numbered parts, each with its own newest lastmod in the index", () => {
    const march = Array.from({ length: 25 }, (_, i) => memArticle(`m${i + 1}`, `2025-03-${String(i + 1).padStart(2, "0")} 10:00`));
    const articles = newestFirst([...march, memArticle("feb", "2025-02-10 10:00")]);
    const lists = buildSitemapLists([edition(articles)], articles, NO_PAGES, CLOCK, limits(10));
    assert.deepEqual(
      lists.urlsets.map((f) => [f.url, f.entries.length]),
      [
        ["/sitemaps/2025-02.xml", 1],
        ["/sitemaps/2025-03.xml", 10],
        ["/sitemaps/2025-03-2.xml", 10],
        ["/sitemaps/2025-03-3.xml", 5],
      ],
    );
    assert.deepEqual(index(lists), [
      ["/sitemaps/2025-02.xml", "2025-02-10T10:00:00.000+02:00"],
      ["/sitemaps/2025-03.xml", "2025-03-25T10:00:00.000+02:00"],
      ["/sitemaps/2025-03-2.xml", "2025-03-15T10:00:00.000+02:00"],
      ["/sitemaps/2025-03-3.xml", "2025-03-05T10:00:00.000+02:00"],
    ]);
    assert.equal(new Set(lists.urlsets.flatMap((f) => f.entries.map((e) => e.path))).size, 26);
  });

  it("lists pages with no last change in a part of their own, last, with no lastmod in the index", () => {
    const articles = [memArticle("one", "2025-03-05 09:00")];
    const pages: PageLists = {
      ...emptyPageLists(),
      // A home page that lists the article, a tag page that lists nothing yet, a static page without `updated`, one with it.
      home: [{ url: "/eng/", latest: articles }] as unknown as PageLists["home"],
      tag: [{ url: "/eng/tags/empty/", items: [], tag: { articles: [] } }] as unknown as PageLists["tag"],
      staticPage: [
        { url: "/eng/about/", page: {}, alternates: [] },
        { url: "/eng/policy/", page: { updated: memArticle("x", "2024-11-02 12:00").date }, alternates: [] },
      ] as unknown as PageLists["staticPage"],
    };
    const lists = buildSitemapLists([edition(articles)], articles, pages, CLOCK, limits(50_000));
    assert.deepEqual(
      lists.urlsets.map((f) => [f.url, f.entries.map((e) => [e.path, iso(e.lastmod)])]),
      [
        ["/sitemaps/2024-11.xml", [["/eng/policy/", "2024-11-02T12:00:00.000+02:00"]]],
        [
          "/sitemaps/2025-03.xml",
          [
            [articles[0]?.url, "2025-03-05T09:00:00.000+02:00"],
            ["/eng/", "2025-03-05T09:00:00.000+02:00"],
          ],
        ],
        [
          "/sitemaps/undated.xml",
          [
            ["/eng/tags/empty/", undefined],
            ["/eng/about/", undefined],
          ],
        ],
      ],
    );
    assert.deepEqual(index(lists), [
      ["/sitemaps/2024-11.xml", "2024-11-02T12:00:00.000+02:00"],
      ["/sitemaps/2025-03.xml", "2025-03-05T09:00:00.000+02:00"],
      ["/sitemaps/undated.xml", undefined],
    ]);
  });

  it("cuts the undated part over the limit into numbered parts too", () => {
    const tags = Array.from({ length: 5 }, (_, i) => ({ url: `/eng/tags/t${i}/`, items: [], tag: { articles: [] } }));
    const lists = buildSitemapLists([], [], { ...emptyPageLists(), tag: tags as unknown as PageLists["tag"] }, CLOCK, limits(2));
    assert.deepEqual(
      lists.urlsets.map((f) => [f.url, f.entries.length]),
      [
        ["/sitemaps/undated.xml", 2],
        ["/sitemaps/undated-2.xml", 2],
        ["/sitemaps/undated-3.xml", 1],
      ],
    );
  });
});

describe("the sitemap: a tag's and an author's index from their pages", () => {
  const limits = { sitemapSize: 50_000, newsSitemapSize: 1000 };
  const lastmodOf = (lists: ReturnType<typeof buildSitemapLists>, path: string) =>
    lists.urlsets
      .flatMap((f) => f.entries)
      .find((e) => e.path === path)
      ?.lastmod?.toISO();
  // Five articles of one tag and author, two a page: the oldest, on the oldest page, edited last.
  const articles = newestFirst([
    memArticle("a1", "2025-03-01 09:00"),
    memArticle("a2", "2025-03-02 09:00"),
    memArticle("a3", "2025-03-03 09:00"),
    memArticle("a4", "2025-03-04 09:00"),
    { ...memArticle("a0", "2025-02-20 09:00"), updated: memArticle("x", "2025-03-10 12:00").date },
  ]);
  const tag = { url: "/eng/tags/t/", name: "t", articles };
  const entry = { url: "/eng/authors/a/", author: { id: "a" }, articles };
  const tagPages = paginateFromOldest(articles, 2, tag.url).map((p) => ({ ...p, edition: "eng", tag }));
  const authorPages = paginateFromOldest(entry.articles, 2, entry.url).map((p) => ({ ...p, edition: "eng", entry }));
  const pages = (tags: typeof tagPages, authors: typeof authorPages): PageLists => ({
    ...emptyPageLists(),
    tagIndex: [{ url: "/eng/tags/", edition: "eng", tags: [tag] }] as unknown as PageLists["tagIndex"],
    tag: tags as unknown as PageLists["tag"],
    authorIndex: [{ url: "/eng/authors/", edition: "eng", authors: [entry] }] as unknown as PageLists["authorIndex"],
    author: authors as unknown as PageLists["author"],
  });

  it("gives the indexes the newest change of every page of the list, an edit on its oldest page too", () => {
    assert.equal(tagPages.length, 2);
    const lists = buildSitemapLists([edition(articles)], articles, pages(tagPages, authorPages), CLOCK, limits);
    assert.equal(lastmodOf(lists, "/eng/tags/"), "2025-03-10T12:00:00.000+02:00");
    assert.equal(lastmodOf(lists, "/eng/authors/"), "2025-03-10T12:00:00.000+02:00");
    // The list's own page holds the newest articles, not the edited one.
    assert.equal(lastmodOf(lists, "/eng/tags/t/"), "2025-03-04T09:00:00.000+02:00");
  });

  it("reads the whole list when its pages do not hold it (a window of the newest pages, or pages out of order)", () => {
    const windowed = buildSitemapLists([edition(articles)], articles, pages(tagPages.slice(0, 1), authorPages.slice(0, 1)), CLOCK, limits);
    assert.equal(lastmodOf(windowed, "/eng/tags/"), "2025-03-10T12:00:00.000+02:00");
    assert.equal(lastmodOf(windowed, "/eng/authors/"), "2025-03-10T12:00:00.000+02:00");
    const reversed = buildSitemapLists([edition(articles)], articles, pages([...tagPages].reverse(), [...authorPages].reverse()), CLOCK, limits);
    assert.equal(lastmodOf(reversed, "/eng/tags/"), "2025-03-10T12:00:00.000+02:00");
  });
});
