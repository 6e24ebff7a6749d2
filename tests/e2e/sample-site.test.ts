/** Builds the real sample site and reads every article page back. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { parse } from "node-html-parser";
import { loadContent } from "../../src/model/load.ts";
import type { Article } from "../../src/schema/article.ts";
import { HEADERS, htmlPages, pagesWithoutCsp } from "../helpers/csp.ts";
import { buildSample, PROJECT, tempDir } from "../helpers/site.ts";

describe("the sample site", () => {
  const output = path.join(tempDir("sample-"), "_site");
  let articles: Article[] = [];

  before(async () => {
    const result = buildSample(output);
    assert.equal(result.code, 0, result.stderr);
    articles = (await loadContent(PROJECT)).articles.filter((a) => !a.draft);
  });

  it("has the content the issue asks for", () => {
    assert.ok(articles.length >= 12);
    assert.ok(articles.some((a) => a.authors.length === 2));
    assert.ok(articles.some((a) => a.edition === "uk" && /[А-Яа-яІіЇїЄє]/.test(a.title)));
    assert.ok(
      articles.some((a) => a.date.offset === 180),
      "one after the March clock change",
    );
    assert.ok(articles.some((a) => a.image) && articles.some((a) => a.source?.url) && articles.some((a) => a.updated));
  });

  it("renders every article page with headline, byline, dateline, source, body, background and tags", () => {
    for (const a of articles) {
      const page = parse(readFileSync(path.join(output, a.url, "index.html"), "utf8"));
      const where = a.file;
      assert.equal(page.querySelectorAll("h1").length, 1, where);
      assert.equal(page.querySelector("h1")?.text, a.title, where);
      assert.equal(page.querySelector("html")?.getAttribute("lang"), { uk: "uk", eng: "en", rus: "ru" }[a.edition], where);
      assert.deepEqual(
        page.querySelectorAll(".byline a").map((l) => l.getAttribute("href")),
        a.authors.map((id) => `${a.url.slice(0, a.url.indexOf("news/"))}authors/${id}/`),
        where,
      );
      const time = page.querySelector(".dateline time");
      assert.equal(time?.getAttribute("datetime"), a.date.toISO({ suppressMilliseconds: true }), where);
      assert.equal(page.querySelectorAll(".tags a").length, a.tags.length, where);
      assert.equal(Boolean(page.querySelector(".source")), Boolean(a.source), where);
      if (a.source?.url) assert.equal(page.querySelector(".source a")?.getAttribute("href"), a.source.url, where);
      assert.equal(page.querySelectorAll(".background li").length, a.background?.length ?? 0, where);
      assert.equal(Boolean(page.querySelector(".updated time")), Boolean(a.updated), where);
      if (a.image) {
        const img = page.querySelector(".lead-photo img");
        assert.equal(img?.getAttribute("alt"), a.image.alt, where);
        assert.match(page.querySelector(".lead-photo figcaption")?.text ?? "", new RegExp(`${a.image.credit}$`), where);
      }
    }
  });

  it("leads each home page with the editors' choice, sets important headlines in bold and gives each article its section and share links", () => {
    const html = (file: string) => parse(readFileSync(path.join(output, file), "utf8"));
    const byFile = (file: string) => articles.find((a) => a.file === file) ?? assert.fail(file);
    const kryvyiRih = byFile("content/articles/eng/2025/04/kryvyi-rih-missile-strike-toll.md");
    const rubio = byFile("content/articles/eng/2025/04/nato-ministers-rubio-russia-weeks.md");
    const home = html("eng/index.html");
    assert.equal(home.querySelector(".lead-story h2 a")?.getAttribute("href"), kryvyiRih.url);
    assert.equal(home.querySelector(".front-top h3 a")?.getAttribute("href"), rubio.url);
    // Bold in the home page's column, in the news feed and in the latest headlines the article pages load.
    assert.equal(home.querySelector(`.feed-column a[href="${kryvyiRih.url}"] strong`)?.text, kryvyiRih.title);
    assert.equal(html("eng/news/index.html").querySelector(`.feed a[href="${kryvyiRih.url}"] strong`)?.text, kryvyiRih.title);
    assert.equal(html("eng/news/index.html").querySelector(`.feed a[href="${rubio.url}"] strong`), null);
    const latest = JSON.parse(readFileSync(path.join(output, "eng/news/latest.json"), "utf8")) as {
      days: { items: { url: string; important?: boolean }[] }[];
    };
    const items = latest.days.flatMap((d) => d.items);
    assert.deepEqual(
      items.filter((i) => i.important).map((i) => i.url),
      articles
        .filter((a) => a.edition === "eng" && a.important)
        .sort((a, b) => b.date.toMillis() - a.date.toMillis())
        .map((a) => a.url),
    );
    assert.equal(items.length, articles.filter((a) => a.edition === "eng").length);
    const page = html(`${rubio.url.slice(1)}index.html`);
    assert.equal(page.querySelector(".kicker a")?.getAttribute("href"), `/eng/sections/${rubio.section}/`);
    const canonical = encodeURIComponent(`https://example.org${rubio.url}`);
    assert.deepEqual(
      page.querySelectorAll(".share a").map((a) => a.getAttribute("href")),
      [
        `https://www.facebook.com/sharer/sharer.php?u=${canonical}`,
        `https://x.com/intent/tweet?url=${canonical}&text=${encodeURIComponent(rubio.title)}`,
        `https://t.me/share/url?url=${canonical}&text=${encodeURIComponent(rubio.title)}`,
        `mailto:?subject=${encodeURIComponent(rubio.title)}&body=${canonical}`,
      ],
    );
  });

  it("carries the Content-Security-Policy on every page, the redirect pages at old URLs too, and in _headers", () => {
    const pages = htmlPages(output);
    const redirects = pages.filter((f) => readFileSync(path.join(output, f), "utf8").includes('<meta http-equiv="refresh"'));
    assert.ok(redirects.length > 0, "the sample has redirect pages");
    assert.deepEqual(pagesWithoutCsp(output), []);
    assert.equal(readFileSync(path.join(output, "_headers"), "utf8"), HEADERS);
  });

  it("shows the seed's dateline and source line", () => {
    const paris = articles.find((a) => a.url === "/eng/news/2025/03/27/paris-coalition-meeting-starts/");
    assert.ok(paris);
    const page = parse(readFileSync(path.join(output, paris.url, "index.html"), "utf8"));
    assert.equal(page.querySelector(".dateline")?.text, "Thursday, 27 March 2025, 13:15");
    assert.match(page.querySelector(".source")?.text ?? "", /^Source: European Pravda with reference to /);
    assert.equal(page.querySelector(".background h2")?.text, "Background:");
  });
});
