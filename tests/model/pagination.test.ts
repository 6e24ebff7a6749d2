import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { paginate, paginateFromOldest } from "../../src/model/pagination.ts";

describe("paginate", () => {
  it("splits a list into full pages and a last partial page, with prev/next links", () => {
    const pages = paginate([1, 2, 3, 4, 5], 2, "/eng/tags/ukraine/");
    assert.deepEqual(
      pages.map((p) => [p.url, p.items, p.pageNumber, p.totalPages, p.prevUrl, p.nextUrl]),
      [
        ["/eng/tags/ukraine/", [1, 2], 1, 3, undefined, "/eng/tags/ukraine/page/2/"],
        ["/eng/tags/ukraine/page/2/", [3, 4], 2, 3, "/eng/tags/ukraine/", "/eng/tags/ukraine/page/3/"],
        ["/eng/tags/ukraine/page/3/", [5], 3, 3, "/eng/tags/ukraine/page/2/", undefined],
      ],
    );
  });

  it("never produces an empty page: an exact multiple has no extra page, an empty list has none", () => {
    assert.deepEqual(
      paginate([1, 2, 3, 4], 2, "/news/").map((p) => p.url),
      ["/news/", "/news/page/2/"],
    );
    assert.deepEqual(paginate([], 2, "/news/"), []);
  });

  it("keeps an empty first page only when asked (lists the site chrome links to)", () => {
    assert.deepEqual(paginate([], 20, "/news/", { keepEmptyFirstPage: true }), [
      { url: "/news/", listUrl: "/news/", items: [], pageNumber: 1, totalPages: 1, totalItems: 0 },
    ]);
  });

  it("stops after maxPages, marking the last page truncated only when items were left out", () => {
    const pages = paginate([1, 2, 3, 4, 5], 2, "/news/", { maxPages: 2 });
    assert.deepEqual(
      pages.map((p) => [p.url, p.items, p.totalPages, p.nextUrl, p.truncated]),
      [
        ["/news/", [1, 2], 2, "/news/page/2/", undefined],
        ["/news/page/2/", [3, 4], 2, undefined, true],
      ],
    );
    assert.equal(pages[1]?.totalItems, 5);
    assert.equal(paginate([1, 2, 3, 4], 2, "/news/", { maxPages: 2 }).at(-1)?.truncated, undefined);
    assert.equal(paginate([1, 2, 3], 2, "/news/", { maxPages: 3 }).length, 2);
  });

  it("rejects a page size that is not a positive integer", () => {
    assert.throws(() => paginate([1], 0, "/news/"), /page size must be a positive integer, received 0/);
  });
});

describe("paginateFromOldest", () => {
  const list = "/eng/tags/ukraine/";
  const shape = (items: number[]) => paginateFromOldest(items, 2, list).map((p) => [p.url, p.items, p.pageNumber, p.prevUrl, p.nextUrl]);
  // Newest first, as lists are: 7 is the newest.
  const newestFirst = (n: number) => Array.from({ length: n }, (_, i) => n - i);

  it("numbers full pages from the oldest; the list's page holds the newest, between one and two pages' worth", () => {
    assert.deepEqual(shape(newestFirst(7)), [
      [list, [7, 6, 5], 3, undefined, `${list}page/2/`],
      [`${list}page/2/`, [4, 3], 2, list, `${list}page/1/`],
      [`${list}page/1/`, [2, 1], 1, `${list}page/2/`, undefined],
    ]);
    assert.deepEqual(shape(newestFirst(3)), [[list, [3, 2, 1], 1, undefined, undefined]]);
    assert.deepEqual(shape(newestFirst(1)), [[list, [1], 1, undefined, undefined]]);
    assert.deepEqual(paginateFromOldest([], 2, list), []);
  });

  it("changes only the list's page when an article comes, and once a page's worth of them, one new page and the one before it", () => {
    const byUrl = (n: number) => new Map(paginateFromOldest(newestFirst(n), 2, list).map((p) => [p.url, JSON.stringify(p)]));
    const changed = (from: number, to: number) => {
      const [a, b] = [byUrl(from), byUrl(to)];
      return [...b].filter(([url, page]) => a.get(url) !== page && url !== list).map(([url]) => url);
    };
    // Pages other than the list's own carry the totals in the model; their views drop them (src/pages/lists.ts).
    const strip = (n: number) =>
      new Map(paginateFromOldest(newestFirst(n), 2, list).map(({ totalPages, totalItems, ...p }) => [p.url, JSON.stringify(p)] as const));
    const changedViews = (from: number, to: number) => {
      const [a, b] = [strip(from), strip(to)];
      return [...b].filter(([url, page]) => a.get(url) !== page && url !== list).map(([url]) => url);
    };
    // The 9th article: the list's page holds 9, 8, 7 (pages 1 and 2 as they were).
    assert.ok(changed(8, 9).length > 0);
    assert.deepEqual(changedViews(8, 9), []);
    // The 10th: 7 and 8 become page 4, and page 3 links to it as its newer page; pages 1 and 2 stay.
    assert.deepEqual(changedViews(9, 10), [`${list}page/4/`, `${list}page/3/`]);
    assert.deepEqual(changedViews(7, 8), [`${list}page/3/`, `${list}page/2/`]);
  });

  it("rejects a page size that is not a positive integer", () => {
    assert.throws(() => paginateFromOldest([1], 1.5, "/news/"), /page size must be a positive integer, received 1.5/);
  });
});
