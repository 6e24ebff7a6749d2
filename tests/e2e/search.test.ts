/**
 * Search on a fixture site served under a sub-path (`/news-site/`): results link under
 * it, drafts and embargoed articles are not in the index, and the preview's search page
 * says search is not available there.
 */
import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { build } from "../../src/build/build.ts";
import { launchChromium, type StaticServer, serveStatic } from "../helpers/browser.ts";
import { article, DEFAULT_CONFIG, makeSite, read, run } from "../helpers/site.ts";

// 2025-04-05 00:00 UTC: the "later" article is still under embargo.
const EPOCH = { SOURCE_DATE_EPOCH: "1743811200" };
const files = {
  "content/articles/eng/2025/03/zebras.md": article({ title: "Zebras cross the river", date: "2025-03-27 13:15" }, "Herds of zebrafinch gather.\n"),
  "content/articles/eng/2025/03/older.md": article({ title: "Older zebra news", date: "2025-03-20 09:00" }, "More zebrafinch.\n"),
  "content/articles/eng/2025/03/secret.md": article({ title: "Draft", date: "2025-03-28 08:30", draft: "true" }, "The aardwolf draft.\n"),
  "content/articles/eng/2025/04/later.md": article({ title: "Embargoed", date: "2025-04-10 09:00" }, "The okapi embargo.\n"),
};

describe("search under a sub-path", { timeout: 300_000 }, () => {
  let dir: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    dir = makeSite(files, { config: { ...DEFAULT_CONFIG, baseUrl: "https://example.org/news-site/" } });
    const result = run(dir, "build", EPOCH);
    assert.equal(result.code, 0, result.stderr);
    server = await serveStatic(path.join(dir, "_site"), "/news-site/");
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(60_000);
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Runs a query on the English search page; returns the status line and result links. */
  async function search(query: string): Promise<{ status: string; hrefs: string[] }> {
    await page.goto(`${server.url}eng/search/?q=${encodeURIComponent(query)}`);
    await page.waitForFunction(() => document.getElementById("search-status")?.textContent);
    const hrefs = await page.locator("#search-results h2 a").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    return { status: (await page.textContent("#search-status")) ?? "", hrefs };
  }

  it("links results under the sub-path, newest first", async () => {
    assert.deepEqual(await search("zebrafinch"), {
      status: "2 results for “zebrafinch”",
      hrefs: ["/news-site/eng/news/2025/03/27/zebras/", "/news-site/eng/news/2025/03/20/older/"],
    });
  });

  it("does not index drafts or embargoed articles", async () => {
    assert.deepEqual(await search("aardwolf"), { status: "0 results for “aardwolf”", hrefs: [] });
    assert.deepEqual(await search("okapi"), { status: "0 results for “okapi”", hrefs: [] });
  });

  it("loads the form's script and Pagefind from the sub-path", () => {
    const html = read(dir, "_site/eng/search/index.html");
    assert.match(html, /<script type="module" src="\/news-site\/assets\/search\.[0-9a-f]{10}\.js"><\/script>/);
    assert.match(
      html,
      /<form class="search-form" role="search" action="\/news-site\/eng\/search\/" method="get" data-bundle="\/news-site\/pagefind\/"/,
    );
  });

  it("says in the preview that search is not available there, and writes no index", async () => {
    const output = path.join(mkdtempSync(path.join(tmpdir(), "preview-")), "_site");
    await build(dir, output, { preview: true });
    assert.match(read(output, "eng/search/index.html"), /<p class="notice">Search is not available in the preview/);
    assert.equal(existsSync(path.join(output, "pagefind")), false);
  });
});
