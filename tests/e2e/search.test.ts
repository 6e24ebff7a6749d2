/**
 * Search on fixture sites served under a sub-path (`/news-site/`): results link under
 * it, drafts and embargoed articles are not in the index, and the preview's search page
 * says search is not available there. The second fixture spans three years, so its English
 * index is in six shards (src/pipeline/search-index.ts): the newest day (27 March 2025), an
 * earlier day of March (the 10th), then one per earlier month of 2025, then 2024 and 2023. Results, filters, counts, newest first and "More results" must not show
 * the seams, under the site's CSP, and must be what one index of the same articles gives; the newer
 * shards' results are on the page while older shards are still held back by the server.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import * as pagefind from "pagefind";
import type { Browser, Page } from "playwright-core";
import { buildClock } from "../../src/dates.ts";
import { build } from "../../src/pipeline/build.ts";
import { prepare } from "../../src/pipeline/prepare.ts";
import { searchInput, searchRecord } from "../../src/pipeline/search-index.ts";
import { launchChromium, type StaticServer, serveStatic } from "../helpers/browser.ts";
import { article, DEFAULT_CONFIG, makeSite, read, run, tempDir } from "../helpers/site.ts";

// 2025-04-05 00:00 UTC: the "later" article is still under embargo.
const EPOCH = { SOURCE_DATE_EPOCH: "1743811200" };
const files = {
  "content/articles/eng/2025/03/zebras.md": article({ title: "Zebras cross the river", date: "2025-03-27 13:15" }, "Herds of zebrafinch gather.\n"),
  "content/articles/eng/2025/03/older.md": article({ title: "Older zebra news", date: "2025-03-20 09:00" }, "More zebrafinch.\n"),
  "content/articles/eng/2025/03/secret.md": article({ title: "Draft", date: "2025-03-28 08:30", draft: "true" }, "The aardwolf draft.\n"),
  "content/articles/eng/2025/04/later.md": article({ title: "Embargoed", date: "2025-04-10 09:00" }, "The okapi embargo.\n"),
  // A long headline ending in the word searched for, found again early in the text: Pagefind's excerpt window, which holds both, opens inside the headline.
  "content/articles/eng/2025/03/plains.md": article(
    {
      title:
        "Rangers count the herds on the southern plains again this spring after the long dry winter left the grazing land bare near the quagmire",
      date: "2025-03-21 09:00",
    },
    `The count went on for days across the reserve, and the rangers wrote down every animal they saw by the quagmire at dusk. ${"Then they went home. ".repeat(20)}\n`,
  ),
};

/** Builds a fixture site under /news-site/, serves it and opens a Chromium page on it. */
async function buildAndOpen(fixture: Record<string, string>, config: Record<string, unknown>) {
  const dir = makeSite(fixture, { config });
  const result = run(dir, "build", EPOCH);
  assert.equal(result.code, 0, result.stderr);
  const server = await serveStatic(path.join(dir, "_site"), "/news-site/");
  const browser = await launchChromium();
  const page = await browser.newPage();
  page.setDefaultTimeout(60_000);
  return { dir, server, browser, page };
}

/** A promise held until `open()` is called (a response the test's server holds back). */
function gate(): { opened: Promise<void>; open: () => void } {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe("search under a sub-path", { timeout: 300_000 }, () => {
  let dir: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    ({ dir, server, browser, page } = await buildAndOpen(files, SUBPATH));
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

  it("shows an excerpt of the text without the headline the result's link already shows", async () => {
    await search("zebrafinch");
    const first = page.locator("#search-results li").first();
    assert.equal(await first.locator("h2").textContent(), "Zebras cross the river");
    assert.equal(await first.locator(".excerpt").textContent(), "Herds of zebrafinch gather.");
    assert.equal(await first.locator(".excerpt mark").textContent(), "zebrafinch");
  });

  it("shows an excerpt without the end of the headline when Pagefind's window opens inside it", async () => {
    await search("quagmire");
    const item = page.locator("#search-results li").first();
    const title = (await item.locator("h2").textContent()) ?? "";
    const excerpt = (await item.locator(".excerpt").textContent()) ?? "";
    assert.ok(title.endsWith("near the quagmire"), title);
    assert.match(excerpt, /^The count went on for days/);
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
    const output = path.join(tempDir("preview-"), "_site");
    await build(dir, output, { preview: true });
    assert.match(read(output, "eng/search/index.html"), /<p class="notice">Search is not available in the preview/);
    assert.equal(existsSync(path.join(output, "pagefind")), false);
  });
});

// Three years of English articles (and one Ukrainian one with the same word, which the English
// page must not find), tagged and signed so that filters cut across the shards.
const SUBPATH = { ...DEFAULT_CONFIG, baseUrl: "https://example.org/news-site/" };
const years: Record<string, string> = {
  "content/articles/eng/2025/03/march.md": article(
    { title: "March zebras", date: "2025-03-27 13:15", tags: "[Ukraine, Wildlife]", section: "war" },
    "Zebrafinch herds in March.\n",
  ),
  // An earlier day of the newest month: a day shard of its own, beside the newest day's.
  "content/articles/eng/2025/03/early.md": article(
    { title: "Early March zebras", date: "2025-03-10 09:00", tags: "[Wildlife]" },
    "Zebrafinch in early March.\n",
  ),
  // 31 December 22:30 UTC: already 2025 in Kyiv, so in the 2025 shard, after March.
  "content/articles/eng/2025/01/midnight.md": article(
    { title: "New Year zebras", date: "2025-01-01 00:30", tags: "[EU]" },
    "Zebrafinch at midnight.\n",
  ),
  "content/articles/eng/2024/12/year-end.md": article(
    { title: "Year-end zebras", date: "2024-12-31 23:00", tags: "[Ukraine, Wildlife]", authors: "[anastasia-protz]" },
    "Zebrafinch at the year end.\n",
  ),
  "content/articles/eng/2024/05/spring.md": article({ title: "Spring report", date: "2024-05-10 09:00", tags: "[Ukraine]" }, "No birds here.\n"),
  "content/articles/eng/2023/06/old.md": article(
    { title: "Old zebras", date: "2023-06-01 10:00", tags: "[Wildlife]", authors: "[anastasia-protz]", section: "war" },
    "Zebrafinch long ago.\n",
  ),
  "content/articles/eng/2023/06/draft.md": article({ title: "Draft", date: "2023-06-02 10:00", draft: "true" }, "The aardwolf draft.\n"),
  "content/articles/uk/2024/03/ukr.md": article({ title: "Зебри", date: "2024-03-01 10:00", tags: "[Україна]" }, "Zebrafinch українською.\n"),
};
// 24 articles with "quagga", 12 a year in February 2025 and 2024: the second page of results crosses
// the seam between the newest year's months and the year before.
for (let i = 1; i <= 12; i++) {
  const day = String(i).padStart(2, "0");
  for (const year of ["2025", "2024"])
    years[`content/articles/eng/${year}/02/quagga-${day}.md`] = article(
      { title: `Quagga ${year} ${day}`, date: `${year}-02-${day} 12:00` },
      "Quagga.\n",
    );
}

describe("search across month and year shards", { timeout: 300_000 }, () => {
  let dir: string;
  let server: StaticServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    ({ dir, server, browser, page } = await buildAndOpen(years, SUBPATH));
    // Pagefind warns when it falls back from its web worker, or fails to load a file. (Chromium's
    // own request for /favicon.ico, outside the sub-path, is not ours.)
    page.on("console", (m) => {
      const at = m.location().url;
      if ((m.type() === "error" || m.type() === "warning") && !at.endsWith("/favicon.ico")) problems.push(`${m.type()}: ${m.text()} ${at}`);
    });
    page.on("response", (r) => {
      if (r.status() >= 400) problems.push(`${r.status()} ${r.url()}`);
    });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /**
   * A second server over the same site, whose `onRequest` may hold a response back, and a tab on it: `use`
   * runs with them; then `release` lets every held response go, and the tab and the server close.
   */
  async function onSlowSite(
    onRequest: (pathname: string) => Promise<void> | undefined,
    release: () => void,
    use: (tab: Page, url: string) => Promise<void>,
  ): Promise<void> {
    const slow = await serveStatic(path.join(dir, "_site"), "/news-site/", { onRequest });
    const tab = await browser.newPage();
    tab.setDefaultTimeout(60_000);
    try {
      await use(tab, slow.url);
    } finally {
      release();
      await tab.close();
      await slow.close();
    }
  }

  /** Runs a search page URL; returns the status line, result links and datelines, and the filter options. */
  async function search(params: string, more = false) {
    await page.goto(`${server.url}eng/search/?${params}`);
    await page.waitForFunction(() => document.getElementById("search-status")?.textContent);
    if (more) {
      await page.click(".search-more button");
      await page.waitForFunction(() => document.querySelectorAll("#search-results li").length > 20);
    }
    const slugs = await page.locator("#search-results h2 a").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""));
    return {
      status: (await page.textContent("#search-status")) ?? "",
      slugs: slugs.map((h) => h.replace(/^\/news-site\/eng\/news\/\d{4}\/\d{2}\/\d{2}\/(.*)\/$/, "$1")),
      moreHidden: await page.locator(".search-more").isHidden(),
    };
  }

  it("writes one shard per day of the newest month, per earlier month of its year and per older year, newest first on its page", () => {
    assert.deepEqual(readdirSync(path.join(dir, "_site/pagefind")).sort(), [
      "eng-2023",
      "eng-2024",
      "eng-2025-01",
      "eng-2025-02",
      "eng-2025-03-10",
      "eng-2025-03-27",
      "pagefind.js",
      "uk-2024-03-01",
    ]);
    const shards = ["eng-2025-03-27", "eng-2025-03-10", "eng-2025-02", "eng-2025-01", "eng-2024", "eng-2023"]
      .map((id) => `&quot;${id}&quot;`)
      .join(",");
    assert.ok(read(dir, "_site/eng/search/index.html").includes(`data-bundle="/news-site/pagefind/" data-shards="[${shards}]"`));
    assert.match(read(dir, "_site/search/index.html"), /data-shards="\[&quot;uk-2024-03-01&quot;\]"/);
  });

  it("finds results in every shard, newest first across the years, and only in the page's edition", async () => {
    assert.deepEqual(await search("q=zebrafinch"), {
      status: "5 results for “zebrafinch”",
      slugs: ["march", "early", "midnight", "year-end", "old"],
      moreHidden: true,
    });
  });

  it("filters across shards: a filter alone, and a query with a filter, still newest first", async () => {
    assert.deepEqual((await search("tag=Wildlife")).slugs, ["march", "early", "year-end", "old"]);
    assert.deepEqual((await search("q=zebrafinch&author=Anastasia+Protz")).slugs, ["year-end", "old"]);
    assert.deepEqual((await search("q=zebrafinch&section=War")).slugs, ["march", "old"]);
    assert.deepEqual(await search("q=zebrafinch&tag=Ukraine&author=Anastasia+Protz"), {
      status: "1 result for “zebrafinch”",
      slugs: ["year-end"],
      moreHidden: true,
    });
  });

  it("counts each filter value over all shards", async () => {
    await search("q=zebrafinch");
    const options = async (name: string) => page.locator(`#filter-${name} option`).allTextContents();
    // The 24 quagga articles are tagged Ukraine and signed by the default author.
    assert.deepEqual(await options("tag"), ["All", "EU (1)", "Ukraine (27)", "Wildlife (4)"]);
    assert.deepEqual(await options("author"), ["All", "Anastasia Protz (2)", "Ulyana Krychkovska (28)"]);
    assert.deepEqual(await options("section"), ["All", "News (28)", "War (2)"]);
  });

  it("pages through results across the seam between two shards", async () => {
    const first = await search("q=quagga");
    assert.equal(first.status, "24 results for “quagga”");
    assert.equal(first.moreHidden, false);
    const all = await search("q=quagga", true);
    // 12 February 2025 down to 1 February 2025, then the same days of 2024.
    const days = Array.from({ length: 12 }, (_, i) => `quagga-${String(12 - i).padStart(2, "0")}`);
    assert.deepEqual(all.slugs, [...days, ...days]);
    assert.equal(all.moreHidden, true);
  });

  it("shows the newer shards' results while the oldest shard is still loading, and the count once it answered", async () => {
    // A second server over the same site holds back every file of the oldest shard until released.
    const { opened: released, open: release } = gate();
    const held: string[] = [];
    await onSlowSite(
      (pathname) => {
        if (!pathname.startsWith("/news-site/pagefind/eng-2023/")) return undefined;
        held.push(pathname);
        return released;
      },
      release,
      async (tab, url) => {
        await tab.goto(`${url}eng/search/?q=zebrafinch`);
        await tab.waitForFunction(() => document.querySelectorAll("#search-results li").length === 4);
        const slugs = async () =>
          (await tab.locator("#search-results h2 a").evaluateAll((links) => links.map((a) => a.getAttribute("href") ?? ""))).map((h) =>
            h.replace(/^.*\/([^/]+)\/$/, "$1"),
          );
        assert.deepEqual(await slugs(), ["march", "early", "midnight", "year-end"]);
        // The oldest shard was asked for (the page is not full yet) but has not answered: no count yet.
        assert.ok(held.length > 0);
        assert.equal(await tab.textContent("#search-status"), "");
        release();
        await tab.waitForFunction(() => document.getElementById("search-status")?.textContent);
        assert.equal(await tab.textContent("#search-status"), "5 results for “zebrafinch”");
        assert.deepEqual(await slugs(), ["march", "early", "midnight", "year-end", "old"]);
      },
    );
  });

  it("shows the newest shard's results while every older shard is held back, and asks each shard for its entry once", async () => {
    const { opened: released, open: release } = gate();
    const entries: string[] = [];
    await onSlowSite(
      (pathname) => {
        const shard = /^\/news-site\/pagefind\/(eng-[^/]+)\//.exec(pathname)?.[1];
        if (shard && pathname.endsWith("/pagefind-entry.json")) entries.push(shard);
        return shard && shard !== "eng-2025-03-27" ? released : undefined;
      },
      release,
      async (tab, url) => {
        await tab.goto(`${url}eng/search/?q=march`);
        await tab.locator("#search-results li").first().waitFor();
        assert.deepEqual(await tab.locator("#search-results h2 a").allTextContents(), ["March zebras"]);
        assert.equal(await tab.textContent("#search-status"), "");
        release();
        await tab.waitForFunction(() => document.getElementById("search-status")?.textContent);
        assert.equal(await tab.textContent("#search-status"), "2 results for “march”");
        assert.deepEqual(await tab.locator("#search-results h2 a").allTextContents(), ["March zebras", "Early March zebras"]);
        assert.deepEqual(entries.sort(), ["eng-2023", "eng-2024", "eng-2025-01", "eng-2025-02", "eng-2025-03-10", "eng-2025-03-27"]);
      },
    );
  });

  it("asks the next shards ahead while an older one is slow, and still shows results newest first", async () => {
    const { opened: released, open: release } = gate();
    const { opened: ahead, open: askedAhead } = gate();
    await onSlowSite(
      (pathname) => {
        // The shard after the held one: asked while the held one has not answered.
        if (pathname === "/news-site/pagefind/eng-2025-02/pagefind-entry.json") askedAhead();
        return pathname.startsWith("/news-site/pagefind/eng-2025-03-10/") ? released : undefined;
      },
      release,
      async (tab, url) => {
        await tab.goto(`${url}eng/search/?q=zebrafinch`);
        await tab.locator("#search-results li").first().waitFor();
        // A bound on waiting, not a time limit on the page: without asking ahead, the request never comes.
        const waited = await Promise.race([ahead.then(() => true), new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 20_000))]);
        assert.ok(waited, "the shard after the held one was not asked for while the held one had not answered");
        // The older shards may have answered; their results wait for the held one's.
        assert.deepEqual(await tab.locator("#search-results h2 a").allTextContents(), ["March zebras"]);
        release();
        await tab.waitForFunction(() => document.getElementById("search-status")?.textContent);
        assert.equal(await tab.textContent("#search-status"), "5 results for “zebrafinch”");
        assert.deepEqual(await tab.locator("#search-results h2 a").allTextContents(), [
          "March zebras",
          "Early March zebras",
          "New Year zebras",
          "Year-end zebras",
          "Old zebras",
        ]);
      },
    );
  });

  /** Everything a search page shows for `params`, with every page of results opened. */
  async function everything(on: Page, params: string) {
    await on.goto(`${server.url}eng/search/?${params}`);
    await on.waitForFunction(() => document.getElementById("search-status")?.textContent);
    while (await on.locator(".search-more").isVisible()) {
      const shown = await on.locator("#search-results li").count();
      await on.click(".search-more button");
      await on.waitForFunction((n) => document.querySelectorAll("#search-results li").length > n, shown);
    }
    return {
      status: await on.textContent("#search-status"),
      results: await on.locator("#search-results li").allInnerTexts(),
      options: await on.locator(".search-filters option").allTextContents(),
    };
  }

  it("shows what one index of the same articles shows: results, order, datelines, excerpts, counts and filters", async () => {
    // The edition's records in one Pagefind bundle beside the shards, and a second page whose
    // form lists only that bundle (`data-shards`): the same script, one index instead of six.
    const { site } = await prepare(dir, { now: buildClock(EPOCH), validateOnly: true });
    const one = path.join(dir, "_site/pagefind/one");
    const { index } = await pagefind.createIndex({});
    if (!index) throw new Error("Pagefind did not start");
    for (const a of site.editions.get("eng")?.articles ?? [])
      assert.deepEqual((await index.addCustomRecord(searchRecord(searchInput(site, a)))).errors, []);
    assert.deepEqual((await index.writeFiles({ outputPath: one })).errors, []);
    await pagefind.close();
    const single = await browser.newPage();
    single.setDefaultTimeout(60_000);
    try {
      await single.route(/\/eng\/search\//, async (route) => {
        const response = await route.fetch();
        const body = (await response.text()).replace(/data-shards="[^"]*"/, 'data-shards="[&quot;one&quot;]"');
        await route.fulfill({ response, body });
      });
      const queries = [
        "q=zebrafinch",
        "q=zebras",
        "q=quagga",
        "q=nothing-like-this",
        "tag=Wildlife",
        "tag=Ukraine",
        "author=Ulyana+Krychkovska",
        "section=War",
        "q=zebrafinch&author=Anastasia+Protz",
        "q=quagga&tag=Ukraine&section=News",
      ];
      const bundles = new Set<string>();
      single.on("request", (r) => {
        const shard = /\/pagefind\/([^/]+)\//.exec(r.url())?.[1];
        if (shard) bundles.add(shard);
      });
      for (const q of queries) {
        const sharded = await everything(page, q);
        assert.ok(sharded.status, q);
        assert.deepEqual(sharded, await everything(single, q), q);
      }
      assert.deepEqual([...bundles], ["one"]);
    } finally {
      await single.close();
      rmSync(one, { recursive: true, force: true });
    }
  });

  it("runs Pagefind in its worker under the CSP, every file found", () => {
    assert.deepEqual(problems, []);
  });
});
