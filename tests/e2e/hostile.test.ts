/** Script in every field an editor or a wire feed controls: the build escapes it everywhere (issue #9). */
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import sharp from "sharp";
import { scanOutput } from "../../src/pipeline/output-scan.ts";
import { HEADERS, htmlPages, pagesWithoutCsp } from "../helpers/csp.ts";
import { makeSite, read, run } from "../helpers/site.ts";

const P = `</script><script>alert(1)</script><img src=x onerror=alert(2)> & "quotes" 'single' {{ 7*7 }}`;
const Y = JSON.stringify(P); // as a YAML double-quoted string

const BODY = `Lead with ${P}.

<script>alert(3)</script>

<iframe src="https://evil.example/"></iframe>

[click](javascript:alert(4)) [data](data:text/html;base64,PHNjcmlwdD4=) <a href="javascript:alert(5)">raw link</a>

<div onmouseover="alert(6)">hover</div>
`;

describe("hostile content", () => {
  it("is escaped on every page and in every feed, and no script from content can run", async () => {
    const jpeg = await sharp({ create: { width: 1600, height: 900, channels: 3, background: "#777" } })
      .jpeg()
      .toBuffer();
    const dir = makeSite(
      {
        "content/articles/eng/2025/03/hostile.md": `---
title: ${Y}
date: 2025-03-27 13:15
authors: [evil]
tags: [${Y}, "<b>bold</b>"]
summary: ${Y}
aliases: [/eng/news/2025/03/27/old-hostile/, /old/hostile.html]
source:
  name: ${Y}
  url: "https://example.org/?q=\\"><script>alert(7)</script>"
  via: ${Y}
image:
  src: ./photo.jpg
  alt: ${Y}
  caption: ${Y}
  credit: ${Y}
background:
  - ${Y}
  - "[link](javascript:alert(8)) <script>alert(9)</script>"
---
${BODY}`,
        "content/articles/eng/2025/03/photo.jpg": jpeg,
        "content/authors/evil.yaml": `name: ${Y}\nbio: ${Y}\n`,
        // A static page: its title in every footer, its text through the same Markdown policy.
        "content/pages/eng/about.md": `---\ntitle: ${Y}\nsummary: ${Y}\n---\n${BODY}`,
      },
      { authors: {} },
    );
    const result = run(dir, "build");
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await scanOutput(path.join(dir, "_site")), []);
    // The policy, as written out in tests/helpers/csp.ts, on every page (the redirect pages at the old URLs too) and in _headers.
    const pages = htmlPages(path.join(dir, "_site"));
    assert.ok(pages.length > 10);
    assert.ok(pages.includes("eng/news/2025/03/27/old-hostile/index.html") && pages.includes("old/hostile.html"), pages.join("\n"));
    assert.deepEqual(pagesWithoutCsp(path.join(dir, "_site")), []);
    assert.equal(read(dir, "_site/_headers"), HEADERS);
    const page = read(dir, "_site/eng/news/2025/03/27/hostile/index.html");
    assert.ok(
      page.includes(
        // The typographer sets the headline's quotes as the edition writes them (src/content/markdown.ts); the rest is escaped.
        "<h1>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; &amp; “quotes” ‘single’ {{ 7*7 }}</h1>",
      ),
    );
    assert.ok(!page.includes("{{ 49 }}") && !page.includes(">49<"));
    assert.ok(pages.includes("eng/about/index.html"), pages.join("\n"));
  });

  it("refuses a source URL that is not http(s)", () => {
    const dir = makeSite({
      "content/articles/eng/a.md":
        "---\ntitle: T\ndate: 2025-03-27 13:15\nauthors: [ulyana-krychkovska]\ntags: [x]\nsource:\n  name: S\n  url: javascript:alert(1)\n---\nBody.\n",
    });
    const result = run(dir, "check");
    assert.equal(result.code, 1);
    assert.match(
      result.stderr,
      /^content\/articles\/eng\/a\.md:8 {2}source\.url: expected a web address starting with https:\/\/, received "javascript:alert\(1\)"$/m,
    );
  });
});
