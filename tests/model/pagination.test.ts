import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type ListPage, paginateFromOldest } from "../../src/model/pagination.ts";

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

describe("paginateFromOldest with a window of maxPages (the news feed, a section front)", () => {
  const list = "/eng/news/";
  const newestFirst = (n: number) => Array.from({ length: n }, (_, i) => n - i);
  const pages = (n: number, maxPages = 3) => paginateFromOldest(newestFirst(n), 2, list, { maxPages });
  const shape = (n: number, maxPages = 3) => pages(n, maxPages).map((p) => [p.url, p.items, p.prevUrl, p.nextUrl, p.truncated]);
  const p = (n: number) => `${list}page/${n}/`;

  it("keeps every page of a list shorter than the window, fewer than two pages' worth on the list's page alone", () => {
    assert.deepEqual(shape(3), [[list, [3, 2, 1], undefined, undefined, undefined]]);
    assert.deepEqual(shape(5), [
      [list, [5, 4, 3], undefined, p(1), undefined],
      [p(1), [2, 1], list, undefined, undefined],
    ]);
    assert.ok(pages(5).every((page) => page.windowed));
    // Without a window, nothing says the pages are windowed (a tag's pager links its page 1).
    assert.ok(paginateFromOldest(newestFirst(5), 2, list).every((page) => page.windowed === undefined));
  });

  it("fills the window exactly without marking a page truncated: no older article was left out", () => {
    // 6 articles: the list's page (6, 5) and pages 2 and 1: three pages, the window's size.
    assert.deepEqual(shape(7), [
      [list, [7, 6, 5], undefined, p(2), undefined],
      [p(2), [4, 3], list, p(1), undefined],
      [p(1), [2, 1], p(2), undefined, undefined],
    ]);
  });

  it("past the window keeps the list's page and the newest numbered pages; the oldest kept is truncated and links no older page", () => {
    assert.deepEqual(shape(8), [
      [list, [8, 7], undefined, p(3), undefined],
      [p(3), [6, 5], list, p(2), undefined],
      [p(2), [4, 3], p(3), undefined, true],
    ]);
    assert.deepEqual(shape(13), [
      [list, [13, 12, 11], undefined, p(5), undefined],
      [p(5), [10, 9], list, p(4), undefined],
      [p(4), [8, 7], p(5), undefined, true],
    ]);
    // Numbers count from the oldest page, which is no longer on the site; the list's page is the last.
    assert.deepEqual(
      pages(13).map((page) => page.pageNumber),
      [6, 5, 4],
    );
  });

  it("with a window of one page, keeps the list's page alone, truncated once older articles exist", () => {
    assert.deepEqual(shape(3, 1), [[list, [3, 2, 1], undefined, undefined, undefined]]);
    assert.deepEqual(shape(4, 1), [[list, [4, 3], undefined, undefined, true]]);
  });

  it("keeps the empty list's page only when asked (the news feed the chrome links to)", () => {
    assert.deepEqual(paginateFromOldest([], 20, list, { keepEmptyFirstPage: true, maxPages: 50 }), [
      { url: list, listUrl: list, items: [], pageNumber: 1, totalPages: 1, totalItems: 0, windowed: true },
    ]);
    assert.deepEqual(paginateFromOldest([], 20, list, { maxPages: 50 }), []);
  });

  it("changes only the list's page when an article comes, but at a page's worth: a new page, its older neighbour, and the window's end", () => {
    // What a numbered page shows: everything but the totals, which its view drops (src/pages/lists.ts).
    const views = (n: number) =>
      new Map(pages(n).map(({ totalPages, totalItems, ...page }: ListPage<number>) => [page.url, JSON.stringify(page)] as const));
    const changes = (from: number) => {
      const [a, b] = [views(from), views(from + 1)];
      const changed = [...b].filter(([url, page]) => url !== list && a.get(url) !== page).map(([url]) => url);
      const gone = [...a.keys()].filter((url) => !b.has(url));
      return { changed, gone };
    };
    for (const n of [8, 10, 12, 14, 20]) assert.deepEqual(changes(n), { changed: [], gone: [] }, `${n} → ${n + 1}`);
    // The 10th article: 7 and 8 make page 4, page 3 links it as its newer page, page 2 leaves the
    // window and page 3 is the truncated one now, with no older link.
    assert.deepEqual(changes(9), { changed: [p(4), p(3)], gone: [p(2)] });
    const ten = pages(10);
    assert.deepEqual(
      ten.map((page) => [page.url, page.items, page.prevUrl, page.nextUrl, page.truncated]),
      [
        [list, [10, 9], undefined, p(4), undefined],
        [p(4), [8, 7], list, p(3), undefined],
        [p(3), [6, 5], p(4), undefined, true],
      ],
    );
    // Into the window's last free place: the new page and its neighbour, nothing gone.
    assert.deepEqual(changes(5), { changed: [p(2), p(1)], gone: [] });
    // The first page past the window: page 1 goes, page 2 becomes truncated.
    assert.deepEqual(changes(7), { changed: [p(3), p(2)], gone: [p(1)] });
  });

  it("rejects a window that is not a positive integer", () => {
    assert.throws(() => paginateFromOldest([1], 2, list, { maxPages: 0 }), /the most pages of a list must be a positive integer, received 0/);
  });
});
