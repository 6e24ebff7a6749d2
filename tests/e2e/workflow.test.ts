/** Drafts, embargo, the link check, atomic output and determinism (issue #6). */
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import sharp from "sharp";
import { article, makeSite, read, run } from "../helpers/site.ts";

// 2025-03-27 11:15 UTC = 13:15 in Kyiv.
const CLOCK = { SOURCE_DATE_EPOCH: "1743074100" };

function allFiles(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const entry of (readdirSync(dir, { recursive: true }) as string[]).sort()) {
    const file = path.join(dir, entry);
    if (statSync(file).isFile()) out.set(entry, readFileSync(file));
  }
  return out;
}

async function photo(color: string): Promise<Buffer> {
  return sharp({ create: { width: 1400, height: 800, channels: 3, background: color } })
    .jpeg()
    .toBuffer();
}

describe("drafts and embargoes", () => {
  it("leave no trace anywhere in the output, and the build says when the next embargo lifts", async () => {
    const dir = makeSite({
      "content/articles/eng/2025/03/public.md": article({ title: "Public story", tags: "[Ukraine, Secret tag]" }),
      "content/articles/eng/2025/03/draft-zebra.md": article({
        title: "Draft headline zebra",
        draft: "true",
        tags: "[Ukraine, Draftonly]",
        image: "{src: ./draft-photo.jpg, alt: Draft alt, credit: Draft credit}",
      }),
      "content/articles/eng/2025/03/draft-photo.jpg": await photo("#123456"),
      "content/articles/eng/2025/03/embargoed-okapi.md": article({
        title: "Embargoed headline okapi",
        date: "2025-03-27 18:00",
        authors: "[anastasia-protz]",
        tags: "[Ukraine, Embargoonly]",
        image: "{src: ./embargo-photo.jpg, alt: Embargo alt, credit: Embargo credit}",
      }),
      "content/articles/eng/2025/03/embargo-photo.jpg": await photo("#654321"),
      "content/articles/eng/2025/03/later.md": article({ title: "Later embargo", date: "2025-03-28 09:00" }),
    });
    const result = run(dir, "build", CLOCK);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      /^embargo: 2 held back; the next lifts at 2025-03-27T18:00:00\+02:00 \(content\/articles\/eng\/2025\/03\/embargoed-okapi\.md\); rebuild then to publish it$/m,
    );
    assert.deepEqual(JSON.parse(read(dir, ".cache/embargo.json")), {
      held: 2,
      next: {
        time: "2025-03-27T18:00:00+02:00",
        file: "content/articles/eng/2025/03/embargoed-okapi.md",
        url: "/eng/news/2025/03/27/embargoed-okapi/",
      },
    });
    const files = allFiles(path.join(dir, "_site"));
    const leaks: string[] = [];
    for (const [file, bytes] of files) {
      for (const needle of [
        "zebra",
        "okapi",
        "Draftonly",
        "Embargoonly",
        "Draft alt",
        "Embargo alt",
        "draft-photo",
        "embargo-photo",
        "Later embargo",
        "anastasia",
      ]) {
        if (file.toLowerCase().includes(needle.toLowerCase()) || bytes.toString("latin1").toLowerCase().includes(needle.toLowerCase()))
          leaks.push(`${file}: ${needle}`);
      }
    }
    assert.deepEqual(leaks, []);
    // The public article has no photo: only its generated card; nothing from the held-back photos.
    assert.equal([...files.keys()].filter((f) => /\.(jpe?g|webp|avif)$/.test(f) && !f.endsWith("-card.jpg")).length, 0, [...files.keys()].join("\n"));
    // Counts say 1, not 2 or 3.
    assert.match(read(dir, "_site/eng/tags/index.html"), /Ukraine/);
    assert.doesNotMatch(read(dir, "_site/eng/tags/index.html"), /Draftonly|Embargoonly/);
  });

  it("publishes the embargoed article once the clock passes its time", () => {
    const dir = makeSite({ "content/articles/eng/2025/03/soon.md": article({ date: "2025-03-27 13:16" }) });
    assert.equal(run(dir, "build", CLOCK).code, 0);
    // No archive yet; the news-feed column's latest headlines are empty.
    assert.deepEqual(readdirSync(path.join(dir, "_site/eng/news")).sort(), ["index.html", "latest.json"]);
    assert.deepEqual(JSON.parse(read(dir, "_site/eng/news/latest.json")), { days: [] });
    assert.equal(run(dir, "build", { SOURCE_DATE_EPOCH: String(1743074100 + 60) }).code, 0);
    assert.match(read(dir, "_site/eng/news/2025/03/27/soon/index.html"), /<h1>Coalition meets in Paris<\/h1>/);
    assert.deepEqual(JSON.parse(read(dir, ".cache/embargo.json")), { held: 0 });
  });
});

describe("the link check", () => {
  it("fails the build naming the page and the link, and the previous _site/ stays byte-identical", () => {
    const dir = makeSite({ "content/articles/eng/2025/03/fine.md": article({}) });
    assert.equal(run(dir, "build", CLOCK).code, 0);
    const before = allFiles(path.join(dir, "_site"));
    writeFileSync(
      path.join(dir, "content/articles/eng/2025/03/broken.md"),
      article({ title: "Broken" }, "Lead.\n\nSee [the old story](/eng/news/2020/01/01/gone/) and [ok](/eng/news/).\n"),
    );
    const result = run(dir, "build", CLOCK);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      [
        "eng/news/2025/03/27/broken/index.html  links to /eng/news/2020/01/01/gone/, which is not in the built site",
        "1 broken internal link; nothing was published.",
      ].join("\n"),
    );
    assert.deepEqual(allFiles(path.join(dir, "_site")), before);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.startsWith("_site")),
      ["_site"],
    );
  });
});

describe("determinism", () => {
  it("gives byte-identical output for the same content and clock, every page rendered each time", () => {
    const dir = makeSite({
      "content/articles/eng/2025/03/a.md": article({ title: "A", tags: "[Ukraine, EU]" }),
      "content/articles/eng/2025/03/b.md": article({ title: "B", date: "2025-03-26 10:00", tags: "[EU]" }),
      "content/articles/uk/2025/03/v.md": article({ title: "В", tags: "[Україна]" }),
    });
    // Cold builds: with the page cache on, a later build would take its pages from the first one's cache.
    const cold = (output: string, env: NodeJS.ProcessEnv = {}) => {
      const result = run(dir, "build", { ...CLOCK, NEWSROOM_PAGE_CACHE: "off", ...env }, ["--output", output]);
      assert.equal(result.code, 0, result.stderr);
      assert.match(result.stdout, /^write: \d+ pages in .*; 0 from the page cache\)$/m);
      return allFiles(path.join(dir, output));
    };
    const one = cold("one");
    assert.ok(one.size > 20);
    assert.ok([...one.keys()].filter((f) => /news\/2025\/03\/\d\d\/[a-z]+\/index\.html$/.test(f)).length >= 3, [...one.keys()].join("\n"));
    assert.deepEqual(cold("two"), one);
    // Rendering article pages in slices (one Eleventy run each, src/pipeline/render-pass.ts) changes nothing.
    assert.deepEqual(cold("sliced", { NEWSROOM_RENDER_SLICE: "1" }), one);
    assert.equal(existsSync(path.join(dir, ".cache/pages")), false);
  });
});

describe("corrections", () => {
  it("render a dated box at the end of the article", () => {
    const dir = makeSite({
      "content/articles/eng/2025/03/fixed.md": `${article({}).replace(
        "---\nA lead",
        "---\nA lead".replace("---", "corrections:\n  - date: 2025-03-27 15:00\n    text: An earlier version misnamed the **venue**.\n---"),
      )}`,
    });
    // Built after the correction (15:00): a correction later than the build clock is an error.
    const result = run(dir, "build", { SOURCE_DATE_EPOCH: String(1743074100 + 2 * 3600) });
    assert.equal(result.code, 0, result.stderr);
    const page = read(dir, "_site/eng/news/2025/03/27/fixed/index.html");
    assert.match(
      page,
      /<aside class="corrections" aria-labelledby="corrections-heading">\n<h2 id="corrections-heading">Corrections<\/h2>\n<ul><li><time datetime="2025-03-27T15:00:00\+02:00">Thursday, 27 March 2025, 15:00<\/time>: An earlier version misnamed the <strong>venue<\/strong>\.<\/li><\/ul>\n<\/aside>\n<footer class="article-footer" data-pagefind-ignore>/,
    );
    const graph = JSON.parse(/<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page)?.[1] ?? "{}")["@graph"] as Array<
      Record<string, unknown>
    >;
    const news = graph.find((n) => n["@type"] === "NewsArticle");
    assert.deepEqual(news?.correction, [
      { "@type": "CorrectionComment", text: "An earlier version misnamed the venue.", datePublished: "2025-03-27T15:00:00+02:00" },
    ]);
    assert.equal(news?.dateModified, "2025-03-27T15:00:00+02:00");
  });

  it("must not predate the article and must have both fields", () => {
    const dir = makeSite({
      "content/articles/eng/a.md": article({}).replace("---\nA lead", "corrections:\n  - date: 2025-03-26 10:00\n    text: Too early.\n---\nA lead"),
      "content/articles/eng/b.md": article({}).replace("---\nA lead", "corrections:\n  - txt: typo\n---\nA lead"),
    });
    const result = run(dir, "check");
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      [
        "content/articles/eng/a.md:7  corrections[0].date: expected a time not earlier than date (2025-03-27 13:15 Europe/Kyiv), received 2025-03-26 10:00",
        'content/articles/eng/b.md:7  corrections[0].date: required: expected a date and time such as "2025-03-27 13:15", received nothing',
        "content/articles/eng/b.md:7  corrections[0].text: required: expected what was corrected, received nothing",
        'content/articles/eng/b.md:7  corrections[0].txt: unknown field, did you mean "text"? (known fields: date, text)',
        "4 errors in 2 files; nothing was written.",
      ].join("\n"),
    );
  });
});

describe("aliases", () => {
  it("produce redirect pages and a _redirects file", () => {
    const dir = makeSite({
      "content/articles/eng/2025/03/new-slug.md": article({ aliases: "[/eng/news/2025/03/27/old-slug/, /old/story.html]" }),
    });
    const result = run(dir, "build", CLOCK);
    assert.equal(result.code, 0, result.stderr);
    const page = read(dir, "_site/eng/news/2025/03/27/old-slug/index.html");
    assert.match(page, /<link rel="canonical" href="https:\/\/example\.org\/eng\/news\/2025\/03\/27\/new-slug\/">/);
    assert.match(page, /<meta http-equiv="refresh" content="0; url=\/eng\/news\/2025\/03\/27\/new-slug\/">/);
    assert.match(read(dir, "_site/old/story.html"), /url=\/eng\/news\/2025\/03\/27\/new-slug\//);
    assert.equal(
      read(dir, "_site/_redirects"),
      "/eng/news/2025/03/27/old-slug/ /eng/news/2025/03/27/new-slug/ 301\n/old/story.html /eng/news/2025/03/27/new-slug/ 301\n/eng/* /eng/404.html 404\n",
    );
  });

  it("that collide with a real page, or with each other, are errors", () => {
    const dir = makeSite({
      "content/articles/eng/2025/03/one.md": article({ aliases: "[/eng/news/, /eng/news/2025/03/27/two/]" }),
      "content/articles/eng/2025/03/two.md": article({ aliases: "/eng/gone/" }),
      "content/articles/eng/2025/03/three.md": article({ aliases: "[/eng/gone/, ../etc/]" }),
    });
    const result = run(dir, "check");
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      [
        'content/articles/eng/2025/03/one.md:6  aliases[0]: expected an old URL that no page uses, received "/eng/news/", which is already used by the news feed of edition "eng"',
        'content/articles/eng/2025/03/one.md:6  aliases[1]: expected an old URL that no page uses, received "/eng/news/2025/03/27/two/", which is already used by content/articles/eng/2025/03/two.md',
        'content/articles/eng/2025/03/three.md:6  aliases[1]: expected an old URL of this article: a path from the site root such as "/eng/news/2025/03/27/old-slug/", "/find-help/partner-toolkit" or "/story.php", received "../etc/"',
        "3 errors in 2 files; nothing was written.",
      ].join("\n"),
    );
  });
});
