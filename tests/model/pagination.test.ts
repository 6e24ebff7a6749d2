import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { paginate } from "../../src/model/pagination.ts";

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
