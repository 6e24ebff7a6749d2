/** Size budgets of issue #7: all CSS under 20 kB, every article page's HTML plus its CSS (photos aside) under 60 kB. */
import assert from "node:assert/strict";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { buildSample, tempDir } from "../helpers/site.ts";
import { filesUnder } from "../helpers/tools.ts";

const CSS_BUDGET = 20 * 1024;
const ARTICLE_BUDGET = 60 * 1024;

describe("page weight budgets of the sample site", () => {
  const output = path.join(tempDir("budgets-"), "_site");
  let files: string[] = [];
  const size = (f: string) => statSync(path.join(output, f)).size;

  before(() => {
    const result = buildSample(output);
    assert.equal(result.code, 0, result.stderr);
    files = filesUnder(output);
  });

  it("keeps all CSS under 20 kB, with content-hashed names", () => {
    const css = files.filter((f) => f.startsWith("assets/") && f.endsWith(".css"));
    assert.ok(css.length > 0);
    for (const f of [...css, ...files.filter((x) => x.startsWith("assets/") && x.endsWith(".js"))]) assert.match(f, /\.[0-9a-f]{10}\.(css|js)$/);
    const total = css.reduce((sum, f) => sum + size(f), 0);
    assert.ok(total < CSS_BUDGET, `CSS is ${total} bytes`);
  });

  it("keeps every article page's HTML and CSS under 60 kB", () => {
    // Article pages are the ones search indexes; redirect pages left at old URLs are not.
    const articles = files.filter((f) => f.endsWith(".html") && readFileSync(path.join(output, f), "utf8").includes("data-pagefind-body"));
    assert.equal(articles.length, 27);
    for (const f of articles) {
      const html = readFileSync(path.join(output, f), "utf8");
      const sheets = [...html.matchAll(/<link rel="stylesheet" href="\/([^"]+)">/g)].map((m) => m[1] as string);
      assert.ok(sheets.length > 0, f);
      const total = Buffer.byteLength(html) + sheets.reduce((sum, s) => sum + size(s), 0);
      assert.ok(total < ARTICLE_BUDGET, `${f} weighs ${total} bytes`);
    }
  });
});
