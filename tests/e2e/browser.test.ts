/**
 * The sample site in real Chromium (issue #7): zero axe-core violations at WCAG 2.1 AA on
 * every page type in light and dark mode, search under the real CSP, and screenshots at
 * 390 and 1280 px written to test-results/screenshots/ for a person to look at.
 */
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { loadContent } from "../../src/model/load.ts";
import type { Article } from "../../src/schema/article.ts";
import { axeViolations, launchChromium, type StaticServer, serveStatic } from "../helpers/browser.ts";
import { PROJECT, run, tempDir } from "../helpers/site.ts";

const CLOCK = String(Date.UTC(2025, 3, 6, 6, 0) / 1000);
const SCREENSHOTS = path.join(PROJECT, "test-results/screenshots");
const WIDTHS = [390, 1280];
const SCHEMES = ["light", "dark"] as const;
const TIMEOUT = 60_000;

describe("the sample site in Chromium", { timeout: 600_000 }, () => {
  const output = path.join(tempDir("browser-"), "_site");
  let server: StaticServer;
  let browser: Browser;
  let articles: Article[] = [];
  const bySlug = (slug: string) => articles.find((a) => a.slug === slug)?.url.slice(1) ?? `missing ${slug}`;

  before(async () => {
    const result = run(PROJECT, "build", { SOURCE_DATE_EPOCH: CLOCK, NEWSROOM_PAGE_CACHE: "off" }, ["--output", output]);
    assert.equal(result.code, 0, result.stderr);
    articles = (await loadContent(PROJECT)).articles.filter((a) => !a.draft);
    server = await serveStatic(output);
    browser = await launchChromium();
    mkdirSync(SCREENSHOTS, { recursive: true });
    console.log(`screenshots: ${SCREENSHOTS}`);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Page type → path under the site (and, for search, what shows that it is ready). */
  const pages = (): [string, string][] => [
    ["home", "eng/"],
    ["home-uk", ""],
    ["home-ru", "rus/"],
    ["article-uk", bySlug("zustrich-koalitsii-v-paryzhi")],
    ["article-photo", bySlug("paris-coalition-meeting-starts")],
    ["article-no-photo", bySlug("black-sea-energy-agreements")],
    ["article-ru", bySlug("vstrecha-koalitsii-v-parizhe")],
    ["news-feed", "eng/news/"],
    ["news-feed-uk", "news/"],
    ["news-feed-ru", "rus/news/"],
    ["day-archive", "eng/news/2025/03/27/"],
    ["tag", "eng/tags/ukraine/"],
    ["tag-uk", "tags/frantsiia/"],
    ["tag-ru", "rus/tags/frantsiya/"],
    ["author", "eng/authors/ulyana-krychkovska/"],
    ["author-uk", "authors/ulyana-krychkovska/"],
    ["author-ru", "rus/authors/ulyana-krychkovska/"],
    ["month-archive", "eng/news/2025/03/"],
    ["month-archive-uk", "news/2025/03/"],
    ["month-archive-ru", "rus/news/2025/03/"],
    ["static-page", "eng/editorial-policy/"],
    ["static-page-uk", "about/"],
    ["static-page-ru", "rus/contacts/"],
    ["search", "eng/search/?q=Paris"],
    ["search-uk", "search/?q=Париж"],
    ["search-ru", "rus/search/?q=Париже"],
    ["not-found", "no-such-page/"],
    ["not-found-eng", "eng/404.html"],
    ["not-found-ru", "rus/404.html"],
  ];

  it("has no WCAG 2.1 AA violations on any page type, light and dark, and writes screenshots at 390 and 1280 px", async () => {
    const problems: string[] = [];
    for (const colorScheme of SCHEMES) {
      for (const width of WIDTHS) {
        const context = await browser.newContext({ colorScheme, viewport: { width, height: 900 } });
        const page = await context.newPage();
        page.setDefaultTimeout(TIMEOUT);
        for (const [name, sitePath] of pages()) {
          await page.goto(server.url + sitePath, { waitUntil: "load" });
          if (name.startsWith("search")) await page.locator("#search-results li").first().waitFor();
          for (const v of await axeViolations(page))
            problems.push(`${name} ${colorScheme} ${width}px: ${v.id} (${v.help}) at ${v.targets.join(", ")}`);
          await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}-${colorScheme}.png`), fullPage: true });
        }
        await context.close();
      }
    }
    assert.deepEqual(problems, []);
  });

  it("finds a sample article by a word from its body, newest first, and filters by tag", async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(`${server.url}eng/search/?q=Riyadh`);
    await page.locator("#search-results li").first().waitFor();
    const hrefs = await page.locator("#search-results h2 a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    assert.ok(hrefs.includes(`/${bySlug("riyadh-us-russia-talks")}`), hrefs.join(" "));
    const dates = hrefs.map((h) => articles.find((a) => `/${a.url.slice(1)}` === h)?.date.toMillis() ?? 0);
    assert.deepEqual(
      dates,
      [...dates].sort((a, b) => b - a),
      "newest first",
    );
    // A filter from the index: the tag select narrows the results to articles with that tag.
    await page.fill("#search-query", "Paris");
    await page.selectOption("#filter-tag", "France");
    await page.click(".search-form button[type=submit]");
    await page.waitForURL(/q=Paris&tag=France/);
    await page.waitForFunction(() => document.getElementById("search-status")?.textContent);
    assert.match((await page.textContent("#search-status")) ?? "", /^[1-9]\d* results? for “Paris”$/);
    const filtered = await page.locator("#search-results h2 a").evaluateAll((links) => links.map((a) => a.getAttribute("href")));
    for (const h of filtered) assert.ok(articles.find((a) => `/${a.url.slice(1)}` === h)?.tags.includes("France"), h ?? "");
    await page.close();
  });

  it("fills an article's news-feed column with the edition's latest headlines, and keeps its own day's without scripts", async () => {
    const paris = bySlug("paris-coalition-meeting-starts");
    const newest = articles.filter((a) => a.edition === "eng").sort((a, b) => b.date.toMillis() - a.date.toMillis())[0];
    const column = async (javaScriptEnabled: boolean) => {
      const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      page.setDefaultTimeout(TIMEOUT);
      await page.goto(server.url + paris, { waitUntil: "networkidle" });
      const days = await page.locator(".feed-column h3").allTextContents();
      const links = await page.locator(".feed-column .feed a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      const current = await page.locator('.feed-column a[aria-current="page"]').getAttribute("href");
      // Beside the article at 1280 px.
      const article = await page.locator("article.article").boundingBox();
      const aside = await page.locator(".feed-column").boundingBox();
      assert.ok(article && aside && aside.x >= article.x + article.width, JSON.stringify({ article, aside }));
      await context.close();
      return { days, links, current };
    };
    const withScripts = await column(true);
    assert.equal(withScripts.links[0], newest?.url);
    assert.equal(withScripts.days[0], "Saturday, 5 April 2025");
    assert.equal(withScripts.current, `/${paris}`);
    const without = await column(false);
    assert.deepEqual(without.days, ["Thursday, 27 March 2025"]);
    assert.ok(without.links.includes(`/${paris}`) && without.links.every((l) => l?.startsWith("/eng/news/2025/03/27/")), without.links.join(" "));
    assert.equal(without.current, `/${paris}`);
  });

  it("puts the feed after the lead on a phone, the menu behind a disclosure, and the footer at the bottom of a short page", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    await page.goto(`${server.url}eng/`);
    const box = async (selector: string) => (await page.locator(selector).boundingBox()) ?? assert.fail(`no ${selector}`);
    const [lead, feed, top] = [await box(".lead-story"), await box(".front .feed-column"), await box(".front-top")];
    assert.ok(lead.y + lead.height <= feed.y && feed.y + feed.height <= top.y, JSON.stringify({ lead, feed, top }));
    assert.equal(await page.locator(".site-header > .sections").isVisible(), false);
    assert.equal(await page.locator(".menu .sections a").first().isVisible(), false);
    await page.click(".menu summary");
    assert.equal(await page.locator(".menu .sections a").first().isVisible(), true);
    // On an article, the headline is on the first screen: the breadcrumb is one line.
    await page.goto(server.url + bySlug("paris-coalition-meeting-starts"));
    const h1 = await box("h1");
    assert.ok(h1.y + h1.height < 844, JSON.stringify(h1));
    assert.equal(await page.locator(".breadcrumbs li:visible").count(), 1);
    await page.setViewportSize({ width: 1280, height: 1400 });
    await page.goto(`${server.url}eng/no-such-page/`);
    const footer = await box(".site-footer");
    assert.equal(Math.round(footer.y + footer.height), 1400);
    await context.close();
  });

  it("serves the favicon set the pages name", async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}eng/`);
    const icons = await page
      .locator('link[rel="icon"], link[rel="apple-touch-icon"], link[rel="manifest"]')
      .evaluateAll((ls) => ls.map((l) => l.getAttribute("href")));
    assert.deepEqual(icons, ["/favicon.ico", "/favicon.svg", "/apple-touch-icon.png", "/site.webmanifest"]);
    for (const href of [...icons, "/icon-192.png", "/icon-512.png", "/favicon-32.png"]) {
      const response = await page.request.get(`${server.url}${href?.slice(1)}`);
      assert.equal(response.status(), 200, href ?? "");
    }
    await page.close();
  });

  it("indexes article pages only: one per published article and language, no archive, list or 404 page", () => {
    // Shards by month of an edition's newest year and by older year (src/pipeline/search-index.ts), each with its own entry file.
    const counts: Record<string, number> = {};
    for (const shard of readdirSync(path.join(output, "pagefind")).filter((f) => f !== "pagefind.js")) {
      const entry = JSON.parse(readFileSync(path.join(output, "pagefind", shard, "pagefind-entry.json"), "utf8")) as {
        languages: Record<string, { page_count: number }>;
      };
      for (const [lang, l] of Object.entries(entry.languages)) counts[lang] = (counts[lang] ?? 0) + l.page_count;
    }
    const expected: Record<string, number> = {};
    const lang: Record<string, string> = { uk: "uk", eng: "en", rus: "ru" };
    for (const a of articles) expected[lang[a.edition] as string] = (expected[lang[a.edition] as string] ?? 0) + 1;
    assert.deepEqual(counts, expected);
  });
});
