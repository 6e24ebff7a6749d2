import assert from "node:assert/strict";
import { symlinkSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { ContentError } from "../../src/errors/content-error.ts";
import { loadContent } from "../../src/model/load.ts";
import { article, makeSite } from "../helpers/site.ts";

async function report(files: Record<string, string>): Promise<string> {
  try {
    await loadContent(makeSite(files));
  } catch (error) {
    assert.ok(error instanceof ContentError, String(error));
    return error.message;
  }
  assert.fail("expected a ContentError");
}

describe("loadContent", () => {
  it("loads valid articles with URL, edition, slug and description", async () => {
    const { articles } = await loadContent(
      makeSite({
        "content/articles/eng/2025/03/paris.md": article({ date: "2025-03-27 00:40" }, "**Details:** the [lead](https://x.org).\n\nMore."),
        "content/articles/eng/loose.md": article({ lang: "en", slug: "custom-slug", summary: "Given summary." }),
        "content/articles/uk/2025/03/Зустріч у Парижі.md": article({}),
      }),
    );
    assert.deepEqual(
      articles.map((a) => [a.file, a.edition, a.url, a.description]),
      [
        ["content/articles/eng/2025/03/paris.md", "eng", "/eng/news/2025/03/27/paris/", "Details: the lead."],
        ["content/articles/eng/loose.md", "eng", "/eng/news/2025/03/27/custom-slug/", "Given summary."],
        ["content/articles/uk/2025/03/Зустріч у Парижі.md", "uk", "/news/2025/03/27/zustrich-u-paryzhi/", "A lead paragraph."],
      ],
    );
  });

  it("reports every problem in every file at once, with file, line and field", async () => {
    const message = await report({
      "content/articles/eng/a.md":
        "---\ntitle: Fine\ndate: next Tuesday\nauthors: [ulyana-krychkovsky, anastasia-protz]\ntags: []\nsoruce: Reuters\n---\nBody\n",
      "content/articles/eng/b.md": "---\ntitle: [unclosed\ndate: 2025-03-27 13:15\n---\n",
      "content/articles/eng/c.md": "---\ntitle: x\ntitle: y\n---\n",
      "content/articles/eng/d.md": "no front matter here\n",
      "content/articles/eng/e.md": "---\ntitle: x\n",
      "content/articles/uk/f.md": article({ lang: "en" }),
    });
    assert.equal(
      message,
      [
        'content/articles/eng/a.md:3  date: expected a date and time such as "2025-03-27 13:15" or "2025-03-27T13:15+02:00", received "next Tuesday"',
        'content/articles/eng/a.md:4  authors[0]: unknown author "ulyana-krychkovsky", did you mean "ulyana-krychkovska"? (known ids: anastasia-protz, ulyana-krychkovska; add content/authors/ulyana-krychkovsky.yaml for a new author)',
        "content/articles/eng/a.md:5  tags: expected at least one tag",
        'content/articles/eng/a.md:6  soruce: unknown field, did you mean "source"? (known fields: title, date, updated, authors, tags, source, summary, image, background, section, slug, draft, important, priority, lang, translationKey, corrections, aliases)',
        "content/articles/eng/b.md:3:1  YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]",
        "content/articles/eng/c.md:3:1  YAML syntax error: Map keys must be unique",
        'content/articles/eng/d.md:1  expected the file to start with a --- line opening the front matter, received "no front matter here"',
        "content/articles/eng/e.md:1  expected a closing --- line after the front matter, found none",
        'content/articles/uk/f.md:6  lang: expected "uk" for an article in the uk folder, received "en"',
        "9 errors in 6 files; nothing was written.",
      ].join("\n"),
    );
  });

  it("suggests the nearest author id", async () => {
    const message = await report({ "content/articles/eng/a.md": article({ authors: "[anastasia-protz, ulyana-krychkovsky]" }) });
    assert.equal(
      message.split("\n")[0],
      'content/articles/eng/a.md:4  authors[1]: unknown author "ulyana-krychkovsky", did you mean "ulyana-krychkovska"? (known ids: anastasia-protz, ulyana-krychkovska; add content/authors/ulyana-krychkovsky.yaml for a new author)',
    );
  });

  it("refuses two articles with the same URL, naming both files", async () => {
    const message = await report({
      "content/articles/eng/2025/03/paris.md": article({}),
      "content/articles/eng/2025/03/paris-2.md": article({ slug: "paris" }),
      "content/articles/eng/other/paris.md": article({}),
    });
    assert.equal(
      message,
      [
        "content/articles/eng/2025/03/paris.md:3  date: gives the URL /eng/news/2025/03/27/paris/, which content/articles/eng/2025/03/paris-2.md already has; give one of them a different slug",
        "content/articles/eng/other/paris.md:3  date: gives the URL /eng/news/2025/03/27/paris/, which content/articles/eng/2025/03/paris-2.md already has; give one of them a different slug",
        "2 errors in 2 files; nothing was written.",
      ].join("\n"),
    );
  });

  it("reports author file problems with lines", async () => {
    const message = await report({ "content/authors/bad.yaml": "name: Bad\nbio: 12\nurl: ftp://x\n" });
    assert.equal(
      message,
      [
        "content/authors/bad.yaml:2  bio: expected a short biography, or one per edition language such as {uk: …, en: …}, received the number 12",
        'content/authors/bad.yaml:3  url: expected a web address starting with https://, received "ftp://x"',
        "2 errors in 1 file; nothing was written.",
      ].join("\n"),
    );
  });
});

describe("links that lead outside the repository", () => {
  it("are reported, never read", async () => {
    const dir = makeSite({ "content/articles/eng/ok.md": article({}) });
    symlinkSync("/etc/hostname", path.join(dir, "content/articles/eng/passwd.md"));
    symlinkSync("/etc", path.join(dir, "content/articles/etc"));
    symlinkSync(path.join(dir, "content/articles/eng/ok.md"), path.join(dir, "content/articles/eng/inside.md"));
    await assert.rejects(loadContent(dir), (error: Error) => {
      assert.equal(
        error.message,
        [
          "content/articles/eng/passwd.md:1  expected a file inside the repository, received a link that leads outside it",
          "content/articles/etc:1  expected a file inside the repository, received a link that leads outside it",
          "2 errors in 2 files; nothing was written.",
        ].join("\n"),
      );
      return true;
    });
  });
});
