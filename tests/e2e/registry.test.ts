// The preview renders changed pages outside Eleventy, straight from the registry (src/pages/plan.ts) and
// the layouts (src/render/layouts.ts): every page the registry lists must be exactly the file Eleventy
// writes, and it must list every file Eleventy writes but copies.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { ICON_PATHS } from "../../src/model/paths.ts";
import type { ViewOf } from "../../src/pages/index.ts";
import { planPages } from "../../src/pages/plan.ts";
import { prepare } from "../../src/pipeline/prepare.ts";
import { renderView } from "../../src/render/layouts.ts";
import { renderContext } from "../../src/render/pages.ts";
import { article, makeSite, run } from "../helpers/site.ts";

describe("pages listed by the registry", () => {
  it("are byte for byte the files Eleventy writes", async () => {
    const dir = makeSite({
      "content/articles/eng/2025/03/one.md": article({ title: "One", tags: "[Energy, Kharkiv]", translationKey: "one" }),
      "content/articles/eng/2025/03/two.md": article({ title: "Two", date: "2025-03-28 09:00", aliases: "[/old/two/]" }),
      "content/articles/uk/2025/03/odyn.md": article({ title: "Один", translationKey: "one" }),
    });
    const clock = String(Date.UTC(2025, 3, 1) / 1000);
    const built = run(dir, "build", { SOURCE_DATE_EPOCH: clock, NEWSROOM_PAGE_CACHE: "off" });
    assert.equal(built.code, 0, built.stderr);
    process.env.SOURCE_DATE_EPOCH = clock;
    try {
      const prepared = await prepare(dir);
      const ctx = renderContext(prepared.site);
      const pages = planPages(prepared);
      for (const page of pages)
        assert.equal(
          renderView(page.kind, ctx, page.view as ViewOf<typeof page.kind>),
          readFileSync(path.join(dir, "_site", page.file), "utf8"),
          page.file,
        );
      const written = (readdirSync(path.join(dir, "_site"), { recursive: true, withFileTypes: true }) as import("node:fs").Dirent[])
        .filter((d) => d.isFile())
        .map((d) => path.relative(path.join(dir, "_site"), path.join(d.parentPath, d.name)))
        // Besides pages: the photos, the search index, the assets and the favicons (src/images/favicons.ts).
        .filter((f) => !/^(images|pagefind|assets)\//.test(f) && !Object.values(ICON_PATHS).includes(`/${f}` as never));
      assert.deepEqual(pages.map((p) => p.file).sort(), written.sort());
    } finally {
      delete process.env.SOURCE_DATE_EPOCH;
    }
  });
});
