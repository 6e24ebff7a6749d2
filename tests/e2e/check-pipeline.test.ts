/**
 * The build pipeline as editors and mistakes meet it (issue 17): aliases checked against every
 * file the build writes, the output folder guard, stale and failed temporary folders, and
 * relative links in articles.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { DateTime } from "luxon";
import { prepare } from "../../src/pipeline/prepare.ts";
import { photo } from "../helpers/photos.ts";
import { article, filesUnder, makeSite, PROJECT, read, run } from "../helpers/site.ts";

/** 2025-04-06 06:00 UTC: the fixtures' articles (27 March) are live, May's are under embargo. */
const CLOCK = { SOURCE_DATE_EPOCH: "1743919200" };
const NOW = DateTime.fromSeconds(Number(CLOCK.SOURCE_DATE_EPOCH), { zone: "UTC" });

const FILE = "content/articles/eng/2025/03";
const noStack = (text: string) => assert.doesNotMatch(text, /\n\s+at /, text);

describe("aliases are checked against every file the build writes", () => {
  it("refuses, at npm run check, aliases that are a page's file, inside a file, or in the build's own folders", () => {
    const dir = makeSite({
      [`${FILE}/one.md`]: article({
        aliases:
          "[/eng/index.html, /index.html, /_headers/, /eng/feed.json/, /pagefind/eng/, /sitemaps/2025-03.xml, /404.html/, /images/, /old/x/, /old/x/index.html]",
      }),
      [`${FILE}/two.md`]: article({
        title: "Two",
        aliases: "[/eng/tags/ukraine/feed.xml/, /eng/news-sitemap-3.xml/, /assets/site.html, /robots.txt/]",
      }),
    });
    const result = run(dir, "check", CLOCK);
    assert.equal(result.code, 1, result.stdout);
    noStack(result.stderr);
    const line = (file: string, i: number, alias: string, why: string) =>
      `${FILE}/${file}.md:6  aliases[${i}]: expected an old URL that no page uses, received "${alias}", ${why}`;
    const expected = [
      line("one", 0, "/eng/index.html", 'which is already used by the home page of edition "eng": /eng/index.html is the page at /eng/'),
      line("one", 1, "/index.html", 'which is already used by the home page of edition "uk": /index.html is the page at /'),
      line(
        "one",
        2,
        "/_headers/",
        "which would be a page inside /_headers, a file the build writes (the _headers file for Netlify and Cloudflare Pages)",
      ),
      line("one", 3, "/eng/feed.json/", 'which would be a page inside /eng/feed.json, a file the build writes (the JSON feed of edition "eng")'),
      line("one", 4, "/pagefind/eng/", "which is inside /pagefind/, the folder of the search index"),
      line("one", 5, "/sitemaps/2025-03.xml", "which is inside /sitemaps/, the folder of the sitemap's parts, one a month"),
      line("one", 6, "/404.html/", "which would be a page inside /404.html, a file the build writes (the not-found page)"),
      line("one", 7, "/images/", "which is inside /images/, the folder of the photos and social cards"),
      line("one", 9, "/old/x/index.html", `which is already used by an alias in ${FILE}/one.md: /old/x/index.html is the page at /old/x/`),
      line(
        "two",
        0,
        "/eng/tags/ukraine/feed.xml/",
        'which would be a page inside /eng/tags/ukraine/feed.xml, a file the build writes (the feed of tag "Ukraine" of edition "eng")',
      ),
      line(
        "two",
        1,
        "/eng/news-sitemap-3.xml/",
        'which would be a page inside /eng/news-sitemap-3.xml, a file the build may write (the Google News sitemap of edition "eng" or a part of it)',
      ),
      line("two", 2, "/assets/site.html", "which is inside /assets/, the folder of the stylesheets, scripts and logo"),
      line("two", 3, "/robots.txt/", "which would be a page inside /robots.txt, a file the build writes (robots.txt)"),
    ];
    const lines = result.stderr.trim().split("\n");
    for (const want of expected) assert.ok(lines.includes(want), `missing:\n${want}\nin:\n${result.stderr}`);
    assert.equal(lines.at(-1), "13 errors in 2 files; nothing was written.");
    // The build says the same, without a stack trace, and writes nothing.
    const built = run(dir, "build", CLOCK);
    assert.equal(built.code, 1);
    noStack(built.stderr);
    assert.ok(built.stderr.includes(expected[0] as string), built.stderr);
    assert.equal(existsSync(path.join(dir, "_site")), false);
  });

  it("refuses a live article's URL spelled with index.html instead of redirecting it to another article", () => {
    const dir = makeSite({
      [`${FILE}/paris-coalition-meeting-starts.md`]: article({}),
      [`${FILE}/other.md`]: article({ title: "Other", aliases: "[/eng/news/2025/03/27/paris-coalition-meeting-starts/index.html]" }),
    });
    const result = run(dir, "build", CLOCK);
    assert.equal(result.code, 1, result.stdout);
    noStack(result.stderr);
    assert.equal(
      result.stderr.trim(),
      [
        `${FILE}/other.md:6  aliases[0]: expected an old URL that no page uses, received "/eng/news/2025/03/27/paris-coalition-meeting-starts/index.html", which is already used by ${FILE}/paris-coalition-meeting-starts.md: /eng/news/2025/03/27/paris-coalition-meeting-starts/index.html is the page at /eng/news/2025/03/27/paris-coalition-meeting-starts/`,
        "1 error in 1 file; nothing was written.",
      ].join("\n"),
    );
    assert.equal(existsSync(path.join(dir, "_site")), false);
  });

  it("refuses now an alias at the URL of an article under embargo or a draft, and an embargoed article's alias at a live page", () => {
    const dir = makeSite({
      [`${FILE}/later.md`]: article({ title: "Later", date: "2025-05-01 09:00", aliases: "[/eng/news/]" }),
      [`${FILE}/wip.md`]: article({ title: "Work in progress", draft: "true" }),
      [`${FILE}/live.md`]: article({ title: "Live", aliases: "[/eng/news/2025/05/01/later/, /eng/news/2025/03/27/wip/]" }),
    });
    const result = run(dir, "check", CLOCK);
    assert.equal(result.code, 1, result.stdout);
    assert.equal(
      result.stderr.trim(),
      [
        `${FILE}/later.md:6  aliases[0]: expected an old URL that no page uses, received "/eng/news/", which is already used by the news feed of edition "eng"`,
        `${FILE}/live.md:6  aliases[0]: expected an old URL that no page uses, received "/eng/news/2025/05/01/later/", which is already used by ${FILE}/later.md (under embargo until 2025-05-01 09:00; the build that publishes it would fail)`,
        `${FILE}/live.md:6  aliases[1]: expected an old URL that no page uses, received "/eng/news/2025/03/27/wip/", which is already used by ${FILE}/wip.md (a draft; the build that publishes it would fail)`,
        "3 errors in 2 files; nothing was written.",
      ].join("\n"),
    );
  });

  it("refuses an alias that differs from another alias or a page only in letter case", () => {
    const dir = makeSite({
      [`${FILE}/one.md`]: article({ aliases: "[/Old-Path/, /ENG/NEWS/]" }),
      [`${FILE}/two.md`]: article({ title: "Two", aliases: "[/old-path/, /Old-Path/story.html]" }),
    });
    const result = run(dir, "check", CLOCK);
    assert.equal(result.code, 1, result.stdout);
    const caseless = "where letter case is ignored (macOS and Windows file systems, case-folding CDNs), which would serve one for the other";
    assert.deepEqual(result.stderr.trim().split("\n"), [
      `${FILE}/one.md:6  aliases[1]: expected an old URL that no page uses, received "/ENG/NEWS/", which is already used by the news feed of edition "eng" at /eng/news/, the same page ${caseless}`,
      `${FILE}/two.md:6  aliases[0]: expected an old URL that no page uses, received "/old-path/", which is already used by an alias in ${FILE}/one.md at /Old-Path/, the same page ${caseless}`,
      "2 errors in 2 files; nothing was written.",
    ]);
  });

  it("knows every file a build writes: each one has an owner aliases are checked against", async () => {
    const dir = makeSite({
      [`${FILE}/one.md`]: article({ tags: "[Ukraine, EU]", section: "war", aliases: "[/old/one/, /old/one.html]" }),
      [`${FILE}/two.md`]: article({ title: "Two", date: "2025-04-05 10:00", authors: "[anastasia-protz]" }),
      "content/articles/uk/2025/04/odyn.md": article({ title: "Один", date: "2025-04-05 11:00" }),
    });
    const result = run(dir, "build", CLOCK);
    assert.equal(result.code, 0, result.stderr);
    const { site } = await prepare(dir, { now: NOW, validateOnly: true });
    const out = path.join(dir, "_site");
    const files = readdirSync(out, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => path.relative(out, path.join(d.parentPath, d.name)).split(path.sep).join("/"));
    for (const kind of ["images/", "pagefind/", "assets/", "eng/news-sitemap.xml", "_headers", "_redirects", "old/one.html", "robots.txt"])
      assert.ok(
        files.some((f) => f.startsWith(kind)),
        `${kind} in the fixture's build`,
      );
    assert.deepEqual(
      files.filter((f) => site.pages.outputs.ownerOf(f) === undefined),
      [],
    );
  });
});

describe("an article that fails its schema", () => {
  it("is still checked for what can be checked: its aliases and photos are reported in the same run", () => {
    const dir = makeSite({
      [`${FILE}/broken.md`]: article(
        { date: "tomorrow", aliases: "[/eng/news/, /old-story/]", image: "{ src: ./gone.jpg, alt: A photo, credit: Agency }" },
        "A lead.\n\n![A chart](./chart.png)\n",
      ),
      // Two articles at one URL: the second (by file name) is left out of the site, and checked all the same.
      [`${FILE}/clash-two.md`]: article({ title: "Clash two", slug: "same" }),
      [`${FILE}/clash.md`]: article({ title: "Clash", slug: "same", aliases: "[/eng/news/]", image: "{ src: ./missing.jpg, alt: A, credit: B }" }),
    });
    const result = run(dir, "check", CLOCK);
    assert.equal(result.code, 1, result.stdout);
    noStack(result.stderr);
    const taken = 'expected an old URL that no page uses, received "/eng/news/", which is already used by the news feed of edition "eng"';
    assert.deepEqual(result.stderr.trim().split("\n"), [
      `${FILE}/broken.md:3  date: expected a date and time such as "2025-03-27 13:15" or "2025-03-27T13:15+02:00", received "tomorrow"`,
      `${FILE}/broken.md:6  aliases[0]: ${taken}`,
      `${FILE}/broken.md:7  image.src: expected an image file next to the article, but "./gone.jpg" does not exist`,
      `${FILE}/broken.md:11  body: expected an image file next to the article, but "./chart.png" does not exist`,
      `${FILE}/clash.md:6  slug: gives the URL /eng/news/2025/03/27/same/, which ${FILE}/clash-two.md already has; give one of them a different slug`,
      `${FILE}/clash.md:7  aliases[0]: ${taken}`,
      `${FILE}/clash.md:8  image.src: expected an image file next to the article, but "./missing.jpg" does not exist`,
      "7 errors in 2 files; nothing was written.",
    ]);
  });
});

describe("the output folder", () => {
  const site = () => makeSite({ [`${FILE}/one.md`]: article({}) });
  const refused = (dir: string, output: string, why: string) => {
    const result = run(dir, "build", CLOCK, ["--output", output]);
    assert.equal(result.code, 1, result.stdout);
    noStack(result.stderr);
    assert.equal(
      result.stderr.trim(),
      `--output ${output}: expected a folder for the built site (such as _site), received ${path.resolve(realpathSync(dir), output)}, ${why}; the build replaces that folder whole, so nothing was touched.`,
    );
  };

  it("is never the project, a folder above it, or a folder of its own files, and nothing is touched", () => {
    const dir = site();
    const before = [...filesUnder(dir).keys()].sort();
    refused(dir, "content", "which is the project's content/ folder");
    refused(dir, "content/articles", "which is inside the project's content/ folder");
    refused(dir, ".", `which is the project ${realpathSync(dir)}`);
    refused(dir, "..", `which holds the project ${realpathSync(dir)}`);
    refused(dir, ".cache", "which is the project's .cache/ folder");
    refused(dir, path.join(PROJECT, "src"), "which is the project's src/ folder");
    assert.deepEqual([...filesUnder(dir).keys()].sort(), before);
    assert.deepEqual(
      readdirSync(path.dirname(dir)).filter((n) => n.startsWith(`${path.basename(dir)}.tmp-`)),
      [],
    );
  });

  it("is refused when it holds anything but a previous build; an empty folder and a previous build are replaced", () => {
    const dir = site();
    mkdirSync(path.join(dir, "docs"));
    writeFileSync(path.join(dir, "docs/notes.txt"), "mine");
    refused(
      dir,
      "docs",
      "which is not empty (notes.txt) and not a previous build (a build has 404.html, _headers, _redirects, robots.txt, sitemap.xml at its top); empty it or choose a new folder",
    );
    assert.equal(readFileSync(path.join(dir, "docs/notes.txt"), "utf8"), "mine");
    mkdirSync(path.join(dir, "public"));
    for (let i = 0; i < 2; i++) {
      const result = run(dir, "build", CLOCK, ["--output", "public"]);
      assert.equal(result.code, 0, result.stderr);
    }
    assert.ok(existsSync(path.join(dir, "public/eng/news/2025/03/27/one/index.html")));
  });
});

describe("temporary folders", () => {
  it("of killed builds are removed at the start of a build; one whose process runs is left alone", () => {
    const dir = makeSite({ [`${FILE}/one.md`]: article({}) });
    // Above Linux's largest pid (2^22): no such process.
    const stale = ["_site.tmp-4194305-1700000000000", "_site.tmp-4194305-1700000000000-old"];
    const inUse = `_site.tmp-${process.pid}-1700000000000`;
    for (const name of [...stale, inUse]) {
      mkdirSync(path.join(dir, name, "pagefind"), { recursive: true });
      writeFileSync(path.join(dir, name, "index.html"), "half a site");
    }
    const result = run(dir, "build", CLOCK);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(
      readdirSync(dir).filter((n) => n.startsWith("_site.")),
      [inUse],
    );
  });

  it("of a build killed inside its swap put the published site back, even when the next build fails", () => {
    const dir = makeSite({ [`${FILE}/one.md`]: article({ title: "" }) });
    // Killed between its two renames: no _site, the published site in …-old, the new one complete.
    for (const [name, text] of [
      ["_site.tmp-4194305-1700000000000-old", "published"],
      ["_site.tmp-4194305-1600000000000-old", "older"],
      ["_site.tmp-4194305-1700000000000", "new"],
    ]) {
      mkdirSync(path.join(dir, name as string));
      writeFileSync(path.join(dir, name as string, "index.html"), text as string);
    }
    const result = run(dir, "build", CLOCK);
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stderr, /one\.md:\d+ {2}title: /);
    assert.deepEqual(
      readdirSync(dir).filter((n) => n.startsWith("_site")),
      ["_site"],
    );
    assert.equal(read(dir, "_site/index.html"), "published");
  });

  it("of a build that fails as the search index starts are removed", () => {
    const dir = makeSite({ [`${FILE}/one.md`]: article({}) });
    mkdirSync(path.join(dir, ".cache"));
    writeFileSync(path.join(dir, ".cache/search"), "not a folder");
    const result = run(dir, "build", CLOCK);
    assert.equal(result.code, 1, result.stdout);
    assert.match(result.stderr, /EEXIST[^\n]*\.cache\/search/);
    assert.deepEqual(
      readdirSync(dir).filter((n) => n.startsWith("_site")),
      [],
    );
  });

  it("of a build that fails while search shards are linked into it are removed, and the real cause is reported (3 runs)", () => {
    // Shards from the cache are linked into the temp folder while Pagefind indexes the new one;
    // the build fails at once (the image cache is a file). Before abort() waited for the links,
    // they landed in the folder while it was removed: _site.tmp-… stayed, or ENOTEMPTY hid the cause.
    const files: Record<string, string> = {};
    for (let m = 1; m <= 12; m++) {
      const mm = String(m).padStart(2, "0");
      files[`content/articles/eng/2024/${mm}/a${mm}.md`] = article({ title: `Story ${mm}`, date: `2024-${mm}-10 10:00` });
      files[`content/articles/uk/2023/${mm}/b${mm}.md`] = article({ title: `Історія ${mm}`, date: `2023-${mm}-10 10:00` });
      files[`content/articles/uk/2025/${mm}/c${mm}.md`] = article({ title: `Новина ${mm}`, date: `2025-${mm}-01 10:00` });
    }
    const dir = makeSite(files);
    assert.equal(run(dir, "build", CLOCK).code, 0);
    const site = filesUnder(path.join(dir, "_site"));
    writeFileSync(path.join(dir, `content/articles/eng/2024/12/new.md`), article({ title: "New", date: "2024-12-20 10:00" }));
    rmSync(path.join(dir, ".cache/images"), { recursive: true });
    writeFileSync(path.join(dir, ".cache/images"), "not a folder");
    for (let i = 0; i < 3; i++) {
      const result = run(dir, "build", CLOCK);
      assert.equal(result.code, 1, result.stdout);
      assert.match(result.stderr, /ENOTDIR[^\n]*\.cache\/images/);
      assert.doesNotMatch(result.stderr, /ENOTEMPTY|search index/);
      assert.deepEqual(
        readdirSync(dir).filter((n) => n.startsWith("_site")),
        ["_site"],
      );
    }
    assert.deepEqual(filesUnder(path.join(dir, "_site")), site);
  });
});

describe("relative links in articles", () => {
  const body = (links: string) => `A lead paragraph.\n\n${links}\n\n![A photo](./photo.jpg)\n`;
  const files = async () => ({
    [`${FILE}/one.md`]: article({}, body("[Two](../two/), [three](../../28/three/), [two again](/eng/news/2025/03/27/two/#top)")),
    [`${FILE}/photo.jpg`]: await photo(1200, 800),
    [`${FILE}/two.md`]: article({ title: "Two" }),
    [`${FILE}/three.md`]: article({ title: "Three", date: "2025-03-28 09:00" }),
  });

  it("that lead nowhere are reported by npm run check with file:line; valid ones (another article, a photo beside it) build", async () => {
    const good = makeSite(await files());
    const ok = run(good, "build", CLOCK);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(read(good, "_site/eng/news/2025/03/27/one/index.html"), /<a href="\.\.\/\.\.\/28\/three\/">three<\/a>/);

    const bad = makeSite({
      ...(await files()),
      [`${FILE}/bad.md`]: article({ title: "Bad" }, body("[c](../does-not-exist/) and\n[d](nope.html), [e][ref]\n\n[ref]: ../../../../../../gone/")),
    });
    const result = run(bad, "check", CLOCK);
    assert.equal(result.code, 1, result.stdout);
    assert.equal(
      result.stderr.trim(),
      [
        `${FILE}/bad.md:9  body: expected a link to a page of the site, received "../does-not-exist/", which leads to /eng/news/2025/03/27/does-not-exist/, where the build writes nothing`,
        `${FILE}/bad.md:10  body: expected a link to a page of the site, received "nope.html", which leads to /eng/news/2025/03/27/bad/nope.html, where the build writes nothing`,
        `${FILE}/bad.md:10  body: expected a link to a page of the site, received "../../../../../../gone/", which leads to /gone/, where the build writes nothing`,
        "3 errors in 1 file; nothing was written.",
      ].join("\n"),
    );
  });

  it("are link-checked in the built pages: one to an article still under embargo fails the build, naming where it leads", async () => {
    const dir = makeSite({
      ...(await files()),
      [`${FILE}/later.md`]: article({ title: "Later", date: "2025-05-01 09:00" }),
      [`${FILE}/early.md`]: article({ title: "Early" }, body("[Later](../../../05/01/later/) and [fine](../two/)")),
    });
    assert.equal(run(dir, "check", CLOCK).code, 0);
    const result = run(dir, "build", CLOCK);
    assert.equal(result.code, 1, result.stdout);
    noStack(result.stderr);
    assert.equal(
      result.stderr.trim(),
      [
        "eng/news/2025/03/27/early/index.html  links to ../../../05/01/later/ (/eng/news/2025/05/01/later/), which is not in the built site",
        "1 broken internal link; nothing was published.",
      ].join("\n"),
    );
    assert.equal(existsSync(path.join(dir, "_site")), false);
  });
});
