/** Static pages on a fixture site: their URLs, the footer, hreflang, the sitemap, clashes with other pages, and the preview. */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type PreviewServer, startPreview } from "../../src/pipeline/preview.ts";
import { article, makeSite, read, run } from "../helpers/site.ts";
import { sitemapText } from "../helpers/tools.ts";

const CLOCK = { SOURCE_DATE_EPOCH: String(Date.UTC(2025, 3, 1) / 1000) };
const page = (title: string, body: string, extra = "") => `---\ntitle: ${title}\n${extra}---\n${body}\n`;

const PAGES = {
  "content/pages/eng/about.md": page("About us", "We're a newsroom. See our [policy](../editorial-policy/).", "order: 1\n"),
  "content/pages/eng/editorial-policy.md": page(
    "Editorial policy",
    'We check "every" fact.',
    "summary: How we work\nupdated: 2025-03-01 10:00\norder: 2\n",
  ),
  "content/pages/uk/about.md": page("Про нас", `Ми редакція, яка пише про "війну".`, "order: 1\n"),
};

describe("static pages", () => {
  const dir = makeSite({ "content/articles/eng/2025/03/story.md": article({ title: "A story" }), ...PAGES });

  before(() => {
    const result = run(dir, "build", CLOCK);
    assert.equal(result.code, 0, result.stderr);
  });

  it("are published at the edition's prefix and file name, titled, described and typeset in the edition's language", () => {
    const about = read(dir, "_site/eng/about/index.html");
    assert.match(about, /<html lang="en">/);
    assert.match(about, /<title>About us \| Ukrainska Pravda<\/title>\n<meta name="description" content="We’re a newsroom. See our policy.">/);
    assert.match(
      about,
      /<h1>About us<\/h1>\n<div class="article-body">\n<p>We’re a newsroom. See our <a href="..\/editorial-policy\/">policy<\/a>.<\/p>/,
    );
    const policy = read(dir, "_site/eng/editorial-policy/index.html");
    assert.match(policy, /<meta name="description" content="How we work">/);
    assert.match(policy, /<p class="updated">Updated: <time datetime="2025-03-01T10:00:00\+02:00">Saturday, 1 March 2025, 10:00<\/time><\/p>/);
    assert.match(policy, /<p>We check “every” fact.<\/p>/);
    const uk = read(dir, "_site/about/index.html");
    assert.match(uk, /<html lang="uk">/);
    assert.match(uk, /<p>Ми редакція, яка пише про «війну».<\/p>/);
  });

  it("are linked from every page's footer in their edition, in their order", () => {
    const nav = (file: string) => read(dir, file).match(/<nav class="footer-group" aria-labelledby="footer-about">\n[\s\S]*?<\/nav>\n/)?.[0] ?? "";
    const eng =
      '<nav class="footer-group" aria-labelledby="footer-about">\n<h2 id="footer-about">About the publication</h2>\n<ul><li><a href="/eng/about/">About us</a></li><li><a href="/eng/editorial-policy/">Editorial policy</a></li></ul>\n</nav>\n';
    for (const file of ["_site/eng/index.html", "_site/eng/news/2025/03/27/story/index.html", "_site/eng/404.html", "_site/eng/about/index.html"])
      assert.equal(nav(file), eng, file);
    assert.equal(
      nav("_site/index.html"),
      '<nav class="footer-group" aria-labelledby="footer-about">\n<h2 id="footer-about">Про видання</h2>\n<ul><li><a href="/about/">Про нас</a></li></ul>\n</nav>\n',
    );
  });

  it("link their versions in the other editions with hreflang, in the page and in the sitemap, with the last update as lastmod", () => {
    const alternates =
      '<link rel="alternate" hreflang="uk" href="https://example.org/about/">\n<link rel="alternate" hreflang="en" href="https://example.org/eng/about/">\n<link rel="alternate" hreflang="x-default" href="https://example.org/about/">\n';
    assert.ok(read(dir, "_site/eng/about/index.html").includes(alternates));
    assert.ok(read(dir, "_site/about/index.html").includes(alternates));
    assert.doesNotMatch(read(dir, "_site/eng/editorial-policy/index.html"), /<link rel="alternate" hreflang/);
    const sitemap = sitemapText(path.join(dir, "_site"), "https://example.org/");
    assert.ok(
      sitemap.includes(
        '<url><loc>https://example.org/about/</loc><xhtml:link rel="alternate" hreflang="uk" href="https://example.org/about/"/><xhtml:link rel="alternate" hreflang="en" href="https://example.org/eng/about/"/><xhtml:link rel="alternate" hreflang="x-default" href="https://example.org/about/"/></url>',
      ),
    );
    assert.ok(sitemap.includes("<url><loc>https://example.org/eng/editorial-policy/</loc><lastmod>2025-03-01T10:00:00+02:00</lastmod></url>"));
  });

  it("refuses a page whose URL another page has, and an alias at a page's URL, naming the file", () => {
    const clash = makeSite({
      "content/articles/eng/2025/03/story.md": article({ title: "A story", aliases: "[/eng/about/]" }),
      "content/pages/eng/news.md": page("News", "Text."),
      "content/pages/uk/eng.md": page("Англійська", "Текст."),
      "content/pages/eng/about.md": page("About", "Text."),
    });
    const result = run(clash, "check", CLOCK);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      [
        'content/articles/eng/2025/03/story.md:6  aliases[0]: expected an old URL that no page uses, received "/eng/about/", which is already used by content/pages/eng/about.md',
        'content/pages/eng/news.md:1  expected a file name that gives a URL of its own, received "news.md", whose URL /eng/news/ is already used by the news feed of edition "eng"; rename the file',
        'content/pages/uk/eng.md:1  expected a file name that gives a URL of its own, received "eng.md", whose URL /eng/ is already used by the home page of edition "eng"; rename the file',
        "3 errors in 3 files; nothing was written.",
      ].join("\n"),
    );
  });
});

describe("static pages in the preview", () => {
  const dir = makeSite({ "content/articles/eng/2025/03/story.md": article({ title: "A story" }), ...PAGES });
  let server: PreviewServer;

  before(async () => {
    process.env.SOURCE_DATE_EPOCH = CLOCK.SOURCE_DATE_EPOCH;
    server = await startPreview(dir, 19_000 + (process.pid % 1000), () => {});
  });
  after(async () => {
    await server.close();
    delete process.env.SOURCE_DATE_EPOCH;
  });

  it("show an edit, and a new page in every footer, without a restart", async () => {
    const get = async (p: string) => (await fetch(new URL(p, server.url))).text();
    writeFileSync(path.join(dir, "content/pages/eng/about.md"), page("About the newsroom", "Edited text."));
    writeFileSync(path.join(dir, "content/pages/eng/contacts.md"), page("Contacts", "Write to us.", "order: 3\n"));
    const deadline = Date.now() + 30_000;
    let about = "";
    let story = "";
    while (Date.now() < deadline) {
      about = await get("eng/about/");
      story = await get("eng/news/2025/03/27/story/");
      if (about.includes("Edited text.") && story.includes('<a href="/eng/contacts/">Contacts</a>')) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.match(about, /<h1>About the newsroom<\/h1>/);
    assert.match(story, /<li><a href="\/eng\/about\/">About the newsroom<\/a><\/li>/);
    assert.match(story, /<li><a href="\/eng\/contacts\/">Contacts<\/a><\/li>/);
  });
});
