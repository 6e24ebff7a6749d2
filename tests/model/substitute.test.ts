// The model after a text edit, made by swapping the article into the earlier model
// (src/model/substitute.ts), is the model a fresh build makes: the same lists, indexes, feeds,
// sitemaps and links, with the new article object wherever the old one was, and lookups that
// take and give the new one; the earlier model is left as it was.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildClock } from "../../src/dates.ts";
import { buildSiteModel, type SiteModel } from "../../src/model/site.ts";
import { substituteArticle } from "../../src/model/substitute.ts";
import { type Prepared, prepare } from "../../src/pipeline/prepare.ts";
import type { Article } from "../../src/schema/article.ts";
import { article, makeSite } from "../helpers/site.ts";

/** Walks two models side by side: the same shape, and the same article objects where either holds one. */
function assertSame(a: unknown, b: unknown, where: string, seen = new Set<unknown>()): void {
  if (typeof a === "function" || typeof b === "function") return;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") {
    assert.equal(a, b, where);
    return;
  }
  if ("body" in a || "body" in b) {
    assert.equal(a, b, `${where}: not the same article`);
    return;
  }
  if (seen.has(a)) return;
  seen.add(a);
  if (typeof (a as { toMillis?: unknown }).toMillis === "function") {
    assert.equal((a as { toMillis(): number }).toMillis(), (b as { toMillis(): number }).toMillis(), where);
    return;
  }
  const entries = (v: object): [unknown, unknown][] =>
    v instanceof Map ? [...v.entries()] : v instanceof Set ? [...v].map((x, i) => [i, x]) : Object.entries(v);
  const ea = entries(a);
  const eb = entries(b);
  assert.equal(ea.length, eb.length, `${where}: size`);
  ea.forEach(([key, value], i) => {
    const [otherKey, other] = eb[i] as [unknown, unknown];
    const at = `${where}.${typeof key === "string" ? key : i}`;
    assertSame(key, otherKey, `${at} (key)`, seen);
    assertSame(value, other, at, seen);
  });
}

describe("substituteArticle", () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 12; i++)
    files[`content/articles/eng/2025/story-${i}.md`] = article({
      title: `Story ${i}`,
      date: `2025-03-${String(1 + i).padStart(2, "0")} 10:00`,
      tags: i % 2 ? "[Energy]" : "[Energy, Kharkiv]",
      ...(i === 4 ? { translationKey: "four" } : {}),
    });
  files["content/articles/uk/2025/four.md"] = article({ title: "Чотири", date: "2025-03-05 11:00", translationKey: "four" });
  const dir = makeSite(files);
  let prepared: Prepared;
  before(async () => {
    process.env.SOURCE_DATE_EPOCH = String(Date.UTC(2025, 3, 1) / 1000);
    prepared = await prepare(dir, { preview: true });
  });
  after(() => {
    delete process.env.SOURCE_DATE_EPOCH;
  });

  const edited = (site: SiteModel, file: string, text: string) => {
    const old = site.articles.find((a) => a.file === file) as Article;
    return [old, Object.freeze({ ...old, body: text })] as const;
  };
  const fresh = (articles: readonly Article[]) => buildSiteModel({ ...prepared.content, articles: [...articles] }, buildClock(), { preview: true });

  it("gives the model a fresh build gives, twice over, the earlier model untouched", () => {
    let site = prepared.site;
    let articles = prepared.content.articles;
    for (const [n, file] of [
      "content/articles/eng/2025/story-4.md",
      "content/articles/eng/2025/story-4.md",
      "content/articles/eng/2025/story-9.md",
    ].entries()) {
      const [old, next] = edited(site, file, `A new text ${n}.\n`);
      const before = site;
      const feeds = before.feeds.atom.map((d) => d.articles);
      site = substituteArticle(before, old, next, before.buildTime);
      articles = articles.map((a) => (a === old ? next : a));
      assertSame(site, fresh(articles), `edit ${n}`);
      // The lookups take the new article and answer with it.
      if (next.translationKey) {
        assert.ok(site.translations.versionsOf(next).includes(next));
        assert.equal(site.translations.versionsOf(next).length, 2);
        assert.equal(site.translations.articleLinks(next).length, 3);
      }
      // The earlier model still holds the old article.
      assert.ok(before.articles.includes(old) && !before.articles.includes(next));
      assert.deepEqual(
        before.feeds.atom.map((d) => d.articles),
        feeds,
      );
    }
  });
});
