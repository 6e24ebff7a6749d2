// Article pages planned from the last build's record (src/pages/kept-plan.ts): a build views and keys
// again only the article pages whose inputs changed, keeps every other key, and a verify build proves
// the kept keys equal to keys made afresh (and fails, naming the page, when one is not).
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import v8 from "node:v8";
import sharp from "sharp";
import { LINKS_CACHE_DIR } from "../../src/model/links-cache.ts";
import { KEPT_PLAN_FILE, KeptPlanError, keptPlanCounts, readKeptPlan } from "../../src/pages/kept-plan.ts";
import { build } from "../../src/pipeline/build.ts";
import { article, DEFAULT_CONFIG, filesUnder, keepEnv, makeSite, marchDay, twelveStories } from "../helpers/site.ts";

const EPOCH = String(Date.UTC(2025, 3, 1, 9) / 1000);

describe("article pages planned from the last build's record", () => {
  const day = marchDay;
  const files = twelveStories((i): Record<string, string> => (i === 2 ? { translationKey: "story-two" } : {}));
  files["content/articles/uk/2025/03/istoriia-2.md"] = article({ title: "Історія номер два", date: day(10), translationKey: "story-two" });
  files["content/articles/uk/2025/03/inshe.md"] = article({ title: "Інша історія", date: day(11) });
  const dir = makeSite(files, { config: { ...DEFAULT_CONFIG, pageSize: 3 } });
  const record = path.join(dir, ".cache/pages/site", KEPT_PLAN_FILE);
  const edit = (file: string, text: string) => writeFileSync(path.join(dir, file), text);
  const restoreEnv = keepEnv("NEWSROOM_PAGE_CACHE", "SOURCE_DATE_EPOCH");
  const run = async (mode: "on" | "verify" = "verify") => {
    process.env.NEWSROOM_PAGE_CACHE = mode;
    return build(dir);
  };

  before(async () => {
    process.env.SOURCE_DATE_EPOCH = EPOCH;
    await run("on");
    assert.equal(keptPlanCounts.full, 1);
  });
  after(restoreEnv);

  it("keeps every article and list page's key when nothing changed", async () => {
    await run();
    assert.equal(keptPlanCounts.viewed, 0);
    assert.equal(keptPlanCounts.full, 0);
    // 14 article pages, and the day, month, tag, author, news-feed and feed pages.
    assert.ok(keptPlanCounts.kept > 40, JSON.stringify(keptPlanCounts));
  });

  it("views again the new article's page and those that show it, and proves every kept key in verify mode", async () => {
    edit("content/articles/eng/2025/03/story-new.md", article({ title: "A new story", date: day(14, 12), tags: "[Energy]" }));
    await run();
    assert.equal(keptPlanCounts.full, 0);
    // Its own page and that of the one other article of its day (its neighbour, whose window changed); of
    // the lists, those that list it (its day, month, tags, author, feeds): the other days and tags keep theirs.
    assert.equal(keptPlanCounts.articlesViewed, 2, JSON.stringify(keptPlanCounts));
    assert.ok(keptPlanCounts.kept > 13 + 10, JSON.stringify(keptPlanCounts));
    // Of the Energy tag's four pages and the author's four (numbered from the oldest), only the list's own page
    // shows the new article: the numbered ones, whose item holds the whole list too, are not viewed again.
    assert.equal(keptPlanCounts.viewedByKind.tag, 1, JSON.stringify(keptPlanCounts));
    assert.equal(keptPlanCounts.viewedByKind.author, 1, JSON.stringify(keptPlanCounts));
  });

  it("keeps the pages of lists that hold no changed article and kept their length without looking at them", async () => {
    // A new article in a new month: the March days, the Diplomacy tag and the other lists are kept by
    // their lists alone; verify mode proves every kept key.
    const april = "content/articles/eng/2025/04/april-story.md";
    mkdirSync(path.join(dir, "content/articles/eng/2025/04"), { recursive: true });
    edit(april, article({ title: "An April story", date: "2025-03-31 23:30", tags: "[Kharkiv]" }));
    await run();
    assert.equal(keptPlanCounts.full, 0);
    assert.ok(keptPlanCounts.bySources >= 6, JSON.stringify(keptPlanCounts));
    // An article that leaves a tag: that tag's list is shorter though it holds no changed article.
    const story4 = "content/articles/eng/2025/03/story-4.md";
    const before = readFileSync(path.join(dir, story4), "utf8");
    // The tag's pages, numbered from the oldest: the article is on one of them.
    const tagFolder = path.join(dir, "_site/eng/tags/diplomacy");
    const diplomacy = () =>
      [...filesUnder(tagFolder)]
        .filter(([f]) => f.endsWith(".html"))
        .map(([, bytes]) => bytes.toString("utf8"))
        .join("\n");
    assert.match(diplomacy(), /Story number 4/);
    edit(story4, article({ title: "Story number 4", date: day(11, 9), tags: "[Energy]" }));
    await run();
    assert.doesNotMatch(diplomacy(), /Story number 4/);
    edit(story4, before);
    rmSync(path.join(dir, april));
    await run();
    assert.match(diplomacy(), /Story number 4/);
    assert.equal(keptPlanCounts.full, 0);
  });

  it("after a text edit, a new headline, a move to another day and a removal, every kept key is the key made afresh", async () => {
    edit(
      "content/articles/eng/2025/03/story-5.md",
      article({ title: "Story number 5", date: day(11, 10), tags: "[Energy, Kharkiv]" }, "Other text.\n"),
    );
    await run();
    edit("content/articles/eng/2025/03/story-6.md", article({ title: "Story six, a new headline", date: day(12, 8), tags: "[Energy, Diplomacy]" }));
    await run();
    edit("content/articles/eng/2025/03/story-7.md", article({ title: "Story number 7", date: day(19, 9), tags: "[Energy, Kharkiv]" }));
    await run();
    rmSync(path.join(dir, "content/articles/eng/2025/03/story-new.md"));
    await run();
    // The Ukrainian version goes: the English page loses its hreflang and version link.
    rmSync(path.join(dir, "content/articles/uk/2025/03/istoriia-2.md"));
    await run();
    assert.equal(keptPlanCounts.full, 0);
    assert.ok(keptPlanCounts.viewed > 0);
  });

  it("views again the pages that show an article whose photo alone changed (its Markdown as it was)", async () => {
    const photo = (background: string) =>
      sharp({ create: { width: 1200, height: 675, channels: 3, background } })
        .jpeg()
        .toBuffer();
    const jpeg = path.join(dir, "content/articles/eng/2025/03/photo.jpg");
    writeFileSync(jpeg, await photo("#777777"));
    const story4 = article({
      title: "Story number 4",
      date: day(11, 9),
      tags: "[Energy, Diplomacy]",
      image: "\n  src: ./photo.jpg\n  alt: A grey field\n  credit: Test photo desk",
    });
    edit("content/articles/eng/2025/03/story-4.md", story4);
    await run();
    writeFileSync(jpeg, await photo("#335577"));
    // Verify mode: a page that shows the photo and kept its key fails the build.
    await run();
    assert.equal(keptPlanCounts.full, 0);
    // Its own page and the pages that show it as a teaser (neighbours, related).
    assert.ok(keptPlanCounts.articlesViewed > 1, JSON.stringify(keptPlanCounts));
  });

  it("views every article page again when the related links' table is not the one the record was made with", async () => {
    rmSync(path.join(dir, LINKS_CACHE_DIR), { recursive: true, force: true });
    await run();
    assert.equal(keptPlanCounts.full, 0);
    // Every article page: 12 English and the one Ukrainian left (its other went in an earlier test).
    assert.equal(keptPlanCounts.articlesViewed, 13, JSON.stringify(keptPlanCounts));
    await run();
    assert.equal(keptPlanCounts.articlesViewed, 0, "the table written by the last build is the record's");
  });

  it("fails a verify build whose record kept a wrong key, naming the page", async () => {
    const kept = v8.deserialize(readFileSync(record)) as { columns: { urls: string; keys: string } };
    const [urls, keys] = [kept.columns.urls.split("\n"), kept.columns.keys.split("\n")];
    const at = urls.indexOf("/eng/news/2025/03/13/story-9/");
    assert.ok(at >= 0, urls.join(" "));
    keys[at] = "0".repeat(40);
    kept.columns.keys = keys.join("\n");
    writeFileSync(record, v8.serialize(kept));
    await assert.rejects(run(), (error: Error) => {
      assert.ok(error instanceof KeptPlanError, String(error));
      assert.match(error.message, /eng\/news\/2025\/03\/13\/story-9\/index\.html kept its key from the last build's plan/);
      return true;
    });
    // A normal build would have trusted it; the failed verify build wrote a true record, and the next is whole again.
    await run();
    assert.equal(keptPlanCounts.viewed, 0);
  });

  it("gives the sitemap each unchanged list page's newest change from the record, and fails a verify build on a wrong one", async () => {
    await run();
    assert.equal(keptPlanCounts.viewed, 0);
    // The days, months, tags, authors and news-feed pages of both editions: every one kept, none read again.
    assert.ok(keptPlanCounts.newestKept > 20, JSON.stringify(keptPlanCounts));
    assert.equal(keptPlanCounts.newestRead, 0, JSON.stringify(keptPlanCounts));
    const sitemap = () =>
      [...filesUnder(path.join(dir, "_site/sitemaps"))]
        .map(([f, bytes]) => `${f}\n${bytes.toString("utf8")}`)
        .sort()
        .join("\n");
    const before = sitemap();
    // A day page's newest article rewritten in the record's base as "none": its kept lastmod is wrong.
    const dayFile = "eng/news/2025/03/13/index.html";
    const kept = v8.deserialize(readFileSync(record)) as { columns: { listFiles: string; listNewest: string } };
    const [files, newest] = [kept.columns.listFiles.split("\n"), kept.columns.listNewest.split("\n")];
    const at = files.indexOf(dayFile);
    assert.ok(at >= 0 && newest[at] !== "-", files.join(" "));
    newest[at] = "-";
    kept.columns.listNewest = newest.join("\n");
    writeFileSync(record, v8.serialize(kept));
    // The record as the next build reads it (its log applied) names no newest article for that day.
    const read = readKeptPlan(path.dirname(record));
    assert.equal(read?.lists.newest[read.lists.files.indexOf(dayFile)], "");
    // A normal build trusts it: the day's sitemap entry loses its lastmod (the kept lists reach the sitemap files).
    await run("on");
    assert.notEqual(sitemap(), before);
    await assert.rejects(run(), (error: Error) => {
      assert.ok(error instanceof KeptPlanError, String(error));
      assert.match(error.message, /sitemaps\/[\w-]+\.xml differs when its list pages' newest changes are kept from the last build's plan/);
      return true;
    });
    // The failed verify build recorded the newest changes read afresh: the next build keeps them, and the sitemap is as it was.
    await run();
    assert.equal(keptPlanCounts.newestRead, 0, JSON.stringify(keptPlanCounts));
    assert.equal(sitemap(), before);
  });

  it("plans every page again when what every article page shows changes (the chrome), or the record is unreadable", async () => {
    edit("content/authors/ulyana-krychkovska.yaml", "name: Ulyana K.\n");
    await run();
    assert.equal(keptPlanCounts.full, 1);
    writeFileSync(record, "not a record");
    await run();
    assert.equal(keptPlanCounts.full, 1);
    await run();
    assert.equal(keptPlanCounts.full, 0);
    assert.ok(filesUnder(path.join(dir, "_site")).size > 0);
  });
});

describe("an article page's day column in the kept plan", () => {
  // Six stories of one day, each with a tag of its own: a new headline of one shows in every other's day
  // column, though none of them links to it otherwise (the day's list and its order stay as they were).
  const files: Record<string, string> = {};
  for (let i = 1; i <= 6; i++)
    files[`content/articles/eng/2025/03/day-story-${i}.md`] = article({ title: `Day story ${i}`, date: marchDay(12, 8 + i), tags: `[Topic${i}]` });
  files["content/articles/eng/2025/03/other-day.md"] = article({ title: "Another day's story", date: marchDay(20), tags: "[Elsewhere]" });
  const dir = makeSite(files);
  const restoreEnv = keepEnv("NEWSROOM_PAGE_CACHE", "SOURCE_DATE_EPOCH");
  after(restoreEnv);

  it("views again the pages whose day column shows an article with a new headline, and keeps those of other days", async () => {
    process.env.SOURCE_DATE_EPOCH = EPOCH;
    process.env.NEWSROOM_PAGE_CACHE = "on";
    await build(dir);
    writeFileSync(
      path.join(dir, "content/articles/eng/2025/03/day-story-1.md"),
      article({ title: "Day story 1, a new headline", date: marchDay(12, 9), tags: "[Topic1]" }),
    );
    process.env.NEWSROOM_PAGE_CACHE = "verify";
    const result = await build(dir);
    const column = result.renders.filter((r) => r.why === "its day column shows a changed article").map((r) => r.file);
    // Stories 2–6 show it in their day column; those that link to it (the next story) are viewed for that first.
    assert.ok(column.length >= 3, JSON.stringify(result.renders));
    assert.ok(column.includes("eng/news/2025/03/12/day-story-6/index.html"), JSON.stringify(column));
    assert.ok(!result.renders.some((r) => r.file.includes("other-day")), JSON.stringify(result.renders));
  });
});
