import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { buildAuthorIndex } from "../../src/model/authors.ts";
import type { Author } from "../../src/schema/author.ts";
import { ENG, memArticle, newestFirst, slugsOf } from "../helpers/articles.ts";

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
