import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { notesFor, notesOf } from "../../src/content/article-notes.ts";
import { deepFreeze } from "../../src/model/freeze.ts";
import { noteSource, sourceDigest } from "../../src/model/parse-cache.ts";

describe("what the load notes of an article object", () => {
  it("belongs to that object alone: a copy, an object made from it and a proxy of it have none", () => {
    const article = { title: "Talks in Paris", tags: ["Paris"] };
    noteSource(article, "env", "hash");
    assert.equal(sourceDigest(article), "env:hash");
    assert.equal(sourceDigest({ ...article }), undefined, "a copy with other fields must not claim the original's source");
    assert.equal(sourceDigest(Object.create(article)), undefined);
    assert.equal(sourceDigest(new Proxy(article, {})), undefined);
  });

  it("is not a field: JSON, Object.keys and a structured clone do not see it, and freezing the article leaves it writable", () => {
    const article = { title: "Talks in Paris", tags: ["Paris"] };
    notesFor(article).facts = { length: 3, relativeLinks: false, images: [] };
    assert.deepEqual(Object.keys(article), ["title", "tags"]);
    assert.equal(JSON.stringify(article), '{"title":"Talks in Paris","tags":["Paris"]}');
    assert.deepEqual(structuredClone(article), { title: "Talks in Paris", tags: ["Paris"] });
    deepFreeze(article);
    noteSource(article, "env", "after-freeze");
    assert.equal(sourceDigest(article), "env:after-freeze");
    assert.equal(notesOf(article)?.facts?.length, 3);
  });

  it("is kept for an object frozen before its first note", () => {
    const article = Object.freeze({ title: "Frozen first" });
    noteSource(article, "env", "frozen");
    assert.equal(sourceDigest(article), "env:frozen");
    assert.equal(sourceDigest(Object.freeze({ title: "Frozen first" })), undefined);
  });
});
