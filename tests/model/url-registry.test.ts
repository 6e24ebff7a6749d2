import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { aliasPlace, DuplicateUrlError, UrlRegistry } from "../../src/model/url-registry.ts";

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

describe("UrlRegistry: where an alias may go", () => {
  function registry(): UrlRegistry {
    const r = new UrlRegistry();
    r.claim("/eng/", 'the home page of edition "eng"');
    r.claim("/eng/feed.json", 'the JSON feed of edition "eng"');
    r.claim("/eng/x.html/", "a page in a folder named like a file");
    r.reserveFiles(/^news-sitemap(?:-\d+)?\.xml$/, 'the Google News sitemap of edition "uk" or a part of it');
    r.reserveFolder("pagefind", "the folder of the search index");
    r.reserveFolder("sitemaps", "the folder of the sitemap's parts, one a month");
    return r;
  }

  it("compares by the file a URL writes: /eng/index.html is /eng/", () => {
    assert.equal(
      registry().conflict("/eng/index.html"),
      'which is already used by the home page of edition "eng": /eng/index.html is the page at /eng/',
    );
  });

  it("refuses a page inside a file, a file where a folder is, and the build's own files and folders", () => {
    const r = registry();
    assert.equal(
      r.conflict("/eng/feed.json/"),
      'which would be a page inside /eng/feed.json, a file the build writes (the JSON feed of edition "eng")',
    );
    assert.equal(
      r.conflict("/eng/x.html"),
      "which would be a file where the build has a folder (/eng/x.html/ holds a page in a folder named like a file)",
    );
    assert.equal(
      r.conflict("/news-sitemap-7.xml/"),
      'which would be a page inside /news-sitemap-7.xml, a file the build may write (the Google News sitemap of edition "uk" or a part of it)',
    );
    assert.equal(r.conflict("/sitemaps/2025-03.xml"), "which is inside /sitemaps/, the folder of the sitemap's parts, one a month");
    assert.equal(r.conflict("/sitemaps/"), "which is inside /sitemaps/, the folder of the sitemap's parts, one a month");
    assert.equal(r.conflict("/sitemap-7.xml/"), undefined);
    assert.equal(r.conflict("/pagefind/eng/"), "which is inside /pagefind/, the folder of the search index");
    assert.equal(r.conflict("/pagefind.html"), undefined);
    assert.equal(r.conflict("/eng/old/"), undefined);
  });

  it("claims a free URL, so a second alias with the same file conflicts with the first", () => {
    const r = registry();
    assert.equal(r.claimIfFree("/old/", "an alias in a.md"), undefined);
    assert.equal(
      r.claimIfFree("/old/index.html", "an alias in b.md"),
      "which is already used by an alias in a.md: /old/index.html is the page at /old/",
    );
    assert.equal(
      r.claimIfFree("/old/index.html/", "an alias in c.md"),
      "which would be a page inside /old/index.html, a file the build writes (an alias in a.md)",
    );
    assert.equal(r.ownerOf("old/index.html"), "an alias in a.md");
    assert.equal(r.ownerOf("pagefind/eng-2025/pagefind-entry.json"), "the folder of the search index");
    assert.equal(r.ownerOf("news-sitemap-2.xml"), 'the Google News sitemap of edition "uk" or a part of it');
    assert.equal(r.ownerOf("sitemaps/2025-03-2.xml"), "the folder of the sitemap's parts, one a month");
    assert.equal(r.ownerOf("eng/other.html"), undefined);
  });
});

describe("UrlRegistry: aliases that differ from a page only in letter case", () => {
  const CASELESS = "where letter case is ignored (macOS and Windows file systems, case-folding CDNs), which would serve one for the other";
  function registry(): UrlRegistry {
    const r = new UrlRegistry();
    r.claim("/eng/", 'the home page of edition "eng"');
    r.claim("/eng/feed.json", 'the JSON feed of edition "eng"');
    r.claim("/eng/x.html/", "a page in a folder named like a file");
    r.reserveFiles(/^news-sitemap(?:-\d+)?\.xml$/, 'the Google News sitemap of edition "uk" or a part of it');
    r.reserveFolder("pagefind", "the folder of the search index");
    r.reserveFolder("sitemaps", "the folder of the sitemap's parts, one a month");
    return r;
  }

  it("refuses /Old-Path/ beside /old-path/, and a page's URL in other letter case", () => {
    const r = registry();
    assert.equal(r.claimIfFree("/old-path/", "an alias in a.md"), undefined);
    assert.equal(
      r.claimIfFree("/Old-Path/", "an alias in b.md"),
      `which is already used by an alias in a.md at /old-path/, the same page ${CASELESS}`,
    );
    assert.equal(r.conflict("/ENG/"), `which is already used by the home page of edition "eng" at /eng/, the same page ${CASELESS}`);
    assert.equal(r.conflict("/ENG/index.html"), `which is already used by the home page of edition "eng" at /eng/, the same page ${CASELESS}`);
    // Claimed after the first caseless check: still seen.
    r.claim("/eng/tags/", 'the tags page of edition "eng"');
    assert.equal(r.conflict("/Eng/Tags/"), `which is already used by the tags page of edition "eng" at /eng/tags/, the same page ${CASELESS}`);
  });

  it("refuses, ignoring case, a page inside a file, a file where a folder is, and the build's own files and folders", () => {
    const r = registry();
    assert.equal(
      r.conflict("/Eng/Feed.json/"),
      `which would be a page inside /eng/feed.json, a file the build writes (the JSON feed of edition "eng"), ${CASELESS}`,
    );
    assert.equal(
      r.conflict("/eng/X.html"),
      `which would be a file where the build has a folder (/eng/x.html/ holds a page in a folder named like a file), ${CASELESS}`,
    );
    assert.equal(r.conflict("/PageFind/eng/"), `which is inside /pagefind/, the folder of the search index, ${CASELESS}`);
    assert.equal(
      r.conflict("/News-Sitemap-7.xml/"),
      `which would be a page inside /news-sitemap-7.xml, a file the build may write (the Google News sitemap of edition "uk" or a part of it), ${CASELESS}`,
    );
    assert.equal(r.conflict("/Sitemaps/2025-03.xml"), `which is inside /sitemaps/, the folder of the sitemap's parts, one a month, ${CASELESS}`);
    assert.equal(r.conflict("/Eng/Old-Story/"), undefined);
  });
});

describe("aliasPlace: where an old URL's redirect goes (issue 18)", () => {
  it("keeps /old/ and /old.html where they are", () => {
    assert.deepEqual(aliasPlace("/eng/news/2025/03/27/old/"), {
      path: "/eng/news/2025/03/27/old/",
      page: "/eng/news/2025/03/27/old/",
      from: "/eng/news/2025/03/27/old/",
    });
    assert.deepEqual(aliasPlace("/news/story.HTM"), { path: "/news/story.HTM", page: "/news/story.HTM", from: "/news/story.HTM" });
  });

  it("puts the page of a slash-less URL in its folder, with a _redirects line for the exact path", () => {
    assert.deepEqual(aliasPlace("/find-help/988/partner-toolkit"), {
      path: "/find-help/988/partner-toolkit",
      page: "/find-help/988/partner-toolkit/",
      from: "/find-help/988/partner-toolkit",
    });
  });

  it("gives a server script's URL only its _redirects line (a static .php file would be downloaded)", () => {
    assert.deepEqual(aliasPlace("/index.php"), { path: "/index.php", from: "/index.php" });
    assert.deepEqual(aliasPlace("/News/Item.aspx"), { path: "/News/Item.aspx", from: "/News/Item.aspx" });
  });

  it("decodes percent-encoded URLs for the file on disk and encodes them again, one way, for _redirects", () => {
    assert.deepEqual(aliasPlace("/2016/sin%e2%80%8a-ready/"), {
      path: "/2016/sin\u200a-ready/",
      page: "/2016/sin\u200a-ready/",
      from: "/2016/sin%E2%80%8A-ready/",
    });
    assert.deepEqual(aliasPlace("/київ"), { path: "/київ", page: "/київ/", from: "/%D0%BA%D0%B8%D1%97%D0%B2" });
    assert.equal(aliasPlace("/%D0%BA%D0%B8%D1%97%D0%B2").page, aliasPlace("/київ").page, "one old URL however it is spelled");
  });
});
