// The feeds' bodies kept between builds (src/render/body-cache.ts): read back under a key of what
// they are rendered from, rendered again when any of it changes, and only for the articles feeds carry.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import type { ArticleImages } from "../../src/images/plan.ts";
import { noteSource } from "../../src/model/parse-cache.ts";
import { BodyCache } from "../../src/render/body-cache.ts";
import type { Article } from "../../src/schema/article.ts";
import { tempDir } from "../helpers/site.ts";

describe("feed bodies kept between builds", () => {
  const dir = tempDir("bodies-");
  const file = path.join(dir, "feeds.v8");
  const article = (url: string, body: string, hash: string) => {
    const a = { url, body, edition: "eng", file: `${url}.md` } as unknown as Article;
    noteSource(a, "env", hash);
    return a;
  };
  const one = article("/eng/one/", "First text.", "h1");
  const two = article("/eng/two/", "Second text.", "h2");
  const calls: string[] = [];
  const render = (a: Article, photos: ArticleImages | undefined) => {
    calls.push(a.url);
    return { lead: `<p>${a.body}</p>`, rest: photos ? "<figure></figure>" : "" };
  };
  const cache = (global = "g1", keep = [one.url, two.url], at = file) => new BodyCache(new Set(keep), render, { file: at, global });

  it("renders each body once, then reads it back in the next build", () => {
    const first = cache();
    assert.equal(first.get(one, undefined).lead, "<p>First text.</p>");
    first.get(two, undefined);
    first.get(one, undefined);
    assert.deepEqual(calls, [one.url, two.url]);
    first.save();
    calls.length = 0;
    const next = cache();
    assert.deepEqual(next.get(one, undefined), { lead: "<p>First text.</p>", rest: "" });
    assert.deepEqual(next.get(two, undefined), { lead: "<p>Second text.</p>", rest: "" });
    assert.deepEqual(calls, []);
    assert.equal(next.rendered, 0);
  });

  it("renders again a body whose source, photos, links or global part changed", () => {
    calls.length = 0;
    const edited = article("/eng/one/", "Edited text.", "h1-edited");
    const photos = { social: { url: "/x.jpg" }, body: new Map() } as unknown as ArticleImages;
    const next = cache();
    assert.equal(next.get(edited, undefined).lead, "<p>Edited text.</p>");
    assert.equal(next.get(two, photos).rest, "<figure></figure>");
    assert.deepEqual(calls, [one.url, two.url]);
    next.save();
    calls.length = 0;
    const linked = cache();
    linked.get(edited, undefined, { "/old": "/eng/one/" });
    assert.deepEqual(calls, [one.url]);
    calls.length = 0;
    cache("g2").get(edited, undefined);
    assert.deepEqual(calls, [one.url], "another code or chrome renders every body");
  });

  it("keeps only the bodies of articles a feed with full text carries, and nothing without a file or a source", () => {
    const other = path.join(dir, "other.v8");
    const only = cache("g1", [two.url], other);
    only.get(one, undefined);
    only.get(two, undefined);
    only.save();
    calls.length = 0;
    const next = cache("g1", [one.url, two.url], other);
    next.get(one, undefined);
    next.get(two, undefined);
    assert.deepEqual(calls, [one.url]);
    const loose = { url: "/eng/loose/", body: "No file.", edition: "eng" } as unknown as Article;
    const none = new BodyCache(new Set([loose.url]), render);
    none.get(loose, undefined);
    none.save();
    writeFileSync(file, "not v8");
    calls.length = 0;
    cache().get(two, undefined);
    assert.deepEqual(calls, [two.url], "an unreadable file renders every body");
  });
});
