// The preview's incremental update (src/pipeline/preview-update.ts) renders only the pages whose view
// changed. After every edit below, every page must be the page a fresh model renders, and every kept
// key the key a fresh model gives: a page the update wrongly left alone shows up here as a stale file
// or a stale key.

import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { ICON_PATHS } from "../../src/model/paths.ts";
import { chromeDigestInput } from "../../src/pages/chrome.ts";
import type { ViewOf } from "../../src/pages/index.ts";
import { pageKeys } from "../../src/pages/keys.ts";
import { planPages } from "../../src/pages/plan.ts";
import { build } from "../../src/pipeline/build.ts";
import { prepare } from "../../src/pipeline/prepare.ts";
import { type PreviewState, previewState, updatePreview } from "../../src/pipeline/preview-update.ts";
import { renderView } from "../../src/render/layouts.ts";
import { renderContext } from "../../src/render/pages.ts";
import { article, DEFAULT_CONFIG, filesUnder, makeSite } from "../helpers/site.ts";

const day = (n: number) =>
  `2025-${String(1 + Math.floor(n / 28)).padStart(2, "0")}-${String(1 + (n % 28)).padStart(2, "0")} ${String(8 + (n % 10)).padStart(2, "0")}:15`;
const TAGS = ["Energy", "Kharkiv", "Diplomacy", "Energy, Kharkiv", "Kharkiv, Diplomacy"];

describe("the preview's incremental update", () => {
  const files: Record<string, string> = {};
  // Two editions, three months, small pages and feeds, and a card window the newest article moves.
  const story = (i: number, fields: Record<string, string> = {}, body?: string) =>
    article(
      {
        title: `Story ${i}`,
        date: day(i * 2),
        tags: `[${TAGS[i % TAGS.length]}]`,
        authors: i % 3 ? "[ulyana-krychkovska]" : "[anastasia-protz]",
        section: i % 4 ? "news" : "war",
        ...(i % 9 === 0 ? { translationKey: `story-${i}` } : {}),
        ...fields,
      },
      body,
    );
  for (let i = 0; i < 36; i++) files[`content/articles/eng/2025/story-${i}.md`] = story(i, i === 7 ? { draft: "true" } : {});
  for (const i of [0, 9, 18, 27])
    files[`content/articles/uk/2025/istoriia-${i}.md`] = article({ title: `Історія ${i}`, date: day(i * 2 + 1), translationKey: `story-${i}` });
  const dir = makeSite(files, { config: { ...DEFAULT_CONFIG, pageSize: 3, feedSize: 4, socialCardDays: 20 } });
  const out = path.join(dir, "preview");
  let state: PreviewState;

  before(async () => {
    process.env.SOURCE_DATE_EPOCH = String(Date.UTC(2025, 3, 1) / 1000);
    const built = await build(dir, out, { preview: true });
    state = previewState(built.prepared);
  });
  after(() => {
    delete process.env.SOURCE_DATE_EPOCH;
  });

  /** The preview folder and the kept keys are what a fresh model renders and keys. */
  const icons = new Set<string>(Object.values(ICON_PATHS));
  async function assertFresh(what: string) {
    const fresh = await prepare(dir, { preview: true });
    const ctx = renderContext(fresh.site);
    const key = pageKeys(chromeDigestInput(ctx.site));
    const pages = planPages(fresh);
    const onDisk = filesUnder(out);
    for (const page of pages) {
      assert.equal(
        onDisk.get(page.file)?.toString("utf8"),
        renderView(page.kind, ctx, page.view as ViewOf<typeof page.kind>),
        `${what}: ${page.file}`,
      );
      assert.equal(state.pages.get(page.file)?.key, key(page.kind, page.view), `${what}: key of ${page.file}`);
    }
    const listed = new Set(pages.map((p) => p.file));
    assert.deepEqual(
      // Besides pages: the photos, the search index, the assets, the favicons (src/images/favicons.ts) and
      // the CMS, which the preview always serves (src/cms/admin.ts).
      [...onDisk.keys()].filter((f) => !listed.has(f) && !/^(images|pagefind|assets|admin)\//.test(f) && !icons.has(`/${f}`)),
      [],
      `${what}: files no page writes`,
    );
    assert.equal(state.pages.size, pages.length, `${what}: keyed pages`);
  }

  async function edit(what: string, file: string, text: string | undefined) {
    if (text === undefined) rmSync(path.join(dir, file));
    else writeFileSync(path.join(dir, file), text);
    const result = await updatePreview(dir, state, file, out);
    assert.ok("state" in result, `${what}: ${JSON.stringify(result)}`);
    state = result.state;
    await assertFresh(what);
  }

  it("leaves no page or key stale after any kind of edit", async () => {
    await edit("headline", "content/articles/eng/2025/story-10.md", story(10, { title: "A new headline" }));
    await edit("headline of a translation", "content/articles/eng/2025/story-18.md", story(18, { title: "A translated headline" }));
    await edit("tags", "content/articles/eng/2025/story-10.md", story(10, { title: "A new headline", tags: "[Energy, Odesa]" }));
    await edit("date to another month", "content/articles/eng/2025/story-10.md", story(10, { title: "A new headline", date: day(61) }));
    await edit("authors", "content/articles/eng/2025/story-11.md", story(11, { authors: "[ulyana-krychkovska, anastasia-protz]" }));
    await edit("section", "content/articles/eng/2025/story-12.md", story(12, { section: "war" }));
    await edit("summary", "content/articles/eng/2025/story-13.md", story(13, { summary: "What happened, in one sentence." }));
    await edit("draft published", "content/articles/eng/2025/story-7.md", story(7));
    // The newest article moves the card window: older articles change from their own card to the edition's.
    await edit("newest article", "content/articles/eng/2025/newest.md", article({ title: "The newest", date: day(80), tags: "[Energy]" }));
    await edit("newest article removed", "content/articles/eng/2025/newest.md", undefined);
    await edit("article removed", "content/articles/eng/2025/story-20.md", undefined);
    await edit("article back", "content/articles/eng/2025/story-20.md", story(20));
  });

  it("writes a text edit's page and feeds, and no page that does not show the text", async () => {
    // The newest story is in the edition's feeds, which carry whole articles.
    const file = "content/articles/eng/2025/story-35.md";
    const result = await updatePreview(dir, state, file, out);
    assert.ok("state" in result, JSON.stringify(result));
    state = result.state;
    writeFileSync(path.join(dir, file), story(35, {}, "A lead paragraph.\n\nA sentence only the article and its feeds show.\n"));
    const text = await updatePreview(dir, state, file, out);
    assert.ok("state" in text, JSON.stringify(text));
    // Only the pages that hold the article whole, and the ones that show the clock, were listed.
    assert.ok(text.listed < state.pages.size / 4, `${text.listed} of ${state.pages.size} pages listed`);
    const changed = [...text.state.pages].filter(([f, p]) => state.pages.get(f)?.key !== p.key).map(([f, p]) => `${p.kind} ${f}`);
    state = text.state;
    await assertFresh("text edit");
    // The article page and the feeds that carry it (the edition's three, its tag's, author's and section's); the home pages show today.
    assert.deepEqual(
      changed
        .filter((c) => !c.startsWith("home "))
        .map((c) => c.split(" ")[0])
        .sort(),
      ["article", "atom-feed", "atom-feed", "atom-feed", "atom-feed", "json-feed", "rss-feed"],
    );
    await edit("headline after a text edit", "content/articles/eng/2025/story-34.md", story(34, { title: "Another headline" }));
    assert.match(readFileSync(path.join(out, "eng/feed.xml"), "utf8"), /A sentence only the article and its feeds show/);
  });

  it("shows a text edit in every feed that carries the article, and the clock where pages show it", async () => {
    // An older story, in its tag's, author's and section's feeds but not in the edition's (feedSize 4).
    const file = "content/articles/eng/2025/story-30.md";
    const feeds = (text: string) =>
      // Feeds: not the news-feed column's latest headlines (latest.json), which carry no article text.
      [...filesUnder(out)]
        .filter(([f, b]) => /\.(xml|json)$/.test(f) && !f.endsWith("/latest.json") && b.toString("utf8").includes(text))
        .map(([f]) => f);
    assert.ok(feeds("Story 30").length > 0);
    // The clock moves by a day and nothing it decides changes: the home pages show the new date.
    process.env.SOURCE_DATE_EPOCH = String(Date.UTC(2025, 3, 2) / 1000);
    writeFileSync(path.join(dir, file), story(30, {}, "A lead paragraph.\n\nWords only the article and its feeds carry.\n"));
    const result = await updatePreview(dir, state, file, out);
    assert.ok("state" in result, JSON.stringify(result));
    assert.ok(result.listed < state.pages.size / 4, `${result.listed} of ${state.pages.size} pages listed`);
    state = result.state;
    await assertFresh("text edit a day later");
    // Tag and author feeds carry the summary, not the text (issue 19): the edit shows in the feeds that carry the text.
    const fullText = feeds("Story 30").filter((f) => !/(?:^|\/)(?:tags|authors)\//.test(f));
    assert.deepEqual(feeds("Words only the article and its feeds carry"), fullText);
    // An article under embargo until noon, then a text edit after noon: the clock ended an embargo, so every page is listed again.
    await edit(
      "embargoed article",
      "content/articles/eng/2025/embargoed.md",
      article({ title: "Embargoed", date: "2025-04-02 12:00", tags: "[Energy]" }),
    );
    assert.match(readFileSync(path.join(out, "eng/news/2025/04/02/embargoed/index.html"), "utf8"), /embargo/i);
    process.env.SOURCE_DATE_EPOCH = String(Date.UTC(2025, 3, 2, 13) / 1000);
    writeFileSync(path.join(dir, file), story(30, {}, "A lead paragraph.\n\nWords after the embargo.\n"));
    const late = await updatePreview(dir, state, file, out);
    assert.ok("state" in late, JSON.stringify(late));
    assert.equal(late.listed, late.state.pages.size);
    state = late.state;
    await assertFresh("text edit after an embargo ended");
  });
});
