/** Fixture sites for translations: what is never linked, what is an error, and the editions' pagination labels (issue #8). */
import assert from "node:assert/strict";
import path from "node:path";
import { before, describe, it } from "node:test";
import { parse } from "node-html-parser";
import { article, DEFAULT_CONFIG, makeSite, read, run } from "../helpers/site.ts";
import { sitemapText } from "../helpers/tools.ts";

// 2025-04-05 00:00 UTC: the Russian version dated 6 April is still under embargo.
const EPOCH = { SOURCE_DATE_EPOCH: "1743811200" };
const CONFIG = {
  ...DEFAULT_CONFIG,
  editions: [...DEFAULT_CONFIG.editions, { id: "rus", lang: "ru", locale: "ru", prefix: "/rus/", name: "Украинская правда" }],
  sections: [{ id: "news", title: { uk: "Новини", en: "News", ru: "Новости" } }],
  pageSize: 1,
};
const hreflangs = (html: string) =>
  parse(html)
    .querySelectorAll('link[rel="alternate"][hreflang]')
    .map((l) => `${l.getAttribute("hreflang")} ${l.getAttribute("href")}`);

describe("translations that are not published yet", () => {
  const site = makeSite(
    {
      "content/articles/uk/zustrich.md": article({ title: "Зустріч", translationKey: "meeting" }),
      "content/articles/eng/meeting.md": article({ title: "Meeting", translationKey: "meeting" }),
      "content/articles/rus/vstrecha.md": article({ title: "Встреча", date: "2025-04-06 10:00", translationKey: "meeting" }),
      "content/articles/eng/strike.md": article({ title: "Strike", date: "2025-03-28 09:00", translationKey: "strike" }),
      "content/articles/uk/udar.md": article({ title: "Удар", date: "2025-03-28 09:00", translationKey: "strike", draft: "true" }),
      "content/articles/uk/insha.md": article({ title: "Інша", date: "2025-03-29 09:00" }),
      "content/articles/rus/pervaya.md": article({ title: "Первая", date: "2025-03-29 09:00" }),
      "content/articles/rus/vtoraya.md": article({ title: "Вторая", date: "2025-03-30 09:00" }),
    },
    { config: CONFIG },
  );
  let built: ReturnType<typeof run>;
  before(() => {
    built = run(site, "build", EPOCH);
  });

  it("builds", () => assert.equal(built.code, 0, built.stderr));

  it("links only published versions: an embargoed or draft translation leaks no URL", () => {
    const expected = [
      "uk https://example.org/news/2025/03/27/zustrich/",
      "en https://example.org/eng/news/2025/03/27/meeting/",
      "x-default https://example.org/news/2025/03/27/zustrich/",
    ];
    assert.deepEqual(hreflangs(read(site, "_site/news/2025/03/27/zustrich/index.html")), expected);
    assert.deepEqual(hreflangs(read(site, "_site/eng/news/2025/03/27/meeting/index.html")), expected);
    const strike = read(site, "_site/eng/news/2025/03/28/strike/index.html");
    assert.deepEqual(hreflangs(strike), []);
    assert.ok(!strike.includes("read-in"));
    for (const f of ["_site/news/2025/03/27/zustrich/index.html", "_site/eng/news/2025/03/27/meeting/index.html"]) {
      assert.ok(!read(site, f).includes("vstrecha") && !read(site, f).includes("udar"), f);
    }
    const sitemap = sitemapText(path.join(site, "_site"), "https://example.org/");
    assert.ok(sitemap.includes("<loc>https://example.org/eng/news/2025/03/27/meeting/</loc>"));
    assert.ok(!sitemap.includes("vstrecha") && !sitemap.includes("udar"));
    assert.equal(parse(read(site, "_site/eng/news/2025/03/27/meeting/index.html")).querySelector(".read-in")?.text, "Read in: Українською");
  });

  it("labels pagination in the edition's language", () => {
    const pager = (f: string) => parse(read(site, f)).querySelector("nav.pager");
    // Numbered from the oldest: page 1 holds the oldest article, the feed's own page the newest.
    const uk = pager("_site/news/page/1/index.html");
    assert.equal(uk?.getAttribute("aria-label"), "Сторінки");
    const current = (nav: ReturnType<typeof pager>) => nav?.querySelector('[aria-current="page"]')?.getAttribute("aria-label");
    assert.deepEqual([uk?.querySelector('a[rel="prev"]')?.text, current(uk)], ["← Попередня сторінка", "Сторінка 1"]);
    assert.match(read(site, "_site/news/page/1/index.html"), /<title>Стрічка новин · Сторінка 1 \| /);
    const ru = pager("_site/rus/news/index.html");
    assert.equal(ru?.getAttribute("aria-label"), "Страницы");
    assert.deepEqual([current(ru), ru?.querySelector('a[rel="next"]')?.text], [undefined, "Следующая страница →"]);
    assert.equal(current(pager("_site/rus/news/page/1/index.html")), "Страница 1");
  });
});

describe("translation errors", () => {
  it("refuses a translationKey used twice in one edition, drafts included, and lang: ua, naming file and line", () => {
    const site = makeSite({
      "content/articles/eng/first.md": article({ title: "First", translationKey: "meeting" }),
      "content/articles/eng/second.md": article({ title: "Second", draft: "true", translationKey: "meeting" }),
      "content/articles/uk/zustrich.md": article({ title: "Зустріч", translationKey: "meeting" }),
      "content/articles/uk/mova.md": article({ title: "Мова", lang: "ua" }),
    });
    const result = run(site, "check");
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      [
        'content/articles/eng/second.md:7  translationKey: expected a key no other eng article has, received "meeting", which content/articles/eng/first.md already has; each edition holds one version of a translation, so give one of them a different key',
        'content/articles/uk/mova.md:6  lang: the ISO 639 code for Ukrainian is "uk", not "ua"',
        "2 errors in 2 files; nothing was written.",
      ].join("\n"),
    );
  });

  it('refuses "ua" as an edition language in the site config', () => {
    const config = { ...DEFAULT_CONFIG, editions: [{ ...DEFAULT_CONFIG.editions[0], lang: "ua" }, DEFAULT_CONFIG.editions[1]] };
    const result = run(makeSite({}, { config }), "check");
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      ['content/site.config.ts  editions.0.lang: the ISO 639 code for Ukrainian is "uk", not "ua"', "1 error in 1 file; nothing was written."].join(
        "\n",
      ),
    );
  });
});
