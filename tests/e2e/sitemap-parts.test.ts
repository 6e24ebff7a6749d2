// The sitemap's monthly parts (src/model/sitemap-lists.ts) are cached pages: a new article renders
// again only the parts whose entries changed (its month's, and the month a list page's entry left),
// every other part comes from the page cache as it was, and the index (rendered every build) gives
// each part its newest lastmod. Every build here is checked in verify mode as well, which renders
// every part afresh and fails on one the cache kept unlike its fresh rendering.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, before, describe, it, mock } from "node:test";
import { build } from "../../src/pipeline/build.ts";
import { PageCache } from "../../src/pipeline/page-cache.ts";
import { article, DEFAULT_CONFIG, keepEnv, makeSite } from "../helpers/site.ts";
import { filesUnder, isSitemap, sitemapParts, WITH_XHTML, xmllint } from "../helpers/tools.ts";

// 2025-03-29T12:00:00Z = 14:00 in Kyiv, after every article below.
const EPOCH = String(Date.UTC(2025, 2, 29, 12) / 1000);
const BASE = "https://example.org/";

describe("sitemap parts by month, cached", () => {
  const files: Record<string, string> = {};
  // January, February and March; tag "Odesa" last appears in February.
  for (const [slug, date, tags] of [
    ["jan-1", "2025-01-10 10:00", "[Energy]"],
    ["jan-2", "2025-01-20 10:00", "[Energy, Kharkiv]"],
    ["feb-1", "2025-02-05 10:00", "[Kharkiv]"],
    ["feb-2", "2025-02-18 10:00", "[Odesa]"],
    ["mar-1", "2025-03-03 10:00", "[Energy]"],
    ["mar-2", "2025-03-12 10:00", "[Kharkiv]"],
  ])
    files[`content/articles/eng/2025/${slug}.md`] = article({ title: `Story ${slug}`, date: date as string, tags: tags as string });
  // Fifty a page: each list has one page, so a new article shifts no list page's articles onto another.
  const dir = makeSite(files, { config: { ...DEFAULT_CONFIG, pageSize: 50 } });
  const site = path.join(dir, "_site");
  const restoreEnv = keepEnv("NEWSROOM_PAGE_CACHE", "SOURCE_DATE_EPOCH");

  /** Builds in this process; returns the sitemap parts the build rendered (not taken from the page cache). */
  async function run(mode: "on" | "verify"): Promise<string[]> {
    process.env.NEWSROOM_PAGE_CACHE = mode;
    process.env.SOURCE_DATE_EPOCH = EPOCH;
    const filter = mock.method(PageCache.prototype, "filter");
    try {
      await build(dir);
      assert.equal(filter.mock.callCount(), 1);
      const rendered = filter.mock.calls[0]?.result ?? [];
      return rendered
        .filter((p) => p.kind === "sitemap")
        .map((p) => p.file)
        .sort();
    } finally {
      filter.mock.restore();
    }
  }
  const sitemaps = () =>
    new Map(
      filesUnder(site)
        .filter(isSitemap)
        .map((f) => [f, readFileSync(path.join(site, f), "utf8")]),
    );

  before(async () => {
    assert.deepEqual(await run("on"), ["sitemaps/2025-01.xml", "sitemaps/2025-02.xml", "sitemaps/2025-03.xml", "sitemaps/undated.xml"]);
  });
  afterEach(restoreEnv);

  it("writes an index of valid parts, one a month, with each part's newest lastmod", () => {
    assert.deepEqual(sitemapParts(site, BASE), ["sitemaps/2025-01.xml", "sitemaps/2025-02.xml", "sitemaps/2025-03.xml", "sitemaps/undated.xml"]);
    assert.equal(xmllint("siteindex.xsd", [path.join(site, "sitemap.xml")]), "");
    assert.equal(
      xmllint(
        WITH_XHTML,
        sitemapParts(site, BASE).map((f) => path.join(site, f)),
      ),
      "",
    );
    const index = readFileSync(path.join(site, "sitemap.xml"), "utf8");
    assert.ok(index.includes(`<sitemap><loc>${BASE}sitemaps/2025-02.xml</loc><lastmod>2025-02-18T10:00:00+02:00</lastmod></sitemap>`), index);
    // The Ukrainian edition has no article: its pages have no last change.
    assert.ok(index.includes(`<sitemap><loc>${BASE}sitemaps/undated.xml</loc></sitemap>`), index);
    const february = readFileSync(path.join(site, "sitemaps/2025-02.xml"), "utf8");
    assert.ok(february.includes(`<url><loc>${BASE}eng/tags/odesa/</loc><lastmod>2025-02-18T10:00:00+02:00</lastmod></url>`), february);
  });

  it("renders no part again when nothing changed", async () => {
    const before = sitemaps();
    assert.deepEqual(await run("on"), []);
    assert.deepEqual(sitemaps(), before);
  });

  it("after a new article, renders again only the parts whose entries changed: its month's and the month a list page left", async () => {
    const before = sitemaps();
    writeFileSync(path.join(dir, "content/articles/eng/2025/mar-3.md"), article({ title: "Story mar-3", date: "2025-03-20 10:00", tags: "[Odesa]" }));
    const rendered = await run("on");
    // The tag Odesa's page last changed in February, now in March: it leaves February's part for March's.
    assert.deepEqual(rendered, ["sitemaps/2025-02.xml", "sitemaps/2025-03.xml"]);
    const after = sitemaps();
    const changed = [...after.keys()].filter((f) => after.get(f) !== before.get(f)).sort();
    // Those two parts, and the index (one line a part, rendered every build); January's and the undated part are as they were.
    assert.deepEqual(changed, ["sitemap.xml", "sitemaps/2025-02.xml", "sitemaps/2025-03.xml"]);
    const march = after.get("sitemaps/2025-03.xml") ?? "";
    assert.ok(march.includes(`<url><loc>${BASE}eng/news/2025/03/20/mar-3/</loc><lastmod>2025-03-20T10:00:00+02:00</lastmod></url>`), march);
    assert.ok(march.includes(`<url><loc>${BASE}eng/tags/odesa/</loc><lastmod>2025-03-20T10:00:00+02:00</lastmod></url>`), march);
    assert.ok(!(after.get("sitemaps/2025-02.xml") ?? "").includes("/eng/tags/odesa/"));
    assert.ok(
      (after.get("sitemap.xml") ?? "").includes(
        `<sitemap><loc>${BASE}sitemaps/2025-03.xml</loc><lastmod>2025-03-20T10:00:00+02:00</lastmod></sitemap>`,
      ),
    );
    // Verify mode renders every part and fails on a cached one unlike its fresh rendering; it writes the same files.
    assert.equal((await run("verify")).length, 4);
    assert.deepEqual(sitemaps(), after);
  });

  it("drops a month's part when its last page leaves it", async () => {
    // An edit to January's two articles moves their last change to March: January has no page left.
    for (const [slug, date, tags] of [
      ["jan-1", "2025-01-10 10:00", "[Energy]"],
      ["jan-2", "2025-01-20 10:00", "[Energy, Kharkiv]"],
    ])
      writeFileSync(
        path.join(dir, `content/articles/eng/2025/${slug}.md`),
        article({ title: `Story ${slug}`, date: date as string, updated: "2025-03-25 09:00", tags: tags as string }),
      );
    const rendered = await run("on");
    assert.ok(rendered.includes("sitemaps/2025-03.xml") && !rendered.includes("sitemaps/undated.xml"), rendered.join(" "));
    assert.deepEqual(sitemapParts(site, BASE), ["sitemaps/2025-02.xml", "sitemaps/2025-03.xml", "sitemaps/undated.xml"]);
    assert.ok(!filesUnder(site).includes("sitemaps/2025-01.xml"));
    await run("verify");
  });
});
