import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { findBrokenLinks, internalLinks, resolveRelative, targetFile } from "../../src/pipeline/link-check.ts";

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "links-"));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe("link check", () => {
  it("reports every internal link without a file, with its page, and ignores external links and fragments", async () => {
    const dir = folder({
      "index.html": `<a href="/eng/">ok</a> <a href="/missing/">x</a> <a href='/eng/photo.jpg#top'>ok</a> <a href="https://example.org/nope/">ext</a> <a href="//cdn.example/x">ext</a> <a href="#main">frag</a>`,
      "eng/index.html": `<img src="/eng/photo.jpg" srcset="/eng/photo.jpg 1x, /eng/photo-2x.jpg 2x"> <link href="/assets/site.css">`,
      "eng/photo.jpg": "jpg",
      "assets/site.css": "",
    });
    assert.deepEqual(await findBrokenLinks(dir), [
      { page: "eng/index.html", href: "/eng/photo-2x.jpg" },
      { page: "index.html", href: "/missing/" },
    ]);
  });

  it("maps /x/ to x/index.html, decodes percent-escapes and entities, and requires the base sub-path", () => {
    assert.equal(targetFile("/eng/news/"), "eng/news/index.html");
    assert.equal(targetFile("/"), "index.html");
    assert.equal(targetFile("/404.html?x=1"), "404.html");
    assert.equal(targetFile("/site/%D0%BA/", "/site/"), "к/index.html");
    assert.equal(targetFile("/other/", "/site/"), undefined);
    assert.deepEqual(internalLinks(`<a href="/a/?x=1&amp;y=2">`), ["/a/?x=1&y=2"]);
  });

  it("finds nothing broken in a folder whose links all resolve", async () => {
    assert.deepEqual(await findBrokenLinks(folder({ "index.html": `<a href="/">home</a>`, "a/index.html": `<a href="/a/">self</a>` })), []);
  });

  it("resolves relative links against the page's URL, as a browser does, and reports the broken ones with where they lead", async () => {
    const dir = folder({
      "eng/news/a/index.html": `<a href="../b/">ok</a> <a href="../does-not-exist/">x</a> <a href="nope.html">x</a> <img src="./photo.jpg"> <a href="?page=2">self</a> <a href="mailto:a@b.c">mail</a> <a href="tel:+380">tel</a>`,
      "eng/news/a/photo.jpg": "jpg",
      "eng/news/b/index.html": `<a href="../../../eng/news/a/#top">ok</a> <a href="../../../../../x/">x</a>`,
    });
    assert.deepEqual(await findBrokenLinks(dir), [
      { page: "eng/news/a/index.html", href: "../does-not-exist/", resolved: "/eng/news/does-not-exist/" },
      { page: "eng/news/a/index.html", href: "nope.html", resolved: "/eng/news/a/nope.html" },
      { page: "eng/news/b/index.html", href: "../../../../../x/", resolved: "/x/" },
    ]);
  });

  it("resolves relative links under the base sub-path, and keeps them as written in a page's link list", () => {
    assert.equal(resolveRelative("../x/", "eng/a/index.html", "/site/"), "/site/eng/x/");
    assert.equal(resolveRelative("../../../x/", "eng/a/index.html", "/site/"), "/x/");
    assert.equal(targetFile("/x/", "/site/"), undefined);
    assert.deepEqual(internalLinks(`<a href="../x/">a</a> <a href="#f">b</a> <a href="https://e.org/">c</a> <img srcset="a.jpg 1x, /b.jpg 2x">`), [
      "../x/",
      "a.jpg",
      "/b.jpg",
    ]);
  });
});
