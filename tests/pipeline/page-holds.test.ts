// What the preview's fast path for an edit to an article's text (src/pipeline/preview-update.ts)
// relies on, checked over every page of the sample site: a page type's `holds` names every article
// its views hold whole (other pages show an article only as a teaser or a link, which a text edit
// leaves as it was), and only the page types marked `clock` show the build's clock itself.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { KINDS, PAGE_TYPES } from "../../src/pages/index.ts";
import { sameView } from "../../src/pages/keys.ts";
import type { PageType } from "../../src/pages/page-type.ts";
import { planPages } from "../../src/pages/plan.ts";
import { type Prepared, prepare } from "../../src/pipeline/prepare.ts";
import { clockMoved } from "../../src/pipeline/preview-update.ts";
import { PROJECT_ROOT } from "../../src/project.ts";

const EPOCH = 1743919200;

/** Every object inside `value` that is in `wanted`, by identity. */
function found(value: unknown, wanted: ReadonlySet<object>, out = new Set<object>(), seen = new Set<object>()): Set<object> {
  if (value === null || typeof value !== "object" || seen.has(value)) return out;
  seen.add(value);
  if (wanted.has(value)) {
    out.add(value);
    return out;
  }
  const proto = Object.getPrototypeOf(value);
  if (value instanceof Map || value instanceof Set) for (const v of value) found(v, wanted, out, seen);
  else if (Array.isArray(value) || proto === Object.prototype || proto === null) for (const v of Object.values(value)) found(v, wanted, out, seen);
  return out;
}

describe("what a text edit can change", () => {
  let preview: Prepared;
  before(async () => {
    process.env.SOURCE_DATE_EPOCH = String(EPOCH);
    preview = await prepare(PROJECT_ROOT, { preview: true });
  });
  after(() => {
    delete process.env.SOURCE_DATE_EPOCH;
  });

  it("names, for every page type, the articles its views hold whole", () => {
    const articles = new Set<object>(preview.content.articles);
    const holding = new Set<string>();
    for (const kind of KINDS) {
      const type = PAGE_TYPES[kind] as unknown as PageType<unknown, unknown>;
      for (const item of type.list(preview)) {
        const held = found(type.view(preview, item), articles);
        const named = new Set<object>(type.holds?.(item) ?? []);
        assert.deepEqual(
          [...held].filter((a) => !named.has(a)).map((a) => (a as { file: string }).file),
          [],
          `${kind} ${type.file(item)} holds articles its type does not name`,
        );
        if (held.size) holding.add(kind);
      }
    }
    // The sample site has both kinds of page that hold whole articles.
    assert.deepEqual([...holding].sort(), ["article", "atom-feed", "json-feed", "rss-feed"]);
  });

  it("shows the clock only on the page types marked `clock`", async () => {
    process.env.SOURCE_DATE_EPOCH = String(EPOCH + 60);
    const later = await prepare(PROJECT_ROOT, { preview: true });
    // A minute in which no embargo ends and no article enters or leaves a news sitemap.
    assert.equal(clockMoved(preview.content.articles, preview.site.buildTime, later.site.buildTime), false);
    const views = new Map(planPages(later).map((p) => [p.file, p.view]));
    const moved: string[] = [];
    for (const kind of KINDS) {
      const type = PAGE_TYPES[kind] as unknown as PageType<unknown, unknown>;
      for (const item of type.list(preview)) {
        const file = type.file(item);
        assert.ok(views.has(file), file);
        const shows = type.clock?.(item) ?? false;
        if (!sameView(type.view(preview, item), views.get(file))) moved.push(file);
        // A page that shows the clock moves with it (today's date changes with the day).
        else assert.equal(shows, false, `${file} is marked as showing the clock but did not change`);
        if (!shows) assert.ok(sameView(type.view(preview, item), views.get(file)), `${file} shows the clock but is not marked`);
      }
    }
    assert.ok(moved.includes("eng/index.html"), moved.join(" "));
  });
});
