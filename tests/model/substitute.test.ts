// The model after a text edit, made by swapping the article into the earlier model
// (src/model/substitute.ts), is the model a fresh build makes: the same lists, indexes, feeds,
// sitemaps and links, with the new article object wherever the old one was, and lookups that
// take and give the new one; the earlier model is left as it was. The swap copies only the
// containers that hold the article (or a lookup), found in the model's holder index
// (src/model/holders.ts), which is walked once per full model and derived for each swapped one.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { buildClock } from "../../src/dates.ts";
import { holderIndex, holdersOf } from "../../src/model/holders.ts";
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

/** Plain objects, arrays, maps and sets: what the model is built of (class instances and times hold no article). */
function isContainer(v: unknown): v is object {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === Array.prototype || proto === null || v instanceof Map || v instanceof Set;
}

/** What a container holds directly (values, and map keys). */
function slots(v: object): unknown[] {
  if (v instanceof Map) return [...v].flat();
  if (v instanceof Set || Array.isArray(v)) return [...v];
  return Object.keys(v).map((k) => (v as Record<string, unknown>)[k]);
}

/**
 * Every container of `site` (articles not looked into) with what it holds, and, by brute force,
 * those that hold `target` or a function, directly or through other containers.
 */
function survey(site: SiteModel, target: object): { containers: Map<object, unknown[]>; holding: Set<object> } {
  const articles = new Set<unknown>(site.articles);
  const containers = new Map<object, unknown[]>();
  const holds = new Map<object, boolean>();
  const visit = (v: object): boolean => {
    const known = holds.get(v);
    if (known !== undefined) return known;
    holds.set(v, false);
    const held = slots(v);
    containers.set(v, held);
    let any = false;
    for (const x of held) {
      if (x === target || typeof x === "function") any = true;
      else if (isContainer(x) && !articles.has(x) && visit(x)) any = true;
    }
    holds.set(v, any);
    return any;
  };
  visit(site);
  return { containers, holding: new Set([...holds].filter(([, h]) => h).map(([c]) => c)) };
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

  it("copies only the containers that hold the article, and writes nothing into the earlier model", () => {
    const site = prepared.site;
    const [old, next] = edited(site, "content/articles/eng/2025/story-6.md", "Copied only where it is held.\n");
    const before = survey(site, old);
    const swapped = substituteArticle(site, old, next, site.buildTime);
    // The holders a brute-force walk finds are the ones the swap was told to copy.
    assert.deepEqual(new Set(holdersOf(site, old).keys()), before.holding);
    const after = survey(swapped, next);
    const copied = [...after.containers.keys()].filter((c) => !before.containers.has(c));
    assert.equal(copied.length, before.holding.size, "one copy for each container that holds the article or a lookup");
    for (const c of before.containers.keys()) {
      if (!before.holding.has(c)) assert.ok(after.containers.has(c), "a container that does not hold the article is shared");
    }
    // Every container of the earlier model holds what it held.
    for (const [c, held] of before.containers) assert.deepEqual(slots(c), held);
    assert.ok(site.articles.includes(old) && !site.articles.includes(next));
    // A model holding 12 English articles copies a small part of itself (the count is pinned by the walk above).
    assert.ok(before.holding.size < before.containers.size / 2, `${before.holding.size} of ${before.containers.size}`);
  });

  it("derives each swapped model's index from the walked one, and it says where that model holds each article", () => {
    let site = prepared.site;
    const table = holderIndex(site).holders;
    const files = [
      "content/articles/eng/2025/story-2.md",
      "content/articles/eng/2025/story-2.md",
      "content/articles/eng/2025/story-5.md",
      "content/articles/uk/2025/four.md",
      "content/articles/eng/2025/story-2.md",
    ];
    for (const [n, file] of files.entries()) {
      const [old, next] = edited(site, file, `Edit ${n}.\n`);
      site = substituteArticle(site, old, next, site.buildTime);
      assert.equal(holderIndex(site).holders, table, `edit ${n}: no new walk`);
      // For the edited article and an untouched one, the index names this model's containers.
      for (const article of [next, site.articles.find((a) => a.file.endsWith("story-9.md")) as Article]) {
        const listed = holdersOf(site, article);
        const { containers, holding } = survey(site, article);
        assert.deepEqual(new Set(listed.keys()), holding, `edit ${n}: holders of ${article.file}`);
        for (const [holder, children] of listed)
          for (const child of children) assert.ok(containers.get(holder)?.includes(child), `edit ${n}: ${article.file} child`);
      }
    }
  });

  it("swaps an article held by many containers of one list, a map's keys and values, and a set", () => {
    // A model of the walk's building blocks alone: the swap knows no field of the model.
    const a = Object.freeze({ file: "a.md", body: "A." }) as unknown as Article;
    const b = Object.freeze({ file: "b.md", body: "B." }) as unknown as Article;
    const lists = Object.freeze(Array.from({ length: 40 }, (_, i) => ({ n: i, items: i % 2 ? [b, a] : [b] })));
    const site = {
      articles: [a, b],
      lists,
      byArticle: new Map<unknown, unknown>([
        [a, "key"],
        ["value", a],
        ["other", b],
      ]),
      seen: new Set([b, a]),
    };
    const next = Object.freeze({ ...a, body: "A, again." }) as Article;
    const swapped = substituteArticle(site as unknown as SiteModel, a, next, prepared.site.buildTime) as unknown as typeof site;
    assert.ok(Object.isFrozen(swapped.lists));
    swapped.lists.forEach((list, i) => {
      assert.deepEqual(list.items, i % 2 ? [b, next] : [b]);
      // Lists without the article are the earlier model's.
      assert.equal(list === lists[i], i % 2 === 0);
    });
    assert.deepEqual(
      [...swapped.byArticle],
      [
        [next, "key"],
        ["value", next],
        ["other", b],
      ],
    );
    assert.deepEqual([...swapped.seen], [b, next]);
    assert.deepEqual(site.articles, [a, b]);
    assert.deepEqual([...site.byArticle.keys()], [a, "value", "other"]);
  });
});
