// Layouts show only what their page's view holds (the page's cache key is the view's hash,
// src/pages/keys.ts). Every page of the sample site, in the build and in the preview, renders the
// same through the guard (src/pages/guard.ts) that throws on a field its view lacks; a layout that
// reads outside its view is rejected by the type checker and by the guard.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { RenderContext } from "../../layouts/base.ts";
import { guardView, ViewFieldError } from "../../src/pages/guard.ts";
import type { ViewOf } from "../../src/pages/index.ts";
import { planPages } from "../../src/pages/plan.ts";
import type { TagView } from "../../src/pages/tag.ts";
import { type Prepared, prepare } from "../../src/pipeline/prepare.ts";
import { PROJECT_ROOT } from "../../src/project.ts";
import { renderView } from "../../src/render/layouts.ts";
import { renderContext } from "../../src/render/pages.ts";

describe("layouts read only their views", () => {
  let built: Prepared;
  let preview: Prepared;
  before(async () => {
    process.env.SOURCE_DATE_EPOCH = "1743919200";
    built = await prepare(PROJECT_ROOT);
    preview = await prepare(PROJECT_ROOT, { preview: true });
  });
  after(() => {
    delete process.env.SOURCE_DATE_EPOCH;
  });

  for (const [name, site] of [
    ["build", () => built],
    ["preview", () => preview],
  ] as const) {
    it(`renders every page of the sample site (${name}) through the guard, unchanged`, () => {
      const prepared = site();
      const ctx = renderContext(prepared.site);
      const pages = planPages(prepared);
      const kinds = new Set(pages.map((p) => p.kind));
      // Every page type of the sample site is exercised, articles with photos and translations among them.
      for (const kind of ["article", "home", "news-feed", "tag", "author", "section", "atom-feed", "sitemap", "redirect"])
        assert.ok(kinds.has(kind as never), kind);
      for (const page of pages) {
        const plain = renderView(page.kind, ctx, page.view as ViewOf<typeof page.kind>);
        assert.equal(renderView(page.kind, ctx, guardView(page.kind, page.view) as ViewOf<typeof page.kind>), plain, page.file);
      }
    });
  }

  it("rejects a layout that reads a field its view does not have", () => {
    const ctx = renderContext(built.site);
    const page = planPages(built, ["tag"])[0];
    assert.ok(page);
    const view = guardView("tag", page.view as TagView);
    // A list page that wants the articles' full text: not in its view (the teasers), so not in its key.
    const readsBody = (_ctx: RenderContext, v: TagView) =>
      // @ts-expect-error: a teaser has no body; the type checker rejects the layout too.
      v.items.map((t) => t.body).join("");
    assert.throws(() => readsBody(ctx, view), { name: ViewFieldError.name, message: /tag view\.items\.0\.body, which is not in the view/ });
    // A layout reaching for the whole model.
    const readsSite = (_ctx: RenderContext, v: TagView) =>
      // @ts-expect-error: views hold no site model.
      v.site.articles.length;
    assert.throws(() => readsSite(ctx, view), { name: ViewFieldError.name, message: /tag view\.site/ });
    assert.throws(() => {
      (view as { url: string }).url = "/elsewhere/";
    }, ViewFieldError);
  });
});
