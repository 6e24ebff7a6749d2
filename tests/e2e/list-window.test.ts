// The news feed and section fronts are numbered from the oldest and keep their newest maxListPages
// pages (src/model/pagination.ts): a build after one new article renders their own pages again and
// leaves their numbered pages as they were (the same files: not rendered, not rewritten); once a
// page's worth of articles, a new numbered page comes, its older neighbour changes and the window's
// oldest page leaves the site. Each build is checked against a verify build, which renders every page.
import assert from "node:assert/strict";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { build } from "../../src/pipeline/build.ts";
import { article, DEFAULT_CONFIG, filesUnder, keepEnv, makeSite } from "../helpers/site.ts";

// 2025-04-01 09:00 UTC: after every fixture article.
const EPOCH = String(Date.UTC(2025, 3, 1, 9) / 1000);

describe("a new article and the news feed's and section front's pages (page size 2, 3 pages kept)", () => {
  const story = (i: number) => article({ title: `Story number ${i}`, date: `2025-03-${String(i).padStart(2, "0")} 10:00` });
  const files: Record<string, string> = {};
  for (let i = 1; i <= 10; i++) files[`content/articles/eng/2025/03/story-${i}.md`] = story(i);
  const dir = makeSite(files, { config: { ...DEFAULT_CONFIG, pageSize: 2, maxListPages: 3 } });
  const site = path.join(dir, "_site");
  const add = (i: number) => writeFileSync(path.join(dir, `content/articles/eng/2025/03/story-${i}.md`), story(i));
  const restoreEnv = keepEnv("NEWSROOM_PAGE_CACHE", "SOURCE_DATE_EPOCH");
  const run = async (mode: "on" | "verify" = "on") => {
    process.env.NEWSROOM_PAGE_CACHE = mode;
    return build(dir);
  };
  /** Every HTML page of the site, by file, as its inode: a page the build did not write keeps its file. */
  const inodes = () =>
    new Map(
      (readdirSync(site, { recursive: true }) as string[])
        .filter((f) => f.endsWith(".html"))
        .map((f) => [f.split(path.sep).join("/"), statSync(path.join(site, f)).ino] as const),
    );
  /** The news feed's and the section front's pages the last build wrote, and those it removed. */
  const written = (was: Map<string, number>) => {
    const now = inodes();
    const lists = (f: string) => f.startsWith("eng/news/index") || f.startsWith("eng/news/page/") || f.startsWith("eng/sections/news/");
    return {
      written: [...now]
        .filter(([f, ino]) => lists(f) && was.get(f) !== ino)
        .map(([f]) => f)
        .sort(),
      removed: [...was.keys()].filter((f) => lists(f) && !now.has(f)),
    };
  };
  const read = (file: string) => filesUnder(site).get(file)?.toString("utf8") ?? "";
  /** A verify build renders every page and fails on a cached one unlike its rendering: then the site must be as it was. */
  const assertNothingStale = async () => {
    const files = filesUnder(site);
    await run("verify");
    assert.deepEqual(filesUnder(site), files);
  };

  before(async () => {
    process.env.SOURCE_DATE_EPOCH = EPOCH;
    await run();
  });
  after(restoreEnv);

  it("keeps the lists' own page and their two newest numbered pages; the oldest kept links the archive", () => {
    // Ten articles: the list's page holds the newest two, pages 4 and 3 the next four; pages 2 and 1 are left out.
    for (const list of ["eng/news/", "eng/sections/news/"]) {
      assert.deepEqual([...inodes().keys()].filter((f) => f.startsWith(list) && !/\/20\d\d\//.test(f)).sort(), [
        `${list}index.html`,
        `${list}page/3/index.html`,
        `${list}page/4/index.html`,
      ]);
      assert.match(read(`${list}page/3/index.html`), /<p class="older">Older articles are in the archive, by year, month and day.<\/p>/);
      assert.doesNotMatch(read(`${list}page/4/index.html`), /class="older"/);
    }
  });

  it("renders the lists' own pages after one new article, and none of their numbered pages", async () => {
    const was = inodes();
    add(11);
    const result = await run();
    assert.deepEqual(written(was), { written: ["eng/news/index.html", "eng/sections/news/index.html"], removed: [] });
    assert.ok(result.fromCache > 0, "a build that takes unchanged pages from the page cache");
    assert.match(read("eng/news/index.html"), /Story number 11/);
    await assertNothingStale();
  });

  it("at a page's worth of new articles: a new numbered page, its older neighbour now the oldest kept, and the one before leaves", async () => {
    const was = inodes();
    add(12);
    await run();
    assert.deepEqual(written(was), {
      written: [
        "eng/news/index.html",
        "eng/news/page/4/index.html",
        "eng/news/page/5/index.html",
        "eng/sections/news/index.html",
        "eng/sections/news/page/4/index.html",
        "eng/sections/news/page/5/index.html",
      ],
      removed: ["eng/news/page/3/index.html", "eng/sections/news/page/3/index.html"],
    });
    // Page 4 is the oldest kept now: it links the archive, and no older page.
    assert.match(read("eng/news/page/4/index.html"), /class="older"/);
    assert.doesNotMatch(read("eng/news/page/4/index.html"), /rel="next"/);
    assert.ok(!existsSync(path.join(site, "eng/news/page/3")));
    await assertNothingStale();
  });
});
