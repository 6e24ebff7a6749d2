// The build's `whileIndexing` and `prepared` hooks (src/pipeline/build.ts): called once the pages are in place,
// before the build waits for its search index, and once the site is checked, before its pages are planned, with
// the prepared site; a hook that throws is a warning, never a failed build.
import assert from "node:assert/strict";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { build } from "../../src/pipeline/build.ts";
import type { Prepared } from "../../src/pipeline/prepare.ts";
import { keepEnv, makeSite, twelveStories } from "../helpers/site.ts";

describe("the build's whileIndexing hook", () => {
  const dir = makeSite(twelveStories());
  const restoreEnv = keepEnv("SOURCE_DATE_EPOCH");
  before(async () => {
    process.env.SOURCE_DATE_EPOCH = String(Date.UTC(2025, 3, 1, 9) / 1000);
    await build(dir);
  });
  after(restoreEnv);

  it("is called once, with the prepared site the build returns", async () => {
    const calls: [string, Prepared][] = [];
    const result = await build(dir, path.join(dir, "_site"), {
      prepared: (ready: Prepared) => calls.push(["prepared", ready]),
      whileIndexing: (ready: Prepared) => calls.push(["whileIndexing", ready]),
    });
    assert.deepEqual(
      calls.map(([hook]) => hook),
      ["prepared", "whileIndexing"],
    );
    // The same prepared site the build returns (the report's article list made early is the published one's).
    for (const [, ready] of calls) assert.equal(ready, result.prepared);
    assert.equal(result.prepared.site.articles.length, 12);
  });

  it("turns a hook that throws into a warning: the build still publishes", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on("warning", onWarning);
    try {
      const result = await build(dir, path.join(dir, "_site"), {
        prepared: () => {
          throw new Error("the prepared hook's own bug");
        },
        whileIndexing: () => {
          throw new Error("the hook's own bug");
        },
      });
      assert.equal(result.published.mode, "incremental");
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      assert.ok(
        warnings.some((w) => w.includes("the hook's own bug")) && warnings.some((w) => w.includes("the prepared hook's own bug")),
        JSON.stringify(warnings),
      );
    } finally {
      process.off("warning", onWarning);
    }
  });
});
