/**
 * Issue 18's "done when": a site made of posts as a migration leaves them (tests/fixtures/real-archive/:
 * remote images on two listed hosts, briefs with a summary or only a source link, double-dash and
 * Cyrillic file names, old URLs without a trailing slash or percent-encoded, links to those old
 * URLs) passes `npm run check` and builds, every post out, with remote images from the listed
 * hosts only and a Content-Security-Policy naming exactly them.
 */
import assert from "node:assert/strict";
import { cpSync, type Dirent, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { parse } from "node-html-parser";
import { loadContent } from "../../src/model/load.ts";
import { cspWith, headersWith, pagesWithoutCsp } from "../helpers/csp.ts";
import { PROJECT, read, run, tempDir } from "../helpers/site.ts";

// 2017-02-01 00:00 UTC: after every post.
const CLOCK = { SOURCE_DATE_EPOCH: String(Date.UTC(2017, 1, 1) / 1000), NEWSROOM_PAGE_CACHE: "off" };
const HOSTS = ["s3.amazonaws.com", "media.kyivdaily.example"];
const OWN = "example.org";

/** Every file of the built site, relative, with forward slashes. */
function filesOf(site: string): string[] {
  return (readdirSync(site, { recursive: true, withFileTypes: true }) as Dirent[])
    .filter((d) => d.isFile())
    .map((d) => path.relative(site, path.join(d.parentPath, d.name)).split(path.sep).join("/"));
}

/** HTML entities of attributes and feeds, as far as URLs use them. */
const decodeEntities = (text: string) =>
  text
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");

describe("a site of real posts: remote images, briefs, double-dash file names and old URLs", () => {
  const dir = tempDir("archive-");
  cpSync(path.join(PROJECT, "tests/fixtures/real-archive"), dir, { recursive: true });
  const site = path.join(dir, "_site");

  it("passes npm run check and builds", () => {
    const check = run(dir, "check", CLOCK);
    assert.equal(check.code, 0, check.stderr);
    const build = run(dir, "build", CLOCK);
    assert.equal(build.code, 0, build.stderr);
    assert.match(build.stdout, /^Built 7 articles, /m);
  });

  it("publishes every post, each at the URL its normalised file name gives", async () => {
    const posts = (readdirSync(path.join(dir, "content/articles"), { recursive: true }) as string[]).filter((f) => f.endsWith(".md"));
    const { articles } = await loadContent(dir);
    assert.equal(articles.length, posts.length);
    assert.deepEqual(
      articles.map((a) => a.url).sort(),
      [
        "/news/2017/01/15/zustrich-u-kyievi/",
        "/news/2017/01/16/korotko-avtobusy/",
        "/eng/news/2016/11/29/health-it-services-ready-15801/",
        "/eng/news/2016/11/30/partner-toolkit/",
        "/eng/news/2016/12/01/metro-on-time/",
        "/eng/news/2016/12/02/lviv-trams-link-only/",
        "/eng/news/2016/12/05/winter-checklist/",
      ].sort(),
    );
    for (const a of articles) {
      const page = parse(read(site, `${a.url.slice(1)}index.html`));
      assert.equal(page.querySelector("h1")?.text, a.title, a.url);
    }
    // Every old URL has its redirect page.
    for (const old of [
      "2016/11/29/health-it-services-sin\u200a-\u200aready/index.html",
      "find-help/988/partner-toolkit/index.html",
      "node/15801/index.html",
    ])
      assert.ok(existsSync(path.join(site, old)), old);
  });

  it("shows remote images from the listed hosts only, and names exactly them in every page's policy and in _headers", () => {
    const hosts = new Set<string>();
    for (const file of filesOf(site).filter((f) => /\.(?:html|xml|json)$/.test(f))) {
      const text = decodeEntities(read(site, file));
      // Every image address anywhere in the output: <img src>, srcset, feeds' content and media, JSON-LD.
      for (const m of text.matchAll(/https?:\/\/([^/"'\s<>\\]+)\/[^"'\s<>\\]*?\.(?:jpe?g|png|gif|webp|avif)\b/gi)) hosts.add(m[1] as string);
    }
    assert.deepEqual([...hosts].sort(), [...HOSTS, OWN].sort());
    const page = parse(read(site, "eng/news/2016/11/29/health-it-services-ready-15801/index.html"));
    assert.deepEqual(
      page.querySelectorAll(".article-body img").map((img) => [img.getAttribute("src"), img.getAttribute("loading"), img.getAttribute("decoding")]),
      [
        ["https://s3.amazonaws.com/kyivdaily-archive/2016/11/terminal.jpg", "lazy", "async"],
        ["https://s3.amazonaws.com/kyivdaily-archive/2016/11/racks.png", "lazy", "async"],
      ],
    );
    assert.deepEqual(pagesWithoutCsp(site, cspWith(HOSTS)), []);
    assert.equal(readFileSync(path.join(site, "_headers"), "utf8"), headersWith(HOSTS));
  });

  it("links to old URLs as links to the current ones, and gives briefs their summary and source in the feeds", () => {
    const toolkit = parse(read(site, "eng/news/2016/11/30/partner-toolkit/index.html"));
    assert.deepEqual(
      toolkit.querySelectorAll(".article-body a").map((a) => a.getAttribute("href")),
      ["/eng/news/2016/11/29/health-it-services-ready-15801/", "/eng/news/2016/11/30/partner-toolkit/#phones"],
    );
    const checklist = parse(read(site, "eng/news/2016/12/05/winter-checklist/index.html"));
    assert.deepEqual(
      checklist.querySelectorAll(".article-body a").map((a) => a.getAttribute("href")),
      ["/eng/news/2016/11/30/partner-toolkit/", "/eng/news/2016/11/29/health-it-services-ready-15801/"],
    );
    const items = (JSON.parse(read(site, "eng/feed.json")) as { items: { title: string; content_html: string }[] }).items;
    assert.equal(
      items.find((i) => i.title === "The metro ran on time all day")?.content_html,
      '<p>The Kyiv metro ran on time all day despite the power cuts.</p>\n<p>Source: <a href="https://metro.kyiv.example/news/2016-12-01">Kyiv Metro</a></p>\n',
    );
    assert.equal(
      items.find((i) => i.title === "Lviv’s trams go back to their routes")?.content_html,
      '<p>Source: <a href="https://wire.example/2016/12/02/lviv-trams">Regional Wire</a></p>\n',
    );
    const uk = (JSON.parse(read(site, "feed.json")) as { items: { title: string; content_html: string }[] }).items;
    assert.equal(
      uk.find((i) => i.title === "Коротко: нічні автобуси повертаються")?.content_html,
      "<p>Нічні автобусні маршрути знову працюють з понеділка.</p>\n",
    );
  });

  it("refuses the same archive with an image on a host it does not list, naming the file, line and host", () => {
    const other = tempDir("archive-");
    cpSync(path.join(PROJECT, "tests/fixtures/real-archive"), other, { recursive: true });
    const config = path.join(other, "content/site.config.ts");
    writeFileSync(config, readFileSync(config, "utf8").replace(', "media.kyivdaily.example"', ""));
    const check = run(other, "check", CLOCK);
    assert.equal(check.code, 1);
    assert.match(
      check.stderr,
      /^content\/articles\/eng\/2016\/11\/partner-toolkit\.md:8 {2}image\.src: expected an image next to the article or on a host listed in remoteImages\.hosts of content\/site\.config\.ts \(s3\.amazonaws\.com\), received "https:\/\/media\.kyivdaily\.example\/uploads\/2016\/11\/toolkit-cover\.jpg" on the host "media\.kyivdaily\.example": add "media\.kyivdaily\.example" to remoteImages\.hosts/m,
    );
    assert.match(
      check.stderr,
      /^content\/articles\/eng\/2016\/12\/winter-checklist\.md:13 {2}body: expected an image next to the article or on a host listed/m,
    );
    assert.match(check.stderr, /^2 errors in 2 files; nothing was written\.$/m);
  });
});
