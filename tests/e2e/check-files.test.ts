/**
 * Content files and folders as editors and accidents leave them: articles outside an
 * edition folder, near-miss extensions, named pipes, links to nothing, badly named or
 * shaped author files. Each is reported by `npm run check` (and `npm run build`) with
 * file:line, and nothing is published.
 */
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, symlinkSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { photo } from "../helpers/photos.ts";
import { article, DEFAULT_AUTHORS, makeSite, PROJECT, type RunResult, read } from "../helpers/site.ts";
import { vnuErrors } from "../helpers/tools.ts";

const A = "content/articles/eng/2025/03";
const CONFIG = {
  baseUrl: "https://example.org/",
  timeZone: "Europe/Kyiv",
  editions: [
    { id: "uk", lang: "uk", locale: "uk", prefix: "/", name: "Українська правда" },
    { id: "eng", lang: "en", locale: "en-GB", prefix: "/eng/", name: "Ukrainska Pravda" },
    { id: "rus", lang: "ru", locale: "ru", prefix: "/rus/", name: "Украинская правда" },
  ],
  sections: [{ id: "news", title: { uk: "Новини", en: "News", ru: "Новости" } }],
  defaultSection: "news",
  pageSize: 20,
};

/**
 * Like helpers/site.ts `run`, with a stop: a read that waits on a named pipe would otherwise
 * hold the test until the runner's own timeout. Reaching the stop fails the test by its output.
 */
function run(dir: string, script: string): RunResult {
  const result = spawnSync(path.join(PROJECT, "node_modules/.bin/tsx"), [path.join(PROJECT, "scripts", `${script}.ts`)], {
    cwd: dir,
    env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", SOURCE_DATE_EPOCH: "1767225600" },
    encoding: "utf8",
    timeout: 60_000,
    killSignal: "SIGKILL",
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const mkfifo = (dir: string, file: string) => execFileSync("mkfifo", [path.join(dir, file)]);

describe("content files and folders", () => {
  it("refuses articles outside an edition folder, naming the folders there are", () => {
    const dir = makeSite(
      {
        "content/articles/ENG/2025/03/paris.md": article({}),
        "content/articles/fr/2025/03/paris.md": article({}),
        "content/articles/english/2025/03/paris.md": article({}),
        "content/articles/loose.md": article({ lang: "en" }),
        [`${A}/fine.md`]: article({}),
      },
      { config: CONFIG },
    );
    const folders = "content/articles/uk/, content/articles/eng/, content/articles/rus/";
    for (const script of ["check", "build"]) {
      const result = run(dir, script);
      assert.equal(result.code, 1, result.stderr);
      assert.equal(
        result.stderr.trim(),
        [
          `content/articles/ENG/2025/03/paris.md:1  expected an article in an edition's folder (${folders}), received the folder "ENG", did you mean "eng"?`,
          `content/articles/english/2025/03/paris.md:1  expected an article in an edition's folder (${folders}), received the folder "english", did you mean "eng"?`,
          `content/articles/fr/2025/03/paris.md:1  expected an article in an edition's folder (${folders}), received the folder "fr"`,
          `content/articles/loose.md:1  expected an article in an edition's folder (${folders}), received a file directly in content/articles/`,
          "4 errors in 4 files; nothing was written.",
        ].join("\n"),
      );
    }
    assert.equal(existsSync(path.join(dir, "_site")), false);
  });

  it("reports .MD, .markdown and .mdown files instead of skipping them", () => {
    const dir = makeSite({
      [`${A}/upper.MD`]: article({}),
      [`${A}/mixed.Md`]: article({}),
      [`${A}/long.markdown`]: article({}),
      [`${A}/short.mdown`]: article({}),
      [`${A}/notes.txt`]: "not an article, and not mistaken for one\n",
      "content/authors/olena.yml": "name: Olena\n",
    });
    const result = run(dir, "check");
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      [
        `${A}/long.markdown:1  expected the extension .md, received .markdown: rename the file to long.md`,
        `${A}/mixed.Md:1  expected the extension .md, received .Md: rename the file to mixed.md`,
        `${A}/short.mdown:1  expected the extension .md, received .mdown: rename the file to short.md`,
        `${A}/upper.MD:1  expected the extension .md, received .MD: rename the file to upper.md`,
        "content/authors/olena.yml:1  expected the extension .yaml, received .yml: rename the file to olena.yaml",
        "5 errors in 5 files; nothing was written.",
      ].join("\n"),
    );
  });

  it("refuses named pipes as articles, photos, author photos and tags.yaml instead of waiting on them forever", () => {
    const dir = makeSite({
      [`${A}/lead.md`]: article({ image: "\n  src: ./pipe.jpg\n  alt: A pipe\n  credit: Nobody" }),
      [`${A}/body.md`]: article({}, "A lead paragraph.\n\n![A pipe](./pipe.jpg)\n"),
      "content/authors/anastasia-protz.yaml": "name: Anastasia Protz\nphoto: ./pipe.jpg\n",
    });
    mkfifo(dir, `${A}/pipe.md`);
    mkfifo(dir, `${A}/pipe.jpg`);
    mkfifo(dir, "content/authors/pipe.jpg");
    mkfifo(dir, "content/tags.yaml");
    symlinkSync("pipe.md", path.join(dir, A, "linked-pipe.md"));
    for (const script of ["check", "build"]) {
      const result = run(dir, script);
      assert.equal(result.code, 1, result.stderr);
      assert.equal(
        result.stderr.trim(),
        [
          `${A}/body.md:9  body: expected an image file, received "./pipe.jpg", which is a named pipe (FIFO)`,
          `${A}/lead.md:7  image.src: expected an image file, received "./pipe.jpg", which is a named pipe (FIFO)`,
          `${A}/linked-pipe.md:1  expected a regular file, received a link to a named pipe (FIFO)`,
          `${A}/pipe.md:1  expected a regular file, received a named pipe (FIFO)`,
          `content/authors/anastasia-protz.yaml:2  photo: expected an image file, received "./pipe.jpg", which is a named pipe (FIFO)`,
          "content/tags.yaml:1  expected a regular file, received a named pipe (FIFO)",
          "6 errors in 6 files; nothing was written.",
        ].join("\n"),
      );
    }
  });

  it("says a link to nothing leads nowhere, not outside the repository", () => {
    const dir = makeSite({
      [`${A}/fine.md`]: article({ image: "\n  src: ./gone.jpg\n  alt: Gone\n  credit: Nobody" }),
    });
    symlinkSync("deleted.md", path.join(dir, A, "dangling.md"));
    symlinkSync("deleted.jpg", path.join(dir, A, "gone.jpg"));
    // Emacs marks a file it edits with a link to nothing: not an article, not a problem.
    symlinkSync("editor@host.4242:1733300000", path.join(dir, A, ".#fine.md"));
    const result = run(dir, "check");
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      [
        `${A}/dangling.md:1  expected a link to an existing file, received a link to "deleted.md", which does not exist`,
        `${A}/fine.md:7  image.src: expected an image file, but "./gone.jpg" is a link to "deleted.jpg", which does not exist`,
        "2 errors in 2 files; nothing was written.",
      ].join("\n"),
    );
  });

  it("reports author files with a bad name, no fields, a list, or a photo outside the repository, each with a line", () => {
    const dir = makeSite({
      [`${A}/fine.md`]: article({}),
      "content/authors/With Spaces.yaml": "name: With Spaces\n",
      "content/authors/empty.yaml": "",
      "content/authors/listed.yaml": "- name: Listed\n",
      "content/authors/escaper.yaml": "name: Escaper\nbio: Tries.\nphoto: ../../../../etc/passwd\n",
      "content/authors/remote.yaml": "name: Remote\nphoto: https://example.com/me.jpg\n",
      "content/authors/linker.yaml": "name: Linker\nurl: javascript:alert(1)\n",
    });
    const result = run(dir, "check");
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      [
        "content/authors/empty.yaml:1  name: required: expected the author's name, received nothing",
        'content/authors/escaper.yaml:3  photo: expected an image inside the repository, received "../../../../etc/passwd", which leads outside it',
        'content/authors/linker.yaml:2  url: expected a web address starting with https://, received "javascript:alert(1)"',
        "content/authors/listed.yaml:1  expected a mapping of fields such as name:, received a list",
        'content/authors/remote.yaml:2  photo: expected an image path relative to content/authors/ such as "./remote.jpg", received "https://example.com/me.jpg"',
        "content/authors/With Spaces.yaml:1  expected a file name of lowercase letters, digits and hyphens (the author's id, part of their page's URL), received \"With Spaces.yaml\": rename the file to with-spaces.yaml",
        "6 errors in 6 files; nothing was written.",
      ].join("\n"),
    );
  });

  it("shows an author's photo and website on their page, and their site as sameAs in the article's structured data", async () => {
    const dir = makeSite({
      [`${A}/fine.md`]: article({ authors: "[ulyana-krychkovska, anastasia-protz]" }),
      "content/authors/ulyana-krychkovska.yaml":
        "name: Ulyana Krychkovska\nbio: Reporter.\nurl: https://example.com/ulyana\nphoto: ./photos/ulyana.jpg\n",
      "content/authors/photos/ulyana.jpg": await photo(600, 800),
      "content/authors/anastasia-protz.yaml": DEFAULT_AUTHORS["content/authors/anastasia-protz.yaml"] as string,
    });
    const result = run(dir, "build");
    assert.equal(result.code, 0, result.stderr);
    const page = read(dir, "_site/eng/authors/ulyana-krychkovska/index.html");
    const img = page.match(/<picture class="author-photo">[\s\S]*?<img src="([^"]+)"[^>]* width="480" height="640" alt="Ulyana Krychkovska"/);
    assert.ok(img, page);
    assert.ok(existsSync(path.join(dir, "_site", (img[1] as string).replace(/^\//, ""))), img[1]);
    // One width is enough for a photo shown 8rem wide.
    assert.match(page, /<img src="[^"]+" srcset="\/images\/[0-9a-f]+-480\.jpg 480w" sizes="8rem"/);
    // Only this author has a photo: the other's page shows none.
    assert.doesNotMatch(read(dir, "_site/eng/authors/anastasia-protz/index.html"), /author-photo/);
    assert.deepEqual(vnuErrors(path.join(dir, "_site/eng/authors")), []);
    assert.match(page, /<p class="website"><a href="https:\/\/example.com\/ulyana" rel="me">Website<\/a><\/p>/);
    const uk = read(dir, "_site/eng/news/2025/03/27/fine/index.html");
    const graph = JSON.parse((uk.match(/<script type="application\/ld\+json">(.*?)<\/script>/s) as RegExpMatchArray)[1] as string);
    const news = graph["@graph"].find((n: { "@type": string }) => n["@type"] === "NewsArticle");
    assert.deepEqual(news.author, [
      {
        "@type": "Person",
        name: "Ulyana Krychkovska",
        url: "https://example.org/eng/authors/ulyana-krychkovska/",
        sameAs: "https://example.com/ulyana",
      },
      { "@type": "Person", name: "Anastasia Protz", url: "https://example.org/eng/authors/anastasia-protz/" },
    ]);
  });
});
