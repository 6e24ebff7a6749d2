/** Builds the sample site and reads its three editions back: pages, feeds, UI text, dates and hreflang (issue #8). */
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { parse } from "node-html-parser";
import { loadContent } from "../../src/model/load.ts";
import type { Article } from "../../src/schema/article.ts";
import { PROJECT, run, tempDir } from "../helpers/site.ts";
import { filesUnder, sitemapText } from "../helpers/tools.ts";

// 2025-04-06T06:00:00Z, after every sample article.
const CLOCK = "1743919200";
const BASE = "https://example.org/";
const EDITIONS = [
  { id: "uk", lang: "uk", prefix: "/", name: "Українська правда" },
  { id: "eng", lang: "en", prefix: "/eng/", name: "Ukrainska Pravda" },
  { id: "rus", lang: "ru", prefix: "/rus/", name: "Украинская правда" },
];

/** `https://example.org/eng/` → `eng/index.html`. */
const fileOf = (href: string) => `${href.slice(BASE.length)}index.html`;

describe("the sample site's editions", () => {
  const output = path.join(tempDir("editions-"), "_site");
  let articles: Article[] = [];
  let pages: string[] = [];
  const read = (f: string) => readFileSync(path.join(output, f), "utf8");
  const page = (f: string) => parse(read(f));
  const articleFile = (edition: string, key: string) => {
    const a = articles.find((x) => x.edition === edition && x.translationKey === key);
    assert.ok(a, `${edition} ${key}`);
    return `${a.url.slice(1)}index.html`;
  };

  before(async () => {
    const result = run(PROJECT, "build", { SOURCE_DATE_EPOCH: CLOCK, NEWSROOM_PAGE_CACHE: "off" }, ["--output", output]);
    assert.equal(result.code, 0, result.stderr);
    articles = (await loadContent(PROJECT)).articles.filter((a) => !a.draft && a.date.toSeconds() <= Number(CLOCK));
    pages = filesUnder(output).filter((f) => f.endsWith(".html") && !read(f).includes('<meta http-equiv="refresh"'));
  });

  it("has at least 4 articles in each edition and at least 2 translated groups", () => {
    for (const e of EDITIONS) assert.ok(articles.filter((a) => a.edition === e.id).length >= 4, e.id);
    const groups = new Map<string, Set<string>>();
    for (const a of articles) if (a.translationKey) groups.set(a.translationKey, (groups.get(a.translationKey) ?? new Set()).add(a.edition));
    assert.ok([...groups.values()].filter((g) => g.size >= 2).length >= 2);
    assert.deepEqual(groups.get("paris-coalition-2025-03-27"), new Set(["eng", "uk", "rus"]));
  });

  it("builds home, news feed, tags and authors per edition, each listing only its own articles", () => {
    for (const e of EDITIONS) {
      for (const list of ["", "news/", "tags/", "authors/"]) {
        const f = `${e.prefix.slice(1)}${list}index.html`;
        assert.equal(page(f).querySelector("html")?.getAttribute("lang"), e.lang, f);
      }
      const mine = articles.filter((a) => a.edition === e.id).map((a) => a.url);
      const listed = page(`${e.prefix.slice(1)}news/index.html`)
        .querySelectorAll("main a")
        .map((l) => l.getAttribute("href") ?? "")
        .filter((h) => /\/news\/\d{4}\/\d\d\/\d\d\/[^/]+\/$/.test(h));
      assert.deepEqual(new Set(listed), new Set(mine), e.id);
      for (const a of articles.filter((x) => x.edition === e.id))
        for (const t of a.tags) assert.ok(page(`${a.url.slice(1)}index.html`).querySelector(`.tags a[href^="${e.prefix}tags/"]`), `${a.file}: ${t}`);
    }
    assert.ok(existsSync(path.join(output, "rus/tags/rossiya/index.html")) && existsSync(path.join(output, "eng/tags/russia/index.html")));
  });

  it("names and describes its authors in each edition's language: author pages, bylines, structured data, feeds", async () => {
    const { authors } = await loadContent(PROJECT);
    for (const e of EDITIONS) {
      const file = articleFile(e.id, "paris-coalition-2025-03-27");
      const article = articles.find((a) => `${a.url.slice(1)}index.html` === file);
      assert.ok(article);
      const names = article.authors.map((id) => authors.get(id)?.name[e.lang]);
      const doc = page(file);
      assert.deepEqual(
        doc.querySelectorAll(".byline a").map((a) => a.text),
        names,
        e.id,
      );
      const ld = doc.querySelectorAll('script[type="application/ld+json"]').map((s) => JSON.parse(s.text));
      const news = ld.flatMap((x) => x["@graph"] ?? [x]).find((x) => x["@type"] === "NewsArticle");
      assert.deepEqual(
        news.author.map((a: { name: string }) => a.name),
        names,
        e.id,
      );
      const id = article.authors[0] as string;
      const authorPage = page(`${e.prefix.slice(1)}authors/${id}/index.html`);
      assert.equal(authorPage.querySelector("h1")?.text, authors.get(id)?.name[e.lang]);
      assert.equal(authorPage.querySelector(".bio")?.text, authors.get(id)?.bio?.[e.lang]);
      assert.ok(read(`${e.prefix.slice(1)}feed.xml`).includes(`<name>${names[0]}</name>`), e.id);
    }
    // The sample writes every author in Cyrillic for uk and ru, and in Latin letters for en.
    assert.equal(page("authors/ulyana-krychkovska/index.html").querySelector("h1")?.text, "Уляна Кричковська");
    assert.equal(page("rus/authors/ulyana-krychkovska/index.html").querySelector("h1")?.text, "Ульяна Кричковская");
    assert.equal(page("eng/authors/ulyana-krychkovska/index.html").querySelector("h1")?.text, "Ulyana Krychkovska");
  });

  it("writes each edition's feeds in its language", () => {
    for (const e of EDITIONS) {
      const dir = e.prefix.slice(1);
      assert.match(read(`${dir}feed.xml`), new RegExp(`<feed [^>]*xml:lang="${e.lang}"`), e.id);
      assert.ok(read(`${dir}rss.xml`).includes(`<language>${e.lang}</language>`), e.id);
      assert.equal(JSON.parse(read(`${dir}feed.json`)).language, e.lang, e.id);
      const news = read(`${dir}news-sitemap.xml`);
      assert.ok(news.includes(`<news:name>${e.name}</news:name><news:language>${e.lang}</news:language>`), e.id);
    }
  });

  it("translates the article UI and writes datelines in the edition's language with the genitive month", () => {
    const expected = {
      uk: ["Джерело:", "Передісторія:", "Фото: ", "Четвер, 27 березня 2025, 13:15", "Стрічка новин"],
      eng: ["Source:", "Background:", "Photo: ", "Thursday, 27 March 2025, 13:15", "News feed"],
      rus: ["Источник:", "Предыстория:", "Фото: ", "Четверг, 27 марта 2025, 13:15", "Лента новостей"],
    };
    for (const [edition, [source, background, photo, dateline, feed]] of Object.entries(expected)) {
      const p = page(articleFile(edition, "paris-coalition-2025-03-27"));
      assert.equal(p.querySelector(".source .label")?.text, source, edition);
      assert.equal(p.querySelector(".background h2")?.text, background, edition);
      assert.ok(p.querySelector(".lead-photo .credit")?.text.startsWith(photo as string), edition);
      assert.equal(p.querySelector(".dateline")?.text, dateline, edition);
      assert.equal(p.querySelector(".site-footer .footer-group li a")?.text, feed, edition);
    }
  });

  it("shows 'Read in' links to the other published versions, with hreflang and lang", () => {
    const links = (f: string) => page(f).querySelectorAll(".read-in a");
    const uk = page(articleFile("uk", "paris-coalition-2025-03-27"));
    assert.equal(uk.querySelector(".read-in")?.text, "Читати: English / По-русски");
    assert.deepEqual(
      links(articleFile("eng", "paris-coalition-2025-03-27")).map((a) => [
        a.text,
        a.getAttribute("hreflang"),
        a.getAttribute("lang"),
        a.getAttribute("href"),
      ]),
      [
        ["Українською", "uk", "uk", `/${articleFile("uk", "paris-coalition-2025-03-27").replace(/index\.html$/, "")}`],
        ["По-русски", "ru", "ru", `/${articleFile("rus", "paris-coalition-2025-03-27").replace(/index\.html$/, "")}`],
      ],
    );
    assert.deepEqual(
      links(articleFile("rus", "trump-angry-putin-2025-03-31")).map((a) => a.text),
      ["English"],
    );
    const untranslated = articles.find((a) => !a.translationKey) as Article;
    assert.equal(page(`${untranslated.url.slice(1)}index.html`).querySelector(".read-in"), null);
  });

  it("links translations reciprocally with hreflang over the whole site, self included, absolute URLs", () => {
    const alternates = (f: string) =>
      page(f)
        .querySelectorAll('link[rel="alternate"][hreflang]')
        .map((l) => `${l.getAttribute("hreflang")} ${l.getAttribute("href")}`)
        .sort();
    let linked = 0;
    for (const f of pages) {
      const set = alternates(f);
      if (!set.length) continue;
      linked++;
      const self = page(f);
      const lang = self.querySelector("html")?.getAttribute("lang");
      assert.ok(set.includes(`${lang} ${self.querySelector('link[rel="canonical"]')?.getAttribute("href")}`), `${f}: self`);
      for (const entry of set) {
        const [hreflang, href] = entry.split(" ") as [string, string];
        assert.ok(href.startsWith(BASE), `${f}: ${href}`);
        assert.match(hreflang, /^(uk|en|ru|x-default)$/, f);
        const target = fileOf(href);
        assert.ok(pages.includes(target), `${f} → ${target}`);
        if (hreflang !== "x-default") assert.equal(page(target).querySelector("html")?.getAttribute("lang"), hreflang, target);
        assert.deepEqual(alternates(target), set, `${target} links back to ${f} with the same set`);
      }
    }
    // Three homes, seven translated articles (3 + 2 + 2) and four static pages in three editions.
    assert.equal(linked, 22);
    assert.deepEqual(alternates("index.html"), [
      "en https://example.org/eng/",
      "ru https://example.org/rus/",
      "uk https://example.org/",
      "x-default https://example.org/",
    ]);
  });

  it("lists the same alternates in the sitemap as in each page's head", () => {
    const sitemap = sitemapText(output, BASE);
    assert.ok(sitemap.includes('xmlns:xhtml="http://www.w3.org/1999/xhtml"'));
    let withLinks = 0;
    for (const [, loc, body] of sitemap.matchAll(/<url><loc>([^<]+)<\/loc>(.*?)<\/url>/g)) {
      const inSitemap = [...(body as string).matchAll(/<xhtml:link rel="alternate" hreflang="([^"]+)" href="([^"]+)"\/>/g)]
        .map((m) => `${m[1]} ${m[2]}`)
        .sort();
      const inHead = page(fileOf(loc as string))
        .querySelectorAll('link[rel="alternate"][hreflang]')
        .map((l) => `${l.getAttribute("hreflang")} ${l.getAttribute("href")}`)
        .sort();
      assert.deepEqual(inSitemap, inHead, loc);
      if (inSitemap.length) withLinks++;
    }
    assert.equal(withLinks, 22);
  });
});
