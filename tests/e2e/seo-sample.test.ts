/** Builds the sample site with a fixed clock and checks its feeds, sitemaps, pages and structured data with real tools (issue #5). */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { parseFeed } from "@rowanmanning/feed-parser";
import { parse } from "node-html-parser";
import { isoWithOffset } from "../../src/dates.ts";
import { lastModified, loadContent } from "../../src/model/load.ts";
import type { Article } from "../../src/schema/article.ts";
import { PROJECT, run, tempDir } from "../helpers/site.ts";
import { filesUnder, isSitemap, isXmlFeed, sitemapParts, sitemapText, vnuErrors, WITH_XHTML, wellFormed, xmllint } from "../helpers/tools.ts";

// 2025-04-06T06:00:00Z, 09:00 in Kyiv: the news window reaches back to 4 April, 09:00.
const CLOCK = String(Date.UTC(2025, 3, 6, 6, 0) / 1000);
const BASE = "https://example.org/";
const LANG: Record<string, string> = { uk: "uk", eng: "en", rus: "ru" };
const PREFIX: Record<string, string> = { uk: "/", eng: "/eng/", rus: "/rus/" };

type Node = Record<string, unknown> & { "@type": string };

/** A page left at an old URL: a meta refresh to the article's new one. */
const isRedirectHtml = (text: string) => text.includes('<meta http-equiv="refresh"');

describe("the sample site for search engines and feed readers", () => {
  const output = path.join(tempDir("seo-"), "_site");
  let articles: Article[] = [];
  let authors: Map<string, { url?: string }> = new Map();
  let files: string[] = [];
  const read = (f: string) => readFileSync(path.join(output, f), "utf8");
  const isRedirect = (f: string) => isRedirectHtml(read(f));
  const abs = (f: string) => path.join(output, f);

  before(async () => {
    const result = run(PROJECT, "build", { SOURCE_DATE_EPOCH: CLOCK, NEWSROOM_PAGE_CACHE: "off" }, ["--output", output]);
    assert.equal(result.code, 0, result.stderr);
    const content = await loadContent(PROJECT);
    articles = content.articles.filter((a) => !a.draft);
    authors = content.authors;
    files = filesUnder(output);
  });

  it("validates every sitemap against the sitemaps.org and Google News XSDs", () => {
    const sitemaps = files.filter(isSitemap);
    const index = sitemaps.filter((f) => read(f).includes("<sitemapindex"));
    const urlsets = sitemaps.filter((f) => !index.includes(f));
    // sitemap.xml is the index of the monthly parts it names, each written, and none else.
    assert.ok(index.includes("sitemap.xml") && urlsets.includes("news-sitemap.xml"), sitemaps.join(" "));
    const parts = sitemapParts(output, BASE);
    assert.ok(parts.length > 1, parts.join(" "));
    assert.deepEqual(
      [...parts].sort(),
      urlsets.filter((f) => f.startsWith("sitemaps/")),
    );
    assert.ok(
      parts.every((f) => /^sitemaps\/(\d{4}-\d\d|undated)\.xml$/.test(f)),
      parts.join(" "),
    );
    // The news sitemaps against the shared schema as is; the parts carry hreflang `xhtml:link`s too.
    assert.equal(xmllint("sitemap-with-news.xsd", urlsets.filter((f) => f.includes("news-")).map(abs)), "");
    assert.equal(xmllint(WITH_XHTML, urlsets.map(abs)), "");
    assert.equal(xmllint("siteindex.xsd", index.map(abs)), "");
    // Redirect pages left at old URLs (aliases) are not pages of their own, search pages list no content: noindex, not in the sitemap.
    const noindex = (f: string) => read(f).includes('<meta name="robots" content="noindex">');
    const html = files.filter((f) => f.endsWith(".html"));
    // Not-found pages (the site's and each prefixed edition's) are served with status 404, never listed.
    const pages = html.filter((f) => !/(^|\/)404\.html$/.test(f) && !noindex(f));
    assert.ok(html.filter(noindex).includes("eng/search/index.html"));
    const sitemap = sitemapText(output, BASE);
    const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    assert.deepEqual([...locs].sort(), pages.map((p) => BASE + p.replace(/index\.html$/, "")).sort());
    const paris = articles.find((a) => a.slug === "paris-coalition-meeting-starts") as Article;
    const lastmod = isoWithOffset(lastModified(paris));
    assert.ok(read(`sitemaps/${lastmod.slice(0, 7)}.xml`).includes(`<loc>${BASE}${paris.url.slice(1)}</loc><lastmod>${lastmod}</lastmod>`));
  });

  it("lists the last two days in each edition's news sitemap with the exact publication name and language", () => {
    const config = { uk: "Українська правда", eng: "Ukrainska Pravda", rus: "Украинская правда" } as Record<string, string>;
    const robots = read("robots.txt");
    for (const [edition, prefix] of Object.entries(PREFIX)) {
      const inWindow = articles.filter((a) => a.edition === edition && a.date.toMillis() > Number(CLOCK) * 1000 - 48 * 3600_000);
      assert.ok(inWindow.length > 0, edition);
      const news = read(`${prefix.slice(1)}news-sitemap.xml`);
      assert.equal([...news.matchAll(/<news:news>/g)].length, inWindow.length, edition);
      for (const a of inWindow) {
        assert.ok(news.includes(`<loc>${BASE}${a.url.slice(1)}</loc>`), a.file);
        assert.ok(news.includes(`<news:publication_date>${isoWithOffset(a.date)}</news:publication_date>`), a.file);
      }
      assert.ok(news.includes(`<news:name>${config[edition]}</news:name><news:language>${LANG[edition]}</news:language>`), edition);
      assert.ok(robots.includes(`Sitemap: ${BASE}${prefix.slice(1)}news-sitemap.xml\n`), edition);
    }
    assert.ok(robots.includes(`Sitemap: ${BASE}sitemap.xml\n`));
  });

  it("parses every Atom and RSS feed with a feed parser, with stable ids, authors, tags, dates and absolute content", () => {
    const feeds = files.filter(isXmlFeed);
    assert.equal(wellFormed(feeds.map(abs)), "");
    const byUrl = new Map(articles.map((a) => [BASE + a.url.slice(1), a]));
    for (const f of feeds) {
      const feed = parseFeed(read(f));
      assert.ok(feed.items.length > 0, f);
      assert.ok(feed.items.length <= 50, f);
      for (const item of feed.items) {
        const a = byUrl.get(item.url ?? "");
        assert.ok(a, `${f}: ${item.url}`);
        assert.equal(item.id, `tag:example.org,${a.date.toISODate()}:${a.edition}/${a.slug}`, f);
        assert.equal(item.title, a.title, f);
        assert.equal(item.published?.getTime(), a.date.toMillis(), f);
        assert.deepEqual(
          item.categories.map((c) => c.term),
          a.tags,
          f,
        );
        assert.equal(item.authors.length, a.authors.length, f);
        assert.ok(item.content && !/\s(src|href)="\//.test(item.content), f);
        if (a.image) assert.ok(item.media.some((m) => m.url?.startsWith(BASE)) || item.image?.url?.startsWith(BASE), f);
      }
      if (f.endsWith("feed.xml")) {
        const raw = read(f);
        for (const a of feed.items.map((i) => byUrl.get(i.url ?? "") as Article)) {
          assert.ok(raw.includes(`<updated>${isoWithOffset(lastModified(a))}</updated>`), f);
          assert.ok(raw.includes(`<published>${isoWithOffset(a.date)}</published>`), f);
        }
      }
    }
    assert.ok(feeds.includes("eng/tags/ukraine/feed.xml") && feeds.includes("eng/authors/ulyana-krychkovska/feed.xml"));
  });

  it("writes a JSON Feed 1.1 per edition", () => {
    for (const [edition, prefix] of Object.entries(PREFIX)) {
      const feed = JSON.parse(read(`${prefix.slice(1)}feed.json`));
      const mine = articles.filter((a) => a.edition === edition);
      assert.equal(feed.version, "https://jsonfeed.org/version/1.1");
      assert.equal(feed.language, LANG[edition]);
      assert.equal(feed.feed_url, `${BASE}${prefix.slice(1)}feed.json`);
      assert.equal(feed.items.length, Math.min(50, mine.length));
      for (const item of feed.items) {
        const a = mine.find((x) => BASE + x.url.slice(1) === item.url) as Article;
        assert.ok(a, item.url);
        assert.deepEqual(
          [item.title, item.date_published, item.date_modified, item.tags],
          [a.title, isoWithOffset(a.date), isoWithOffset(lastModified(a)), a.tags],
        );
        assert.equal(item.authors.length, a.authors.length);
      }
    }
  });

  it("passes the W3C HTML checker with zero errors on every page", () => {
    assert.deepEqual(vnuErrors(output), []);
  });

  it("carries NewsArticle and BreadcrumbList JSON-LD and Open Graph on every article page, agreeing with the visible page", () => {
    const bodyPhotoOnly: string[] = [];
    for (const a of articles) {
      const page = parse(read(`${a.url.slice(1)}index.html`));
      const url = BASE + a.url.slice(1);
      const scripts = page.querySelectorAll('script[type="application/ld+json"]');
      assert.equal(scripts.length, 1, a.file);
      const graph = (JSON.parse(scripts[0]?.textContent ?? "") as { "@graph": Node[] })["@graph"];
      const ld = graph.find((n) => n["@type"] === "NewsArticle") as Node;
      const meta = (p: string) => page.querySelectorAll(`meta[property="${p}"]`).map((m) => m.getAttribute("content"));
      const visibleTime = page.querySelector(".dateline time")?.getAttribute("datetime");
      assert.equal(ld.headline, a.title, a.file);
      assert.equal(ld.description, a.description, a.file);
      assert.equal(ld.datePublished, visibleTime, a.file);
      assert.equal(ld.dateModified, isoWithOffset(lastModified(a)), a.file);
      assert.equal(ld.dateline, page.querySelector(".dateline")?.text, a.file);
      assert.deepEqual(
        ld.author,
        page.querySelectorAll(".byline a").map((l, i) => {
          // An author with a site of their own has it as `sameAs`.
          const own = authors.get(a.authors[i] as string)?.url;
          return { "@type": "Person", name: l.text, url: `https://example.org${l.getAttribute("href")}`, ...(own ? { sameAs: own } : {}) };
        }),
        a.file,
      );
      const publisher = ld.publisher as Node & { logo: { url: string; width: number; height: number } };
      assert.equal(publisher["@type"], "NewsMediaOrganization");
      assert.deepEqual([publisher.logo.url, publisher.logo.width, publisher.logo.height], [`${BASE}assets/logo.png`, 600, 60]);
      assert.deepEqual(ld.keywords, a.tags, a.file);
      assert.equal(typeof ld.articleSection, "string");
      assert.equal(ld.inLanguage, LANG[a.edition]);
      assert.deepEqual(ld.mainEntityOfPage, { "@type": "WebPage", "@id": url });
      const bodyPhotos = page.querySelectorAll(".article-body img");
      assert.equal(Boolean(ld.image), Boolean(a.image) || bodyPhotos.length > 0, a.file);
      if (!a.image && bodyPhotos.length) {
        // No lead photo: the body's photos, each the largest JPEG its page shows, big enough for Google (REFERENCE.md §5).
        const images = ld.image as { url: string; contentUrl: string; width: number; height: number }[];
        assert.deepEqual(
          images.map((i) => i.url),
          bodyPhotos.map((img) => `https://example.org${img.getAttribute("src")}`),
          a.file,
        );
        assert.ok(
          images.every((i) => i.contentUrl === i.url && i.width * i.height >= 50_000 && i.url.endsWith(".jpg")),
          a.file,
        );
        bodyPhotoOnly.push(a.url);
      }
      if (a.image) {
        // The 16:9, 4:3 and 1:1 crops, each big enough for Google (REFERENCE.md §5).
        const crops = ld.image as { url: string; width: number; height: number; creditText: string }[];
        assert.deepEqual(
          crops.map((c) => [c.width, c.height]),
          [
            [1200, 675],
            [1200, 900],
            [1200, 1200],
          ],
          a.file,
        );
        assert.ok(crops.every((c) => c.url.startsWith("https://example.org/images/") && c.creditText === a.image?.credit));
      }
      // Every article shares well: the photo's 1200×630 crop, or a generated card.
      assert.deepEqual([meta("og:image:width")[0], meta("og:image:height")[0]], ["1200", "630"], a.file);
      const crumbs = graph.find((n) => n["@type"] === "BreadcrumbList") as unknown as { itemListElement: { item: string }[] };
      assert.equal(crumbs.itemListElement.at(-1)?.item, url);
      assert.equal(page.querySelector('link[rel="canonical"]')?.getAttribute("href"), url);
      assert.deepEqual(
        [meta("og:url"), meta("og:type"), meta("article:published_time"), meta("article:modified_time")],
        [[url], ["article"], [visibleTime], [ld.dateModified]],
      );
      assert.deepEqual(meta("article:tag"), a.tags);
      assert.equal(meta("article:author").length, a.authors.length);
      assert.equal(page.querySelector('meta[name="robots"]')?.getAttribute("content"), "max-image-preview:large");
      assert.equal(page.querySelector('meta[name="twitter:card"]')?.getAttribute("content"), "summary_large_image"); // a photo crop or a generated card
    }
    assert.ok(bodyPhotoOnly.includes("/eng/news/2025/04/03/us-tariffs-spare-russia/"), bodyPhotoOnly.join(", "));
  });

  it("gives every page a canonical URL, social meta and its edition's feeds; home pages the WebSite and organization", () => {
    for (const f of files.filter((x) => x.endsWith(".html") && !isRedirect(x))) {
      const page = parse(read(f));
      const lang = page.querySelector("html")?.getAttribute("lang");
      const prefix = Object.entries(PREFIX).find(([e]) => LANG[e] === lang)?.[1] ?? "/";
      assert.match(page.querySelector('link[rel="canonical"]')?.getAttribute("href") ?? "", /^https:\/\/example\.org\//, f);
      assert.ok(page.querySelector('meta[property="og:title"]') && page.querySelector('meta[property="og:description"]'), f);
      const feeds = page.querySelectorAll('link[rel="alternate"]').map((l) => l.getAttribute("href"));
      for (const feed of ["feed.xml", "rss.xml", "feed.json"]) assert.ok(feeds.includes(`${prefix}${feed}`), `${f}: ${feed}`);
      if (/^(eng\/|rus\/)?(tags|authors)\/[^/]+\/index\.html$/.test(f)) assert.ok(feeds.includes(`/${f.replace(/index\.html$/, "feed.xml")}`), f);
    }
    for (const prefix of Object.values(PREFIX)) {
      const page = parse(read(`${prefix.slice(1)}index.html`));
      const graph = JSON.parse(page.querySelector('script[type="application/ld+json"]')?.textContent ?? "")["@graph"] as Node[];
      assert.deepEqual(
        graph.map((n) => n["@type"]),
        ["WebSite", "NewsMediaOrganization"],
      );
    }
  });
});
