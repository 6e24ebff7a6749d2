import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { RENDER_INPUT_DIR } from "../../src/pipeline/render-pass.ts";
import { article, makeSite, run } from "../helpers/site.ts";

describe("Eleventy's input", () => {
  // Every page is a virtual template: Eleventy is given an empty folder of its own, not content/,
  // which it listed whole on every run (every article and image of the archive) to find templates.
  it("is an empty folder of the build's own: a template file under content/ is neither listed nor run", () => {
    const dir = makeSite({
      "content/articles/eng/2025/03/paris-talks.md": article({ date: "2025-03-27 13:15" }),
      "content/stray.11ty.js": 'module.exports = { data: { permalink: "stray.html" }, render: () => "a stray template" };\n',
    });
    const result = run(dir, "build");
    assert.equal(result.code, 0, result.stderr);
    assert.ok(existsSync(path.join(dir, "_site/eng/news/2025/03/27/paris-talks/index.html")));
    assert.equal(existsSync(path.join(dir, "_site/stray.html")), false);
    assert.deepEqual(readdirSync(path.join(dir, RENDER_INPUT_DIR)), []);
  });
});
