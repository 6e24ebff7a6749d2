import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DuplicateUrlError, UrlRegistry } from "../../src/model/url-registry.ts";

describe("UrlRegistry", () => {
  it("throws when a second page claims a URL, naming both pages", () => {
    const registry = new UrlRegistry();
    registry.claim("/news/", 'the news feed page 1 of edition "uk"');
    registry.claim("/news/page/2/", 'news feed page 2 of edition "uk"');
    assert.throws(
      () => registry.claim("/news/", 'the home page of edition "news"'),
      (error: unknown) =>
        error instanceof DuplicateUrlError &&
        error.message ===
          '/news/ is claimed twice, by the news feed page 1 of edition "uk" and by the home page of edition "news"; change an edition prefix, slug or author id so each page has its own URL',
    );
    assert.equal(registry.size, 2);
  });
});
