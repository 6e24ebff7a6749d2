/** Links to an old URL, however spelled, are known as that URL (issue 18: links in articles to an alias). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { linkFragment, linkKey } from "../../src/model/alias-links.ts";
import { Urls } from "../../src/model/urls.ts";

describe("linkKey", () => {
  const urls = new Urls("https://example.org/");

  it("gives one key to every spelling of a site path", () => {
    for (const href of [
      "/find-help/988/partner-toolkit",
      "/find-help/988/partner-toolkit/",
      "https://example.org/find-help/988/partner-toolkit/",
      "http://example.org/find-help/988/partner-toolkit",
      "//example.org/find-help/988/partner-toolkit/#section",
    ])
      assert.equal(linkKey(href, urls), "/find-help/988/partner-toolkit", href);
    const encoded = "/2016/11/29/sin%e2%80%8a-%e2%80%8aready/";
    assert.equal(linkKey(encoded, urls), "/2016/11/29/sin\u200a-\u200aready");
    assert.equal(linkKey("/2016/11/29/sin%E2%80%8A-%E2%80%8Aready", urls), linkKey(encoded, urls));
    assert.equal(linkKey("/київ/", urls), linkKey("/%D0%BA%D0%B8%D1%97%D0%B2", urls));
    assert.equal(linkKey("/story.php", urls), "/story.php");
    assert.equal(linkKey("/", urls), "/");
  });

  it("knows no key for another origin, a relative link, a query or a broken escape", () => {
    for (const href of ["https://other.example/find-help/", "../x/", "x.html", "#top", "/story.php?id=7", "/bad%zz/", "mailto:a@example.org"])
      assert.equal(linkKey(href, urls), undefined, href);
  });

  it("reads a site under a sub-path: absolute links must be inside it, root-relative ones may be written with or without it", () => {
    const sub = new Urls("https://example.org/news-site/");
    assert.equal(linkKey("https://example.org/news-site/old/", sub), "/old");
    assert.equal(linkKey("https://example.org/old/", sub), undefined);
    assert.equal(linkKey("/news-site/old", sub), "/old");
    assert.equal(linkKey("/old", sub), "/old");
  });

  it("keeps a link's fragment", () => {
    assert.equal(linkFragment("/old/#details"), "#details");
    assert.equal(linkFragment("/old/"), "");
  });
});
