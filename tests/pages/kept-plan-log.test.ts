// The kept plan's record as a base and a log (src/pages/kept-plan.ts, src/base-log.ts): a build appends
// its change (the rows of the pages it planned again) instead of writing the record whole; the next
// reads the base with the log applied. Verify mode proves every key kept through the log; the log folded
// into a new base plans as the log did; a torn log, or an entry left by a build that failed after its
// plan, never makes a later build skip a page that changed.
import assert from "node:assert/strict";
import { cpSync, existsSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { KEPT_PLAN_FILE, KEPT_PLAN_LOG_FILE, keptPlanCounts, PLAN_COMPACTION, readKeptPlan } from "../../src/pages/kept-plan.ts";
import { build } from "../../src/pipeline/build.ts";
import { article, DEFAULT_CONFIG, keepEnv, makeSite, marchDay, twelveStories } from "../helpers/site.ts";

const EPOCH = String(Date.UTC(2025, 3, 1, 9) / 1000);

/** A record as a comparable value: every row by its URL or file, whatever its place, without the links tables' generations (random names). */
function rowsOf(dir: string) {
  const record = readKeptPlan(path.join(dir, ".cache/pages/site"));
  assert.ok(record, "the record is readable");
  const articles = new Map(record.urls.map((u, k) => [u, [record.sources[k], record.photos[k], record.versions[k], record.days[k], record.keys[k]]]));
  const lists = new Map(
    record.lists.files.map((f, k) => [f, [record.lists.facts[k], record.lists.keys[k], record.lists.sources[k], record.lists.newest[k]]]),
  );
  const days = new Map(Object.entries(record.dayLists));
  return { articles, lists, days };
}

describe("the kept plan's record as a base and a log of changes", () => {
  const day = marchDay;
  const files = twelveStories();
  files["content/articles/uk/2025/03/inshe.md"] = article({ title: "Інша історія", date: day(11) });
  const dir = makeSite(files, { config: { ...DEFAULT_CONFIG, pageSize: 3 } });
  const state = path.join(dir, ".cache/pages/site");
  const log = path.join(state, KEPT_PLAN_LOG_FILE);
  const edit = (file: string, text: string) => writeFileSync(path.join(dir, file), text);
  const story = (i: number) => `content/articles/eng/2025/03/story-${i}.md`;
  const page = (i: number) => readFileSync(path.join(dir, `_site/eng/news/2025/03/${10 + Math.floor(i / 3)}/story-${i}/index.html`), "utf8");
  const restoreEnv = keepEnv("NEWSROOM_PAGE_CACHE", "SOURCE_DATE_EPOCH");
  const compaction = { ...PLAN_COMPACTION };
  const run = async (mode: "on" | "verify" = "verify") => {
    process.env.NEWSROOM_PAGE_CACHE = mode;
    return build(dir);
  };

  before(async () => {
    process.env.SOURCE_DATE_EPOCH = EPOCH;
    // A fixture's base is a few kilobytes: the log may grow to many times it here.
    Object.assign(PLAN_COMPACTION, { fraction: 1000, entries: 200 });
    await run("on");
    assert.equal(keptPlanCounts.full, 1);
    assert.equal(existsSync(log), false, "a build that plans every page writes a base");
  });
  after(() => {
    Object.assign(PLAN_COMPACTION, compaction);
    restoreEnv();
  });

  it("appends each build's change to the log, and every key kept through it is the key made afresh", async () => {
    const baseBytes = statSync(path.join(state, KEPT_PLAN_FILE)).size;
    edit("content/articles/eng/2025/03/story-new.md", article({ title: "A new story", date: day(14, 12), tags: "[Energy]" }));
    await run();
    assert.equal(keptPlanCounts.full, 0);
    const first = statSync(log).size;
    assert.ok(first > 0 && first < baseBytes, `${first} bytes of log against a base of ${baseBytes}`);
    // An edit, a move to another day, a removal: each a log entry, each build proving the kept keys.
    edit(story(4), article({ title: "Story number 4, edited", date: day(11, 9), tags: "[Energy, Diplomacy]" }));
    await run();
    edit(story(7), article({ title: "Story number 7", date: day(9, 9), tags: "[Energy, Kharkiv]" }));
    await run();
    edit(story(9), article({ title: "Story number 9", date: day(13, 8), tags: "[Kharkiv]" }));
    await run();
    assert.equal(keptPlanCounts.full, 0);
    assert.ok(statSync(log).size > first, "the log grew");
    assert.equal(statSync(path.join(state, KEPT_PLAN_FILE)).size, baseBytes, "the base was not written again");
    await run();
    assert.equal(keptPlanCounts.viewed, 0, JSON.stringify(keptPlanCounts));
  });

  it("plans from a base folded from the log as from the log, and a folded record holds the same rows", async () => {
    const copy = makeSite({});
    cpSync(dir, copy, { recursive: true });
    const change = (root: string) =>
      writeFileSync(path.join(root, story(10)), article({ title: "Story number 10, again", date: day(13, 9), tags: "[Energy, Kharkiv]" }));
    // The same change, built once appending to the log and once folding the log into a new base.
    change(dir);
    await run();
    const viaLog = { ...keptPlanCounts };
    assert.ok(statSync(log).size > 0);
    Object.assign(PLAN_COMPACTION, { fraction: 0 });
    change(copy);
    process.env.NEWSROOM_PAGE_CACHE = "verify";
    await build(copy);
    Object.assign(PLAN_COMPACTION, { fraction: 1000 });
    const viaBase = { ...keptPlanCounts };
    assert.equal(existsSync(path.join(copy, ".cache/pages/site", KEPT_PLAN_LOG_FILE)), false, "folded: the log is gone");
    assert.deepEqual(viaBase, viaLog);
    assert.deepEqual(rowsOf(copy), rowsOf(dir));
  });

  it("after an entry left by a build that failed after its plan, the next build still publishes the page that changed", async () => {
    const at = statSync(log).size;
    // A new text for story 5, and a broken link elsewhere: the build plans (appending its entry), then fails.
    edit(story(5), article({ title: "Story number 5", date: day(11, 10), tags: "[Energy, Kharkiv]" }, "A text written before a failed build.\n"));
    const seven = readFileSync(path.join(dir, story(7)), "utf8");
    edit(story(7), `${seven}\n[a link](/eng/no-such-page/)\n`);
    await assert.rejects(run("on"), /broken internal link/);
    assert.ok(statSync(log).size > at, "the failed build appended its entry");
    assert.doesNotMatch(page(5), /before a failed build/);
    edit(story(7), seven);
    await run("on");
    assert.equal(keptPlanCounts.full, 0);
    assert.match(page(5), /A text written before a failed build\./);
  });

  it("does not trust a torn log: the next build plans every page and publishes the page that changed", async () => {
    edit(story(6), article({ title: "Story number 6", date: day(12, 8), tags: "[Energy, Diplomacy]" }, "A text whose log entry was torn.\n"));
    const seven = readFileSync(path.join(dir, story(7)), "utf8");
    edit(story(7), `${seven}\n[a link](/eng/no-such-page/)\n`);
    await assert.rejects(run("on"), /broken internal link/);
    // The failed build's entry, cut short as by a crash in the middle of its write.
    truncateSync(log, statSync(log).size - 7);
    edit(story(7), seven);
    await run("on");
    assert.equal(keptPlanCounts.full, 1, "a torn log: every page planned again");
    assert.match(page(6), /A text whose log entry was torn\./);
    assert.equal(existsSync(log), false, "and a new base written, the torn log removed");
    await run();
    assert.equal(keptPlanCounts.viewed, 0);
  });

  it("writes a new base when the log would outgrow its share of the base, and trusts no log of another base", async () => {
    edit(story(8), article({ title: "Story number 8, once more", date: day(12, 10), tags: "[Energy, Diplomacy]" }));
    await run();
    const entries = readFileSync(log);
    assert.ok(entries.length > 0);
    Object.assign(PLAN_COMPACTION, { fraction: 0 });
    edit(story(8), article({ title: "Story number 8, folded", date: day(12, 10), tags: "[Energy, Diplomacy]" }));
    await run();
    Object.assign(PLAN_COMPACTION, { fraction: 1000 });
    assert.equal(existsSync(log), false);
    assert.equal(keptPlanCounts.full, 0);
    // The last base's log put back beside the new base, as a build killed between the two would leave them.
    writeFileSync(log, entries);
    await run();
    assert.equal(keptPlanCounts.full, 1, "a log of another base is not applied");
  });
});
