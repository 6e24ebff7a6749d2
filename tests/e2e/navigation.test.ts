import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { findBrokenLinks } from "../../src/pipeline/link-check.ts";
import { article, DEFAULT_CONFIG, filesUnder, makeSite, read, run } from "../helpers/site.ts";

// 2025-04-05 00:00 UTC: after every fixture article, so none is embargoed.
const EPOCH = { SOURCE_DATE_EPOCH: "1743811200" };
const files = {
  "content/articles/eng/2025/03/after-midnight.md": article({ title: "After midnight", date: "2025-03-27 00:40", tags: "[Ukraine, EU]" }),
  "content/articles/eng/2025/03/afternoon.md": article({ title: "Afternoon", date: "2025-03-27 13:15", tags: "[Ukraine]" }),
  "content/articles/eng/2025/03/day-before.md": article({ title: "Day before", date: "2025-03-26 10:00", tags: '["ukraine!"]' }),
  "content/articles/eng/2025/03/unpublished.md": article({ title: "Draft", date: "2025-03-28 08:30", tags: "[EU]", draft: "true" }),
  "content/articles/eng/2025/04/april.md": article({ title: "April", date: "2025-04-02 09:00", tags: "[Ukraine]", authors: "[anastasia-protz]" }),
  "content/articles/uk/2025/03/zustrich.md": article({ title: "Зустріч", date: "2025-03-31 09:40", tags: "[Україна]" }),
  "content/tags.yaml": "eng:\n  eu:\n    name: European Union\n    description: News about the EU.\n",
};
const PAGES = [
  "404.html",
  "authors/index.html",
  "authors/ulyana-krychkovska/index.html",
  "eng/404.html",
  "eng/authors/anastasia-protz/index.html",
  "eng/authors/index.html",
  "eng/authors/ulyana-krychkovska/index.html",
  "eng/index.html",
  "eng/news/2025/03/26/day-before/index.html",
  "eng/news/2025/03/26/index.html",
  "eng/news/2025/03/27/after-midnight/index.html",
  "eng/news/2025/03/27/afternoon/index.html",
  "eng/news/2025/03/27/index.html",
  "eng/news/2025/03/index.html",
  "eng/news/2025/04/02/april/index.html",
  "eng/news/2025/04/02/index.html",
  "eng/news/2025/04/index.html",
  "eng/news/2025/index.html",
  "eng/news/index.html",
  "eng/news/page/1/index.html",
  "eng/search/index.html",
  "eng/sections/news/index.html",
  "eng/sections/news/page/1/index.html",
  "eng/tags/eu/index.html",
  "eng/tags/index.html",
  "eng/tags/ukraine/index.html",
  "eng/tags/ukraine/page/1/index.html",
  "index.html",
  "news/2025/03/31/index.html",
  "news/2025/03/31/zustrich/index.html",
  "news/2025/03/index.html",
  "news/2025/index.html",
  "news/index.html",
  "search/index.html",
  "sections/news/index.html",
  "tags/index.html",
  "tags/ukraina/index.html",
];

/** `HH:mm` and link of every feed item, in page order. */
const feed = (page: string) => [...page.matchAll(/<li><time datetime="[^"]+">(\d\d:\d\d)<\/time> <a href="([^"]+)">/g)].map((m) => `${m[1]} ${m[2]}`);
const teasers = (page: string) => [...page.matchAll(/<h[23]><a href="([^"]+)">/g)].map((m) => m[1]);
const rel = (page: string) => [...page.matchAll(/<a href="([^"]+)" rel="(prev|next)">/g)].map((m) => `${m[2]} ${m[1]}`);
const counted = (page: string) =>
  [...page.matchAll(/<li><a href="([^"]+)">([^<]+)<\/a> <span class="count">([^<]+)<\/span><\/li>/g)].map((m) => `${m[1]} ${m[2]}: ${m[3]}`);

describe("reader navigation on a fixture site (page size 2)", () => {
  let dir: string;
  let stderr: string;
  before(() => {
    dir = makeSite(files, { config: { ...DEFAULT_CONFIG, pageSize: 2 } });
    const result = run(dir, "build", EPOCH);
    assert.equal(result.code, 0, result.stderr);
    stderr = result.stderr;
  });
  const page = (file: string) => read(dir, `_site/${file}`);

  it("writes exactly the expected pages, per edition, and no page for a draft or an empty day", () => {
    const html = (readdirSync(path.join(dir, "_site"), { recursive: true }) as string[])
      .filter((f) => f.endsWith(".html"))
      .map((f) => f.split(path.sep).join("/"));
    assert.deepEqual(html.sort(), PAGES);
  });

  it("paginates the news feed newest first with HH:mm items under Kyiv days and prev/next links, its pages numbered from the oldest", () => {
    const one = page("eng/news/index.html");
    assert.deepEqual(feed(one), ["09:00 /eng/news/2025/04/02/april/", "13:15 /eng/news/2025/03/27/afternoon/"]);
    assert.deepEqual(rel(one), ["next /eng/news/page/1/"]);
    assert.match(one, /<h2><a href="\/eng\/news\/2025\/04\/02\/"><time datetime="2025-04-02">Wednesday, 2 April 2025<\/time><\/a><\/h2>/);
    // The oldest articles are page 1, titled and labelled without a total (a newer page does not change it).
    const two = page("eng/news/page/1/index.html");
    assert.deepEqual(feed(two), ["00:40 /eng/news/2025/03/27/after-midnight/", "10:00 /eng/news/2025/03/26/day-before/"]);
    assert.deepEqual(rel(two), ["prev /eng/news/"]);
    assert.match(two, /<a href="\/eng\/news\/page\/1\/" aria-label="Page 1" aria-current="page">1<\/a>/);
    assert.match(two, /<title>News feed · Page 1 \| /);
    assert.match(two, /<h1>News feed · Page 1<\/h1>/);
    // Its trail ends with itself, so the way up (what phones show) leads to the feed's newest articles.
    assert.match(
      two,
      /<ol><li><a href="\/eng\/">Home<\/a><\/li><li><a href="\/eng\/news\/">News feed<\/a><\/li><li><span aria-current="page">Page 1<\/span><\/li><\/ol>/,
    );
    assert.doesNotMatch(one, /class="breadcrumbs"/);
    assert.match(page("news/index.html"), /<time datetime="2025-03-31">Понеділок, 31 березня 2025<\/time>/);
  });

  it("shows today's date (the build day in Kyiv) above the masthead of each edition's home only", () => {
    assert.match(page("eng/index.html"), /<div class="date-bar"><time datetime="2025-04-05">Saturday, 5 April 2025<\/time><\/div>/);
    assert.match(page("index.html"), /<div class="date-bar"><time datetime="2025-04-05">Субота, 5 квітня 2025<\/time><\/div>/);
    for (const other of ["eng/news/index.html", "eng/news/2025/04/02/april/index.html", "eng/tags/ukraine/index.html"])
      assert.doesNotMatch(page(other), /date-bar/, other);
  });

  it("puts 00:40 Kyiv time (22:40 UTC the day before) on the Kyiv day's archive", () => {
    assert.deepEqual(feed(page("eng/news/2025/03/27/index.html")), [
      "13:15 /eng/news/2025/03/27/afternoon/",
      "00:40 /eng/news/2025/03/27/after-midnight/",
    ]);
    assert.deepEqual(feed(page("eng/news/2025/03/26/index.html")), ["10:00 /eng/news/2025/03/26/day-before/"]);
  });

  it("lists a month's days with counts and their headlines by Kyiv time, a year's months with counts, and gives breadcrumbs", () => {
    const month = page("eng/news/2025/03/index.html");
    assert.deepEqual(
      [...month.matchAll(/<h2><a href="([^"]+)"><time datetime="[^"]+">([^<]+)<\/time><\/a> <span class="count">([^<]+)<\/span><\/h2>/g)].map(
        (m) => `${m[1]} ${m[2]}: ${m[3]}`,
      ),
      ["/eng/news/2025/03/27/ Thursday, 27 March 2025: 2 articles", "/eng/news/2025/03/26/ Wednesday, 26 March 2025: 1 article"],
    );
    assert.deepEqual(feed(month), [
      "13:15 /eng/news/2025/03/27/afternoon/",
      "00:40 /eng/news/2025/03/27/after-midnight/",
      "10:00 /eng/news/2025/03/26/day-before/",
    ]);
    // Under its day's heading, not only in the month's list.
    assert.match(
      month,
      /Wednesday, 26 March 2025<\/time><\/a> <span class="count">1 article<\/span><\/h2>\n<ul class="feed">\n<li><time datetime="[^"]+">10:00<\/time> <a href="\/eng\/news\/2025\/03\/26\/day-before\/">/,
    );
    assert.deepEqual(counted(page("eng/news/2025/index.html")), [
      "/eng/news/2025/04/ April 2025: 1 article",
      "/eng/news/2025/03/ March 2025: 3 articles",
    ]);
    assert.match(
      page("eng/news/2025/03/27/index.html"),
      /<nav class="breadcrumbs" aria-label="Breadcrumb">\n<ol><li><a href="\/eng\/">Home<\/a><\/li><li><a href="\/eng\/news\/">News feed<\/a><\/li><li><a href="\/eng\/news\/2025\/">2025<\/a><\/li><li><a href="\/eng\/news\/2025\/03\/">March 2025<\/a><\/li><li><span aria-current="page">Thursday, 27 March 2025<\/span><\/li><\/ol>/,
    );
  });

  it("merges tag spellings with one slug, paginates a tag over two pages numbered from the oldest and names tags from tags.yaml", () => {
    assert.deepEqual(counted(page("eng/tags/index.html")), ["/eng/tags/eu/ European Union: 1 article", "/eng/tags/ukraine/ Ukraine: 4 articles"]);
    const one = page("eng/tags/ukraine/index.html");
    assert.deepEqual(teasers(one), ["/eng/news/2025/04/02/april/", "/eng/news/2025/03/27/afternoon/"]);
    assert.deepEqual(rel(one), ["next /eng/tags/ukraine/page/1/"]);
    assert.match(one, /<p class="count">4 articles<\/p>/);
    // The oldest page is page 1, titled without a total (it stays as it is when newer pages come).
    const two = page("eng/tags/ukraine/page/1/index.html");
    assert.deepEqual(teasers(two), ["/eng/news/2025/03/27/after-midnight/", "/eng/news/2025/03/26/day-before/"]);
    assert.deepEqual(rel(two), ["prev /eng/tags/ukraine/"]);
    assert.match(two, /<title>Ukraine · Page 1 \| /);
    assert.doesNotMatch(two, /class="count"/);
    assert.match(page("eng/tags/eu/index.html"), /<h1>European Union<\/h1>\n<p class="description">News about the EU.<\/p>/);
    assert.equal(
      stderr.trim(),
      'warning content/articles/eng/2025/03/day-before.md  tags: "Ukraine" (content/articles/eng/2025/03/after-midnight.md, content/articles/eng/2025/03/afternoon.md, content/articles/eng/2025/04/april.md), "ukraine!" (content/articles/eng/2025/03/day-before.md) give the same tag page /eng/tags/ukraine/ and are merged as "Ukraine"; spell the tag one way, or set its name in content/tags.yaml',
    );
  });

  it("gives every section with articles a paginated page numbered from the oldest, linked from the header", () => {
    assert.deepEqual(teasers(page("eng/sections/news/index.html")), ["/eng/news/2025/04/02/april/", "/eng/news/2025/03/27/afternoon/"]);
    assert.match(page("eng/sections/news/index.html"), /<p class="count">4 articles<\/p>/);
    assert.doesNotMatch(page("eng/sections/news/page/1/index.html"), /class="count"/);
    assert.match(
      page("eng/sections/news/page/1/index.html"),
      /<ol><li><a href="\/eng\/">Home<\/a><\/li><li><a href="\/eng\/sections\/news\/">News<\/a><\/li><li><span aria-current="page">Page 1<\/span><\/li><\/ol>/,
    );
    assert.deepEqual(teasers(page("eng/sections/news/page/1/index.html")), [
      "/eng/news/2025/03/27/after-midnight/",
      "/eng/news/2025/03/26/day-before/",
    ]);
    assert.match(page("eng/index.html"), /<li><a href="\/eng\/sections\/news\/">News<\/a><\/li>/);
    assert.match(page("index.html"), /<li><a href="\/sections\/news\/">Новини<\/a><\/li>/);
    assert.doesNotMatch(page("eng/index.html"), /sections\/war\//);
  });

  it("lists authors with counts, and an author's articles on one page until there are two pages' worth", () => {
    assert.deepEqual(counted(page("eng/authors/index.html")), [
      "/eng/authors/anastasia-protz/ Anastasia Protz: 1 article",
      "/eng/authors/ulyana-krychkovska/ Ulyana Krychkovska: 3 articles",
    ]);
    const one = page("eng/authors/ulyana-krychkovska/index.html");
    assert.match(one, /<h1>Ulyana Krychkovska<\/h1>\n<p class="bio">Reporter.<\/p>/);
    assert.deepEqual(teasers(one), ["/eng/news/2025/03/27/afternoon/", "/eng/news/2025/03/27/after-midnight/", "/eng/news/2025/03/26/day-before/"]);
    assert.deepEqual(rel(one), []);
  });

  it("links an article to its previous and next article, its day and related articles", () => {
    const a = page("eng/news/2025/03/27/after-midnight/index.html");
    assert.deepEqual(rel(a), ["prev /eng/news/2025/03/26/day-before/", "next /eng/news/2025/03/27/afternoon/"]);
    assert.match(a, /<a href="\/eng\/news\/2025\/03\/27\/">All news of the day: Thursday, 27 March 2025<\/a>/);
    const related = a.slice(a.indexOf('<section class="related"'), a.indexOf('<section class="feed-column"'));
    assert.deepEqual(
      [...related.matchAll(/<li><a href="([^"]+)">/g)].map((m) => m[1]),
      ["/eng/news/2025/04/02/april/", "/eng/news/2025/03/27/afternoon/", "/eng/news/2025/03/26/day-before/"],
    );
  });

  it("has a home page per edition with the latest articles and a site-wide 404 page", () => {
    const home = page("eng/index.html");
    // The lead, then the top stories: every article, as no section but the default has any.
    const lead = home.slice(home.indexOf('<article class="lead-story">'), home.indexOf('<section class="feed-column"'));
    assert.deepEqual(teasers(lead), ["/eng/news/2025/04/02/april/"]);
    assert.deepEqual(teasers(home.slice(home.indexOf('<section class="front-top"'))), [
      "/eng/news/2025/03/27/afternoon/",
      "/eng/news/2025/03/27/after-midnight/",
      "/eng/news/2025/03/26/day-before/",
    ]);
    // The feed column beside them: the latest headlines under their days, with the link to the whole feed.
    const column = home.slice(home.indexOf('<section class="feed-column"'), home.indexOf('<section class="front-top"'));
    assert.deepEqual(
      [...column.matchAll(/<h3><a href="([^"]+)">|<time datetime="[^"]+">(\d\d:\d\d)<\/time> <a href="([^"]+)">/g)].map(
        (m) => m[1] ?? `${m[2]} ${m[3]}`,
      ),
      [
        "/eng/news/2025/04/02/",
        "09:00 /eng/news/2025/04/02/april/",
        "/eng/news/2025/03/27/",
        "13:15 /eng/news/2025/03/27/afternoon/",
        "00:40 /eng/news/2025/03/27/after-midnight/",
        "/eng/news/2025/03/26/",
        "10:00 /eng/news/2025/03/26/day-before/",
      ],
    );
    assert.match(column, /<a href="\/eng\/news\/">All news →<\/a>/);
    assert.match(page("404.html"), /<li><a href="\/">Головна<\/a><\/li>\n<li><a href="\/news\/">Стрічка новин<\/a><\/li>/);
  });

  it("links only to files that exist", async () => {
    assert.deepEqual(await findBrokenLinks(path.join(dir, "_site")), []);
  });

  it("builds byte-identical output from the same content, every page rendered again", () => {
    const first = filesUnder(path.join(dir, "_site"));
    // Not from the page cache the first build filled: this one renders every page.
    const again = run(dir, "build", { ...EPOCH, NEWSROOM_PAGE_CACHE: "off" });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^write: \d+ pages in .*; 0 from the page cache\)$/m);
    assert.deepEqual(filesUnder(path.join(dir, "_site")), first);
  });
});

describe("news feed and section fronts keep their newest maxListPages pages (page size 1, 2 pages)", () => {
  let dir: string;
  before(() => {
    dir = makeSite(files, { config: { ...DEFAULT_CONFIG, pageSize: 1, maxListPages: 2 } });
    const result = run(dir, "build", EPOCH);
    assert.equal(result.code, 0, result.stderr);
  });
  const page = (file: string) => read(dir, `_site/${file}`);
  const exists = (file: string) => readdirSync(path.join(dir, "_site", path.dirname(file))).includes(path.basename(file));

  it("keeps the list's own page and its newest numbered page, not four pages; that page points to the archive by year", () => {
    // Four articles a page each: the newest on the list's page, the next on page 3; pages 2 and 1 are left out.
    for (const list of ["eng/news/", "eng/sections/news/"]) {
      assert.deepEqual(rel(page(`${list}index.html`)), [`next /${list}page/3/`]);
      assert.ok(exists(`${list}page/3/index.html`), list);
      for (const gone of [2, 1]) assert.ok(!exists(`${list}page/${gone}`), `${list}page/${gone}/`);
      const html = page(`${list}page/3/index.html`);
      assert.match(html, /aria-label="Page 3" aria-current="page">3<\/a>/);
      // Its newer page only: no older page, and no link to a page 1 that is not on the site.
      assert.deepEqual(rel(html), [`prev /${list}`]);
      assert.doesNotMatch(html, /page\/1\//);
      assert.match(
        html,
        /<nav class="archive-years" aria-label="Archive"><h2>Archive<\/h2>\n<p class="older">Older articles are in the archive, by year, month and day.<\/p>\n<ul><li><a href="\/eng\/news\/2025\/">2025<\/a><\/li><\/ul><\/nav>/,
      );
    }
    // The feed's own page has the years without the note; a section's own page has neither.
    assert.doesNotMatch(page("eng/news/index.html"), /class="older"/);
    assert.match(page("eng/news/index.html"), /class="archive-years"/);
    assert.doesNotMatch(page("eng/sections/news/index.html"), /archive-years/);
    // The oldest article is still in the archive, on its day and in its tags.
    assert.match(page("eng/news/2025/03/26/index.html"), /href="\/eng\/news\/2025\/03\/26\/day-before\/"/);
  });

  it("keeps every page of a tag, numbered from the oldest: tags are how readers find older stories on a subject", () => {
    // Four articles a page each: the newest on the tag's page, the other three on pages 3, 2 and 1.
    for (const n of [1, 2, 3]) assert.ok(exists(`eng/tags/ukraine/page/${n}/index.html`), `page ${n}`);
    assert.ok(!exists("eng/tags/ukraine/page/4"));
    assert.deepEqual(teasers(page("eng/tags/ukraine/page/1/index.html")), ["/eng/news/2025/03/26/day-before/"]);
    assert.deepEqual(rel(page("eng/tags/ukraine/page/3/index.html")), ["prev /eng/tags/ukraine/", "next /eng/tags/ukraine/page/2/"]);
    // A tag keeps every page, so its pager links its oldest, page 1 (a windowed list's pager does not).
    assert.match(page("eng/tags/ukraine/page/3/index.html"), /<li><a href="\/eng\/tags\/ukraine\/page\/1\/" aria-label="Page 1">1<\/a><\/li>/);
  });

  it("leaves a list shorter than the limit as it was: no note", () => {
    const ukFeed = page("news/index.html");
    assert.doesNotMatch(ukFeed, /class="older"/);
  });
});

describe("URL collisions", () => {
  it("fails the build when two pages claim one URL", () => {
    const config = {
      ...DEFAULT_CONFIG,
      editions: [...DEFAULT_CONFIG.editions, { id: "news", lang: "en", locale: "en-GB", prefix: "/news/", name: "News" }],
    };
    const dir = makeSite({ "content/articles/uk/2025/03/a.md": article({}) }, { config });
    const result = run(dir, "build");
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      '/news/ is claimed twice, by the news feed of edition "uk" and by the home page of edition "news"; change an edition prefix, slug or author id so each page has its own URL',
    );
  });
});
