import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ContentError } from "../../src/errors/content-error.ts";
import { buildAuthorIndex } from "../../src/model/authors.ts";
import { authorIdProblem, loadContent } from "../../src/model/load.ts";
import type { Author } from "../../src/schema/author.ts";
import { ENG, memArticle, newestFirst, slugsOf } from "../helpers/articles.ts";
import { makeSite } from "../helpers/site.ts";

const author = (id: string, name: string): [string, Author] => [id, { id, name, file: `content/authors/${id}.yaml` }];
const authors = new Map([author("zz", "Anna Zed"), author("aa", "Boris Ay"), author("nobody", "Unused Author")]);

describe("buildAuthorIndex", () => {
  it("lists only authors with articles in the edition, by name, each with their articles newest first", () => {
    const index = buildAuthorIndex(
      ENG,
      newestFirst([memArticle("a", "2025-03-26 10:00", ["X"], ["aa"]), memArticle("b", "2025-03-27 10:00", ["X"], ["aa", "zz"])]),
      authors,
    );
    assert.deepEqual(
      index.list.map((e) => [e.author.id, e.url, slugsOf(e.articles)]),
      [
        ["zz", "/eng/authors/zz/", ["b"]],
        ["aa", "/eng/authors/aa/", ["b", "a"]],
      ],
    );
    assert.equal(index.byId.has("nobody"), false);
  });
});

describe("author files", () => {
  const load = async (files: Record<string, string>): Promise<string> => {
    try {
      await loadContent(makeSite(files, { authors: {} }));
    } catch (error) {
      assert.ok(error instanceof ContentError, String(error));
      return error.message;
    }
    assert.fail("expected a ContentError");
  };

  it("takes the id from a file name that is a lowercase slug, and suggests one otherwise", () => {
    assert.equal(authorIdProblem("content/authors/olena-roshchyna.yaml", "olena-roshchyna"), undefined);
    for (const [id, suggestion] of [
      ["With Spaces", "with-spaces"],
      ["Olena", "olena"],
      ["olena_roshchyna", "olena-roshchyna"],
      ["Олена Рощина", "olena-roshchyna"],
    ]) {
      assert.equal(
        authorIdProblem(`content/authors/${id}.yaml`, id as string)?.message,
        `expected a file name of lowercase letters, digits and hyphens (the author's id, part of their page's URL), received "${id}.yaml": rename the file to ${suggestion}.yaml`,
      );
    }
  });

  it("gives every author file problem a line, says what a file that is not a mapping holds, and refuses one id twice", async () => {
    assert.equal(
      await load({
        "content/authors/empty.yaml": "",
        "content/authors/comment.yaml": "# nobody yet\n",
        "content/authors/listed.yaml": "- name: Listed\n- name: Twice\n",
        "content/authors/text.yaml": "Just a name\n",
        "content/authors/Bad Name.yaml": "name: Bad Name\n",
        "content/authors/desk/olena.yaml": "name: Olena\n",
        "content/authors/olena.yaml": "name: Olena Other\n",
      }),
      [
        "content/authors/Bad Name.yaml:1  expected a file name of lowercase letters, digits and hyphens (the author's id, part of their page's URL), received \"Bad Name.yaml\": rename the file to bad-name.yaml",
        "content/authors/comment.yaml:1  name: required: expected the author's name, received nothing",
        "content/authors/empty.yaml:1  name: required: expected the author's name, received nothing",
        "content/authors/listed.yaml:1  expected a mapping of fields such as name:, received a list",
        'content/authors/olena.yaml:1  expected a file name no other author file has, received "olena.yaml", which content/authors/desk/olena.yaml already has',
        'content/authors/text.yaml:1  expected a mapping of fields such as name:, received "Just a name"',
        "6 errors in 6 files; nothing was written.",
      ].join("\n"),
    );
  });

  it("accepts a web address and a photo path, and refuses a url that is not http(s)", async () => {
    const { authors } = await loadContent(
      makeSite({}, { authors: { "content/authors/olena.yaml": "name: Olena\nurl: https://example.com/olena\nphoto: ./olena.jpg\n" } }),
    );
    assert.deepEqual(authors.get("olena"), {
      id: "olena",
      file: "content/authors/olena.yaml",
      name: "Olena",
      url: "https://example.com/olena",
      photo: "./olena.jpg",
    });
    assert.equal(
      await load({ "content/authors/olena.yaml": "name: Olena\nurl: ftp://example.com/olena\n" }),
      [
        'content/authors/olena.yaml:2  url: expected a web address starting with https://, received "ftp://example.com/olena"',
        "1 error in 1 file; nothing was written.",
      ].join("\n"),
    );
  });
});
