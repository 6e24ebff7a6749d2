/** Feeds and sitemaps on fixture sites: a sub-path base URL, split sitemaps, the news window at a fixed clock, and a hostile headline (issue #5). */
import assert from "node:assert/strict";
import path from "node:path";
import { describe, it } from "node:test";
import { parseFeed } from "@rowanmanning/feed-parser";
import { parse } from "node-html-parser";
import { scanOutput } from "../../src/pipeline/output-scan.ts";
import { article, DEFAULT_CONFIG, makeSite, read, run } from "../helpers/site.ts";
import { filesUnder, isSitemap, sitemapParts, WITH_XHTML, xmllint } from "../helpers/tools.ts";

// 2025-03-29T12:00:00Z = 14:00 in Kyiv.
const CLOCK = String(Date.UTC(2025, 2, 29, 12, 0) / 1000);
const BASE = "https://example.org/news-site/";

describe("feeds and sitemaps of a site under a sub-path, with small limits and a fixed clock", () => {
  const times = ["2025-03-29 15:00", "2025-03-29 14:00", "2025-03-29 09:00", "2025-03-28 10:00", "2025-03-27 14:00", "2025-03-20 10:00"];
  const dir = makeSite(
    Object.fromEntries(
      times.map((t, i) => [`content/articles/eng/a${i}.md`, article({ title: `Article ${i}`, date: t, tags: `[Ukraine, Tag ${i}]` })]),
    ),
    { config: { ...DEFAULT_CONFIG, baseUrl: BASE, sitemapSize: 10, newsSitemapSize: 2, feedSize: 3 } },
  );
  const site = path.join(dir, "_site");
  const built = run(dir, "build", { SOURCE_DATE_EPOCH: CLOCK });
  const out = (f: string) => read(site, f);

  it("builds", () => assert.equal(built.code, 0, built.stderr));

  it("makes the sitemap an index of valid monthly parts, a month over the limit in numbered parts, every URL under the sub-path", () => {
    const files = filesUnder(site).filter(isSitemap);
    const indexes = files.filter((f) => out(f).includes("<sitemapindex"));
    const urlsets = files.filter((f) => !indexes.includes(f));
    assert.deepEqual(indexes, ["eng/news-sitemap.xml", "sitemap.xml"]);
    assert.equal(
      xmllint(
        "siteindex.xsd",
        indexes.map((f) => path.join(site, f)),
      ),
      "",
    );
    assert.equal(
      xmllint(
        WITH_XHTML,
        urlsets.map((f) => path.join(site, f)),
      ),
      "",
    );
    // Every article is of March 2025; the pages that list nothing yet (the Ukrainian edition's) have a part of their own, last.
    const parts = sitemapParts(site, BASE);
    // The index lists every part written, and nothing else.
    assert.deepEqual(
      [...parts].sort(),
      urlsets.filter((f) => f.startsWith("sitemaps/")),
    );
    assert.deepEqual(parts, [...parts.filter((p) => p.startsWith("sitemaps/2025-03")), ...parts.filter((p) => p.startsWith("sitemaps/undated"))]);
    const march = parts.filter((p) => p.startsWith("sitemaps/2025-03"));
    assert.ok(march.length >= 3, parts.join(" "));
    assert.deepEqual(
      march,
      march.map((_, i) => `sitemaps/2025-03${i ? `-${i + 1}` : ""}.xml`),
    );
    const lastmods = (text: string) => [...text.matchAll(/<lastmod>([^<]+)<\/lastmod>/g)].map((m) => m[1] ?? "");
    const newest = (times: string[]) => times.reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
    // Each part's lastmod in the index is its newest page's; every page of a March part last changed in March (Kyiv time, as written).
    const indexed = [...out("sitemap.xml").matchAll(/<sitemap><loc>([^<]+)<\/loc>(?:<lastmod>([^<]+)<\/lastmod>)?<\/sitemap>/g)];
    assert.equal(indexed.length, parts.length);
    for (const [, loc, lastmod] of indexed) {
      const part = (loc as string).slice(BASE.length);
      const times = lastmods(out(part));
      if (part.startsWith("sitemaps/undated")) {
        assert.deepEqual([times, lastmod], [[], undefined], part);
        continue;
      }
      assert.equal(lastmod, newest(times), part);
      assert.ok(
        times.every((t) => t.startsWith("2025-03-")),
        part,
      );
    }
    const locs = parts.flatMap((f) => [...out(f).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1] ?? ""));
    assert.equal(new Set(locs).size, locs.length);
    assert.ok(locs.every((l) => l.startsWith(BASE)));
    assert.ok(locs.includes(`${BASE}eng/news/2025/03/29/a1/`) && locs.includes(`${BASE}eng/tags/tag-5/`));
    // a0 is still under embargo at the build clock: in no sitemap.
    assert.ok(!locs.includes(`${BASE}eng/news/2025/03/29/a0/`));
    assert.ok(parts.every((f) => [...out(f).matchAll(/<url>/g)].length <= 10));
    assert.ok(march.slice(0, -1).every((f) => [...out(f).matchAll(/<url>/g)].length === 10));
  });

  it("lists only the last 48 hours in the news sitemap, nothing from the future, at most the limit per file", () => {
    const news = [out("eng/news-sitemap-1.xml"), out("eng/news-sitemap-2.xml")];
    const listed = news.map((n) => [...n.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]));
    // a0 is an hour after the clock; a4 is exactly 48 hours before it; a5 is a week old.
    assert.deepEqual(listed, [[`${BASE}eng/news/2025/03/29/a1/`, `${BASE}eng/news/2025/03/29/a2/`], [`${BASE}eng/news/2025/03/28/a3/`]]);
    assert.ok(news[0]?.includes("<news:publication_date>2025-03-29T14:00:00+02:00</news:publication_date>"));
    assert.equal(out("robots.txt"), `User-agent: *\nAllow: /\n\nSitemap: ${BASE}sitemap.xml\nSitemap: ${BASE}eng/news-sitemap.xml\n`);
  });

  it("writes feeds of feedSize entries with absolute URLs under the sub-path, linked from every page", () => {
    const atom = parseFeed(out("eng/feed.xml"));
    assert.deepEqual(
      atom.items.map((i) => i.url),
      // a0 is still under embargo; a3 is from the day before.
      [`${BASE}eng/news/2025/03/29/a1/`, `${BASE}eng/news/2025/03/29/a2/`, `${BASE}eng/news/2025/03/28/a3/`],
    );
    assert.equal(atom.self, `${BASE}eng/feed.xml`);
    assert.equal(parseFeed(out("eng/rss.xml")).items.length, 3);
    assert.equal(JSON.parse(out("eng/feed.json")).items[0].url, `${BASE}eng/news/2025/03/29/a1/`);
    assert.equal(parseFeed(out("eng/tags/tag-5/feed.xml")).items[0]?.url, `${BASE}eng/news/2025/03/20/a5/`);
    const page = parse(out("eng/tags/ukraine/index.html"));
    assert.deepEqual(
      page.querySelectorAll('link[rel="alternate"]').map((l) => l.getAttribute("href")),
      ["/news-site/eng/feed.xml", "/news-site/eng/rss.xml", "/news-site/eng/feed.json", "/news-site/eng/tags/ukraine/feed.xml"],
    );
    assert.equal(page.querySelector('link[rel="canonical"]')?.getAttribute("href"), `${BASE}eng/tags/ukraine/`);
    assert.equal(page.querySelector('meta[property="og:url"]')?.getAttribute("content"), `${BASE}eng/tags/ukraine/`);
  });
});

const HOSTILE = `</script><script>alert(1)</script> & "quotes"`;
/** The headline and summary as published: the typographer sets English quotes (src/content/markdown.ts); tags stay as typed. */
const TYPESET = `</script><script>alert(1)</script> & “quotes”`;

describe("a hostile headline", () => {
  const dir = makeSite({
    "content/articles/eng/2025/03/hostile.md": article({
      title: JSON.stringify(HOSTILE),
      tags: `[${JSON.stringify(HOSTILE)}]`,
      summary: JSON.stringify(HOSTILE),
    }),
  });
  const site = path.join(dir, "_site");
  const built = run(dir, "build", { SOURCE_DATE_EPOCH: String(Date.UTC(2025, 2, 27, 12, 0) / 1000) });
  const out = (f: string) => read(site, f);
  const escaped = "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; “quotes”";
  const escapedTag = "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;";

  it("is escaped in the page text, attributes and JSON-LD", async () => {
    assert.equal(built.code, 0, built.stderr);
    const html = out("eng/news/2025/03/27/hostile/index.html");
    assert.ok(html.includes(`<h1>${escaped}</h1>`));
    assert.ok(html.includes(`<title>${escaped} | Ukrainska Pravda</title>`));
    assert.ok(html.includes(`<meta property="og:title" content="${escaped}">`));
    assert.ok(html.includes(`<meta property="article:tag" content="${escapedTag}">`));
    const script = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    assert.ok(!script.includes("<"), "no raw < inside the JSON-LD script");
    const graph = JSON.parse(script)["@graph"];
    assert.equal(graph[0].headline, TYPESET);
    assert.deepEqual(graph[0].keywords, [HOSTILE]);
    assert.equal(graph[1].itemListElement.at(-1).name, TYPESET);
    // The JSON-LD and the news-feed column's own script, nothing from the headline.
    assert.deepEqual(
      [...html.matchAll(/<script[^>]*>/g)].map((m) => m[0].replace(/ src="[^"]*"/, "")),
      ['<script type="application/ld+json">', '<script type="module">'],
    );
    assert.deepEqual(await scanOutput(site), []);
  });

  it("is escaped in every feed and in the sitemaps, and reads back as the same text", () => {
    for (const f of ["eng/feed.xml", "eng/rss.xml", "eng/tags/ukraine/feed.xml", "eng/authors/ulyana-krychkovska/feed.xml"].filter((f) =>
      filesUnder(site).includes(f),
    )) {
      const raw = out(f);
      assert.ok(!/<script/i.test(raw), f);
      const item = parseFeed(raw).items[0];
      assert.equal(item?.title, TYPESET, f);
      assert.equal(item?.description, TYPESET, f);
    }
    const tagFeed = filesUnder(site).find((f) => /^eng\/tags\/[^/]+\/feed\.xml$/.test(f)) as string;
    assert.deepEqual(
      parseFeed(out(tagFeed)).items[0]?.categories.map((c) => c.term),
      [HOSTILE],
    );
    const json = JSON.parse(out("eng/feed.json"));
    assert.deepEqual([json.items[0].title, json.items[0].summary, json.items[0].tags], [TYPESET, TYPESET, [HOSTILE]]);
    assert.ok(!out("eng/feed.json").includes("<"));
    const news = out("eng/news-sitemap.xml");
    assert.ok(news.includes(`<news:title>${escaped}</news:title>`));
    const parts = sitemapParts(site, "https://example.org/").map((f) => path.join(site, f));
    assert.equal(xmllint(WITH_XHTML, [path.join(site, "eng/news-sitemap.xml"), ...parts]), "");
    assert.equal(xmllint("siteindex.xsd", [path.join(site, "sitemap.xml")]), "");
  });
});
