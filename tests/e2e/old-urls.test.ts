/**
 * Old URLs as they were (issue 18): aliases without a trailing slash, with a script's or a page's
 * file name, or percent-encoded are accepted, get their redirect page where a static file can
 * stand and their `_redirects` line, and are checked against every file the build writes as
 * the aliases of issue 17 are.
 */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { article, makeSite, read, run } from "../helpers/site.ts";

// 2025-03-27 11:15 UTC = 13:15 in Kyiv, the fixtures' publication time.
const CLOCK = { SOURCE_DATE_EPOCH: "1743074100", NEWSROOM_PAGE_CACHE: "off" };
const FILE = "content/articles/eng/2025/03";
const TARGET = "/eng/news/2025/03/27/paris-coalition-meeting-starts/";

describe("old URLs as they were", () => {
  it("builds a redirect page and a _redirects line for each form of old URL", () => {
    const dir = makeSite({
      [`${FILE}/paris-coalition-meeting-starts.md`]: article({
        aliases:
          '["/find-help/988/partner-toolkit", "/news/story.html", "/index.php", "/News/Item.aspx", "/2016/11/29/sin%e2%80%8a-%e2%80%8aready/", "/%D0%BA%D0%B8%D1%97%D0%B2", "/eng/news/2025/03/27/old-slug/"]',
      }),
    });
    const check = run(dir, "check", CLOCK);
    assert.equal(check.code, 0, check.stderr);
    const build = run(dir, "build", CLOCK);
    assert.equal(build.code, 0, build.stderr);
    const site = (file: string) => path.join(dir, "_site", file);
    for (const page of [
      "find-help/988/partner-toolkit/index.html",
      "news/story.html",
      "2016/11/29/sin\u200a-\u200aready/index.html",
      "київ/index.html",
      "eng/news/2025/03/27/old-slug/index.html",
    ]) {
      assert.match(read(dir, `_site/${page}`), new RegExp(`<meta http-equiv="refresh" content="0; url=${TARGET}">`), page);
    }
    // A static .php or .aspx file would be downloaded, not shown: those have only their _redirects line.
    assert.equal(existsSync(site("index.php")), false);
    assert.equal(existsSync(site("News/Item.aspx")), false);
    assert.equal(existsSync(site("find-help/988/partner-toolkit")) && !existsSync(site("find-help/988/partner-toolkit/index.html")), false);
    const lines = read(dir, "_site/_redirects").trim().split("\n");
    // The edition's not-found rule comes last: hosts take the first rule that matches.
    assert.equal(lines.at(-1), "/eng/* /eng/404.html 404");
    assert.deepEqual(lines.slice(0, -1).sort(), [
      `/%D0%BA%D0%B8%D1%97%D0%B2 ${TARGET} 301`,
      `/2016/11/29/sin%E2%80%8A-%E2%80%8Aready/ ${TARGET} 301`,
      `/News/Item.aspx ${TARGET} 301`,
      `/eng/news/2025/03/27/old-slug/ ${TARGET} 301`,
      `/find-help/988/partner-toolkit ${TARGET} 301`,
      `/index.php ${TARGET} 301`,
      `/news/story.html ${TARGET} 301`,
    ]);
  });

  it("checks them against every file the build writes: a slash-less page URL is that page, two spellings are one URL", () => {
    const dir = makeSite({
      [`${FILE}/one.md`]: article({ aliases: '["/eng/news", "/eng/feed.xml", "/київ/", "/eng/tags/ukraine"]' }),
      [`${FILE}/two.md`]: article({ title: "Two", aliases: '["/%D0%BA%D0%B8%D1%97%D0%B2"]' }),
      [`${FILE}/three.md`]: article({ title: "Three", aliases: '["/story.php?id=7"]' }),
    });
    const check = run(dir, "check", CLOCK);
    assert.equal(check.code, 1, check.stdout);
    const line = (file: string, i: number, alias: string, why: string) =>
      `${FILE}/${file}.md:6  aliases[${i}]: expected an old URL that no page uses, received "${alias}", ${why}`;
    assert.equal(
      check.stderr.trim(),
      [
        line("one", 0, "/eng/news", 'which is already used by the news feed of edition "eng"'),
        line("one", 1, "/eng/feed.xml", 'which would be a page inside /eng/feed.xml, a file the build writes (the Atom feed of edition "eng")'),
        line("one", 3, "/eng/tags/ukraine", 'which is already used by tag page "Ukraine" of edition "eng"'),
        `${FILE}/three.md:6  aliases[0]: expected an old URL of this article without a query or fragment (a static site cannot tell /story.php?id=1 from /story.php?id=2), received "/story.php?id=7"`,
        line("two", 0, "/%D0%BA%D0%B8%D1%97%D0%B2", `which is already used by an alias in ${FILE}/one.md`),
        "5 errors in 3 files; nothing was written.",
      ].join("\n"),
    );
  });
});
