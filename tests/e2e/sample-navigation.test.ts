import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { build } from "../../src/pipeline/build.ts";
import { findBrokenLinks } from "../../src/pipeline/link-check.ts";
import { PROJECT, SAMPLE_CLOCK, tempDir } from "../helpers/site.ts";

describe("the sample site", () => {
  it("builds every navigation page per edition, and every internal link on every page resolves", async () => {
    // The real sample content, built in-process into a temporary folder (the repository's _site/ is left alone).
    const site = path.join(tempDir("sample-"), "_site");
    // Under the sample's clock, every page rendered (as buildSample does).
    Object.assign(process.env, SAMPLE_CLOCK, { NEWSROOM_PAGE_CACHE: "off" });
    const result = await build(PROJECT, site);
    assert.deepEqual([result.prepared.site.articles.length, result.pages, result.prepared.warnings], [27, 170, []]);
    for (const prefix of ["", "eng/", "rus/"]) {
      for (const page of [
        "index.html",
        "news/index.html",
        "news/2025/index.html",
        "news/2025/03/index.html",
        "tags/index.html",
        "authors/index.html",
      ]) {
        assert.ok(existsSync(path.join(site, prefix, page)), `${prefix}${page}`);
      }
    }
    assert.ok(existsSync(path.join(site, "404.html")));
    assert.deepEqual(await findBrokenLinks(site), []);
  });
});
