/**
 * Issue 18, one rule at a time in built sites: remote images from the hosts of
 * `remoteImages.hosts` (bodies and the lead photo), the Content-Security-Policy naming exactly
 * those hosts, errors for any other image address; `NewsArticle.image` from body photos; links
 * to old URLs rendered as links to the current one; a brief's feed entries and search record.
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { DateTime } from "luxon";
import { parse } from "node-html-parser";
import { loadContent } from "../../src/model/load.ts";
import { buildSiteModel } from "../../src/model/site.ts";
import { searchInput, searchRecord } from "../../src/pipeline/search-index.ts";
import { CSP, cspWith, HEADERS, headersWith, pagesWithoutCsp } from "../helpers/csp.ts";
import { photo } from "../helpers/photos.ts";
import { article, DEFAULT_CONFIG, makeSite, read, run } from "../helpers/site.ts";

// 2025-03-27 11:15 UTC = 13:15 in Kyiv, the fixtures' publication time.
const CLOCK = { SOURCE_DATE_EPOCH: "1743074100", NEWSROOM_PAGE_CACHE: "off" };
const DIR = "content/articles/eng/2025/03";
const HOSTS = ["s3.amazonaws.com", "images.example.net"];
const CONFIG = { ...DEFAULT_CONFIG, remoteImages: { hosts: HOSTS } };
const PAGE = (slug: string) => `_site/eng/news/2025/03/27/${slug}/index.html`;

type Node = Record<string, unknown>;

function newsArticle(html: string): Node {
  const script = parse(html).querySelector('script[type="application/ld+json"]');
  const graph = (JSON.parse(script?.textContent ?? "{}") as { "@graph": Node[] })["@graph"];
  return graph.find((n) => n["@type"] === "NewsArticle") as Node;
}

describe("remote images from listed hosts", () => {
  const lead = [
    "",
    "  src: https://s3.amazonaws.com/archive/lead%20photo.jpg",
    "  alt: Rescuers at the site",
    "  caption: The site at dawn",
    "  credit: State Emergency Service",
    "  width: 1600",
    "  height: 900",
  ].join("\n");
  const dir = makeSite(
    {
      [`${DIR}/remote-lead.md`]: article(
        { title: "Remote lead", image: lead },
        'The lead.\n\n![A crane over the roofs](https://images.example.net/a/crane.png?w=1200&h=800 "A crane")\n\nText with ![a small map](https://s3.amazonaws.com/archive/map.jpg) inline.\n',
      ),
      [`${DIR}/no-size.md`]: article(
        { title: "No size", image: "\n  src: https://s3.amazonaws.com/archive/x.jpg\n  alt: A street\n  credit: Archive" },
        "Lead.\n",
      ),
    },
    { config: CONFIG },
  );
  const build = run(dir, "build", CLOCK);

  it("builds, showing them as plain <img>: lazy in the body, the lead eager, sized when the front matter says", () => {
    assert.equal(build.code, 0, build.stderr);
    const page = parse(read(dir, PAGE("remote-lead")));
    assert.equal(
      page.querySelector(".lead-photo img")?.toString(),
      '<img src="https://s3.amazonaws.com/archive/lead%20photo.jpg" width="1600" height="900" alt="Rescuers at the site" loading="eager" fetchpriority="high">',
    );
    assert.match(page.querySelector(".lead-photo figcaption")?.text ?? "", /The site at dawn\. Photo: State Emergency Service/);
    assert.deepEqual(
      page.querySelectorAll(".article-body img").map((img) => img.toString()),
      [
        '<img src="https://images.example.net/a/crane.png?w=1200&amp;h=800" alt="A crane over the roofs" loading="lazy" decoding="async">',
        '<img src="https://s3.amazonaws.com/archive/map.jpg" alt="a small map" loading="lazy" decoding="async">',
      ],
    );
    assert.equal(page.querySelector(".article-body figure.body-photo figcaption")?.text.trim(), "A crane");
    assert.equal(
      parse(read(dir, PAGE("no-size")))
        .querySelector(".lead-photo img")
        ?.toString(),
      '<img src="https://s3.amazonaws.com/archive/x.jpg" alt="A street" loading="eager" fetchpriority="high">',
    );
    // Link previews get the generated card: nothing here knows the remote photo's size.
    assert.match(read(dir, PAGE("remote-lead")), /<meta property="og:image" content="https:\/\/example\.org\/images\/[0-9a-f]{16}-card\.jpg">/);
  });

  it("names exactly the listed hosts in the Content-Security-Policy of every page and in _headers", () => {
    assert.equal(cspWith(HOSTS), CSP.replace("img-src 'self' data:", "img-src 'self' data: https://s3.amazonaws.com https://images.example.net"));
    assert.deepEqual(pagesWithoutCsp(path.join(dir, "_site"), cspWith(HOSTS)), []);
    assert.equal(read(dir, "_site/_headers"), headersWith(HOSTS));
  });

  it("lists the remote lead photo in NewsArticle.image, and in the feeds' content", () => {
    assert.deepEqual(newsArticle(read(dir, PAGE("remote-lead"))).image, [
      {
        "@type": "ImageObject",
        url: "https://s3.amazonaws.com/archive/lead%20photo.jpg",
        contentUrl: "https://s3.amazonaws.com/archive/lead%20photo.jpg",
        width: 1600,
        height: 900,
        caption: "The site at dawn",
        creditText: "State Emergency Service",
      },
    ]);
    const feed = read(dir, "_site/eng/feed.json");
    const item = (JSON.parse(feed) as { items: { title: string; content_html: string }[] }).items.find((i) => i.title === "Remote lead");
    assert.match(
      item?.content_html ?? "",
      /^<figure><img src="https:\/\/s3\.amazonaws\.com\/archive\/lead%20photo\.jpg" width="1600" height="900" alt="Rescuers at the site"><figcaption>State Emergency Service<\/figcaption><\/figure>/,
    );
  });

  it("keeps the policy as it was without remote hosts", () => {
    const plain = makeSite({ [`${DIR}/plain.md`]: article({}) });
    assert.equal(run(plain, "build", CLOCK).code, 0);
    assert.deepEqual(pagesWithoutCsp(path.join(plain, "_site")), []);
    assert.equal(read(plain, "_site/_headers"), HEADERS);
  });
});

describe("image addresses the site refuses", () => {
  it("reports an unlisted host, http:, a half-given size and a size on a local photo with file, line and field", async () => {
    const dir = makeSite(
      {
        [`${DIR}/bad.md`]: article(
          { title: "Bad", image: "\n  src: https://evil.example/lead.jpg\n  alt: A\n  credit: B" },
          "Lead.\n\n![A map](https://cdn.other.example/map.png)\n\n![Old](http://s3.amazonaws.com/old.jpg)\n",
        ),
        [`${DIR}/half.md`]: article({ title: "Half", image: "\n  src: https://s3.amazonaws.com/x.jpg\n  alt: A\n  credit: B\n  width: 800" }),
        [`${DIR}/local.md`]: article({ title: "Local", image: "\n  src: ./photo.jpg\n  alt: A\n  credit: B\n  height: 600" }),
        [`${DIR}/photo.jpg`]: await photo(1400, 800),
        "content/site.config.ts": `export default ${JSON.stringify({ ...DEFAULT_CONFIG, remoteImages: { hosts: ["s3.amazonaws.com"] } })};\n`,
      },
      {},
    );
    const check = run(dir, "check", CLOCK);
    assert.equal(check.code, 1);
    const how = "or run npm run images:localise to download it next to the article";
    const listed = "on a host listed in remoteImages.hosts of content/site.config.ts (s3.amazonaws.com)";
    assert.equal(
      check.stderr,
      [
        `${DIR}/bad.md:7  image.src: expected an image next to the article or ${listed}, received "https://evil.example/lead.jpg" on the host "evil.example": add "evil.example" to remoteImages.hosts to show it from there, ${how}`,
        `${DIR}/bad.md:13  body: expected an image next to the article or ${listed}, received "https://cdn.other.example/map.png" on the host "cdn.other.example": add "cdn.other.example" to remoteImages.hosts to show it from there, ${how}`,
        `${DIR}/bad.md:15  body: expected an https: image address, received "http://s3.amazonaws.com/old.jpg" (a page served over https may not load http: images): write https://s3.amazonaws.com/old.jpg if its host serves it, ${how}`,
        `${DIR}/half.md:10  image.width: expected image.width and image.height together (the page reserves the photo's place from both), received width without height`,
        `${DIR}/local.md:10  image.height: expected height only with a remote image.src (a photo next to the article is measured from its file), received height: 600`,
        "5 errors in 3 files; nothing was written.",
        "",
      ].join("\n"),
    );
  });

  it("refuses a host name that is not one in the config", () => {
    const dir = makeSite(
      { [`${DIR}/a.md`]: article({}) },
      { config: { ...DEFAULT_CONFIG, remoteImages: { hosts: ["https://s3.amazonaws.com/bucket"] } } },
    );
    const check = run(dir, "check", CLOCK);
    assert.equal(check.code, 1);
    assert.match(
      check.stderr,
      /^content\/site\.config\.ts {2}remoteImages\.hosts\.0: expected a lowercase host name such as "s3\.amazonaws\.com" \(no https:\/\/, port or path\), received "https:\/\/s3\.amazonaws\.com\/bucket"/,
    );
  });
});

describe("NewsArticle.image without a lead photo", () => {
  it("lists the body's photos: local ones by their largest JPEG, remote ones by their address, small ones not at all", async () => {
    const dir = makeSite(
      {
        [`${DIR}/body-photos.md`]: article(
          { title: "Body photos" },
          'Lead.\n\n![Wide](./wide.jpg "Wide")\n\n![Remote](https://s3.amazonaws.com/r.jpg)\n\n![Tiny](./tiny.jpg)\n',
        ),
        [`${DIR}/wide.jpg`]: await photo(1600, 900),
        [`${DIR}/tiny.jpg`]: await photo(200, 150),
      },
      { config: { ...DEFAULT_CONFIG, remoteImages: { hosts: ["s3.amazonaws.com"] } } },
    );
    const build = run(dir, "build", CLOCK);
    assert.equal(build.code, 0, build.stderr);
    const html = read(dir, PAGE("body-photos"));
    const wide = parse(html).querySelector('.article-body img[alt="Wide"]')?.getAttribute("src");
    assert.match(wide ?? "", /^\/images\/[0-9a-f]{16}-1600\.jpg$/);
    assert.deepEqual(newsArticle(html).image, [
      { "@type": "ImageObject", url: `https://example.org${wide}`, contentUrl: `https://example.org${wide}`, width: 1600, height: 900 },
      { "@type": "ImageObject", url: "https://s3.amazonaws.com/r.jpg", contentUrl: "https://s3.amazonaws.com/r.jpg" },
    ]);
  });
});

describe("links in articles to an old URL", () => {
  it("are rendered as links to the article's current URL, however the old URL is spelled, on the page and in the feeds", () => {
    const target = "/eng/news/2025/03/27/partner-toolkit/";
    const links = [
      "[no slash](/find-help/988/partner-toolkit)",
      "[slash](/find-help/988/partner-toolkit/#tools)",
      "[absolute](https://example.org/find-help/988/partner-toolkit)",
      "[encoded](/2016/11/29/sin%e2%80%8a-ready/)",
      "[decoded](/2016/11/29/sin\u200a-ready)",
      "[script](/news/item.php)",
      "[elsewhere](https://other.example/find-help/988/partner-toolkit)",
      "<https://example.org/find-help/988/partner-toolkit/>",
    ];
    const dir = makeSite({
      [`${DIR}/partner-toolkit.md`]: article({
        title: "Partner toolkit",
        aliases: '["/find-help/988/partner-toolkit", "/2016/11/29/sin%E2%80%8A-ready/", "/news/item.php"]',
      }),
      [`${DIR}/linking.md`]: article({ title: "Linking", date: "2025-03-27 12:00" }, `Lead.\n\n${links.join("\n\n")}\n`),
    });
    const build = run(dir, "build", CLOCK);
    assert.equal(build.code, 0, build.stderr);
    const hrefs = parse(read(dir, PAGE("linking")))
      .querySelectorAll(".article-body a")
      .map((a) => `${a.text} ${a.getAttribute("href")}`);
    assert.deepEqual(hrefs, [
      `no slash ${target}`,
      `slash ${target}#tools`,
      `absolute ${target}`,
      `encoded ${target}`,
      `decoded ${target}`,
      `script ${target}`,
      "elsewhere https://other.example/find-help/988/partner-toolkit",
      `https://example.org/find-help/988/partner-toolkit/ ${target}`,
    ]);
    const feed = read(dir, "_site/eng/feed.json");
    const item = (JSON.parse(feed) as { items: { title: string; content_html: string }[] }).items.find((i) => i.title === "Linking");
    assert.match(item?.content_html ?? "", /<a href="https:\/\/example\.org\/eng\/news\/2025\/03\/27\/partner-toolkit\/#tools">slash<\/a>/);
    assert.doesNotMatch(item?.content_html ?? "", /href="https:\/\/example\.org\/(?:find-help|news\/item|2016)/);
  });
});

describe("links to old URLs and the page cache", () => {
  it("renders a cached page again when a link in it comes to name an article's old URL", () => {
    const dir = makeSite({
      [`${DIR}/toolkit.md`]: article({ title: "Toolkit" }),
      [`${DIR}/linking.md`]: article(
        { title: "Linking", date: "2025-03-27 12:00" },
        "Lead.\n\n[the toolkit](https://example.org/find-help/toolkit)\n",
      ),
    });
    const cached = { SOURCE_DATE_EPOCH: CLOCK.SOURCE_DATE_EPOCH };
    const href = () =>
      parse(read(dir, PAGE("linking")))
        .querySelector(".article-body a")
        ?.getAttribute("href");
    assert.equal(run(dir, "build", cached).code, 0);
    assert.equal(href(), "https://example.org/find-help/toolkit");
    writeFileSync(path.join(dir, DIR, "toolkit.md"), article({ title: "Toolkit", aliases: '["/find-help/toolkit"]' }));
    const again = run(dir, "build", cached);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /; [1-9]\d* from the page cache\)$/m, "other pages came from the cache");
    assert.equal(href(), "/eng/news/2025/03/27/toolkit/");
  });
});

describe("a brief in the feeds and in search", () => {
  it("carries its summary and source link as the content of its Atom, RSS and JSON Feed entries and in its search record", async () => {
    const dir = makeSite({
      [`${DIR}/brief.md`]: article(
        {
          title: "Metro ran on time",
          summary: "The Kyiv metro ran on time all day despite the outages.",
          source: "\n  name: Kyiv Metro\n  url: https://metro.kyiv.example/news/1\n  via: its press office",
        },
        "",
      ),
      [`${DIR}/link-only.md`]: article({ title: "Lviv trams", source: "\n  name: Wire\n  url: https://wire.example/lviv" }, ""),
    });
    const build = run(dir, "build", CLOCK);
    assert.equal(build.code, 0, build.stderr);
    const content =
      '<p>The Kyiv metro ran on time all day despite the outages.</p>\n<p>Source: <a href="https://metro.kyiv.example/news/1">Kyiv Metro</a> with reference to its press office</p>\n';
    const escaped = content.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
    assert.ok(read(dir, "_site/eng/feed.xml").includes(`<content type="html">${escaped}</content>`), "Atom");
    assert.ok(read(dir, "_site/eng/rss.xml").includes(`<content:encoded>${escaped}</content:encoded>`), "RSS");
    const items = (JSON.parse(read(dir, "_site/eng/feed.json")) as { items: { title: string; content_html: string }[] }).items;
    assert.equal(items.find((i) => i.title === "Metro ran on time")?.content_html, content);
    assert.equal(items.find((i) => i.title === "Lviv trams")?.content_html, '<p>Source: <a href="https://wire.example/lviv">Wire</a></p>\n');

    // Search: the headline and the summary (the brief has no text of its own).
    const site = buildSiteModel(await loadContent(dir), DateTime.fromSeconds(Number(CLOCK.SOURCE_DATE_EPOCH)));
    const brief = site.articles.find((a) => a.title === "Metro ran on time");
    assert.ok(brief);
    assert.equal(
      searchRecord(searchInput(site, brief)).content.trim(),
      "Metro ran on time\n\nThe Kyiv metro ran on time all day despite the outages.",
    );
  });
});
