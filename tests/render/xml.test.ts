import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { rfc822 } from "../../src/dates.ts";
import { absolutizeUrls } from "../../src/render/absolute-urls.ts";
import { escapeXml, xml } from "../../src/render/xml.ts";
import { memArticle } from "../helpers/articles.ts";

describe("escapeXml", () => {
  it("escapes markup characters in text and attributes and drops characters XML 1.0 forbids", () => {
    assert.equal(escapeXml(`</script> & "q" 'a'\u0000\u0008\u000b\ttab\n`), "&lt;/script&gt; &amp; &quot;q&quot; &apos;a&apos;\ttab\n");
    assert.equal(xml`<a t="${'"><x>'}">${"<b>"}</a>`.value, '<a t="&quot;&gt;&lt;x&gt;">&lt;b&gt;</a>');
  });
});

describe("absolutizeUrls", () => {
  it("makes relative href and src absolute against the page URL and leaves other schemes alone", () => {
    const base = "https://example.org/news-site/eng/news/2025/03/27/a/";
    assert.equal(
      absolutizeUrls(
        '<a href="../b/">b</a> <a href="/news-site/x?a=1&amp;b=2">x</a> <img src="p.jpg" alt="p"> <a href="mailto:a@b.c">m</a> <a href="#n">n</a>',
        base,
      ),
      '<a href="https://example.org/news-site/eng/news/2025/03/27/b/">b</a> <a href="https://example.org/news-site/x?a=1&amp;b=2">x</a> <img src="https://example.org/news-site/eng/news/2025/03/27/a/p.jpg" alt="p"> <a href="mailto:a@b.c">m</a> <a href="https://example.org/news-site/eng/news/2025/03/27/a/#n">n</a>',
    );
  });
});

describe("rfc822", () => {
  it("gives RSS dates with the newsroom offset, winter and summer", () => {
    assert.equal(rfc822(memArticle("a", "2025-03-27 13:15").date), "Thu, 27 Mar 2025 13:15:00 +0200");
    assert.equal(rfc822(memArticle("a", "2025-04-05 10:15").date), "Sat, 05 Apr 2025 10:15:00 +0300");
  });
});
