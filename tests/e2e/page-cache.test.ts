// The rendered-page cache (src/build/page-cache.ts): an unchanged page is never rendered twice, and no
// edit an editor can make leaves a stale page behind. Every edit below is built in verify mode, which
// renders every page anyway and fails the build if one the cache had differs from its fresh rendering.
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { internalLinks } from "../../src/build/link-check.ts";
import { article, filesUnder, makeSite, run } from "../helpers/site.ts";

const CLOCK = { SOURCE_DATE_EPOCH: String(Date.UTC(2025, 3, 1, 9) / 1000) };

const siteFiles = (dir: string) => filesUnder(path.join(dir, "_site"));

function reused(stdout: string): number {
  return Number(stdout.match(/^write: .*; (\d+) from the page cache\)$/m)?.[1] ?? Number.NaN);
}

function build(dir: string, env: NodeJS.ProcessEnv = {}) {
  const result = run(dir, "build", { ...CLOCK, ...env });
  assert.equal(result.code, 0, result.stderr + result.stdout);
  return result;
}

describe("rendered-page cache", () => {
  let dir: string;
  const edit = (file: string, text: string) => writeFileSync(path.join(dir, file), text);

  before(() => {
    const day = (n: number) => `2025-03-${String(n).padStart(2, "0")} 10:00`;
    const files: Record<string, string> = {};
    for (let i = 1; i <= 8; i++) {
      files[`content/articles/eng/2025/03/story-${i}.md`] = article({
        title: `Story number ${i}`,
        date: day(10 + i),
        tags: i % 2 ? "[Energy, Kharkiv]" : "[Energy, Diplomacy]",
        authors: i % 3 ? "[ulyana-krychkovska]" : "[anastasia-protz]",
        ...(i === 2 ? { translationKey: "story-two" } : {}),
      });
    }
    files["content/articles/uk/2025/03/istoriia-2.md"] = article({ title: "Історія номер два", date: day(12), translationKey: "story-two" });
    dir = makeSite(files);
  });

  it("renders every page once, then takes every archive page from the cache, byte for byte", () => {
    const first = build(dir);
    assert.equal(reused(first.stdout), 0);
    const cold = siteFiles(dir);
    const second = build(dir);
    assert.ok(reused(second.stdout) > 20, second.stdout);
    assert.deepEqual(siteFiles(dir), cold);
    // Nothing left in the cache that the build did not use: an edit replaces entries, it never adds to them.
    const cachedFiles = () =>
      readdirSync(path.join(dir, ".cache/pages/site"), { recursive: true }).filter(
        (f) => f !== "links.json" && statSync(path.join(dir, ".cache/pages/site", String(f))).isFile(),
      ).length;
    const count = cachedFiles();
    assert.ok(count >= reused(second.stdout), `${count} cached files`);
    edit("content/articles/eng/2025/03/story-1.md", article({ title: "Story number one", date: "2025-03-11 10:00", tags: "[Energy, Kharkiv]" }));
    build(dir);
    assert.equal(cachedFiles(), count);
  });

  it("takes every cached page from the cache the next day: only the home pages show the date", () => {
    const today = build(dir);
    const nextDay = { SOURCE_DATE_EPOCH: String(Number(CLOCK.SOURCE_DATE_EPOCH) + 86_400) };
    assert.match(build(dir, { ...nextDay, NEWSROOM_PAGE_CACHE: "verify" }).stdout, /cached pages verified/);
    assert.equal(reused(build(dir, nextDay).stdout), reused(today.stdout));
  });

  it("keeps each page's links as noted while it was rendered, the same as reading the page back", () => {
    const cache = path.join(dir, ".cache/pages/site");
    const table = JSON.parse(readFileSync(path.join(cache, "links.json"), "utf8")) as { links: string[]; pages: Record<string, number[]> };
    const keys = Object.keys(table.pages);
    assert.ok(keys.length > 20, `${keys.length} pages with links`);
    for (const key of keys) {
      const page = readFileSync(path.join(cache, key.slice(0, 2), key), "utf8");
      assert.deepEqual(
        table.pages[key]?.map((i) => table.links[i]),
        internalLinks(page),
        key,
      );
    }
  });

  const edits: [string, () => void][] = [
    [
      "an edit to one article's text",
      () =>
        edit(
          "content/articles/eng/2025/03/story-4.md",
          article({ title: "Story number 4", date: "2025-03-14 10:00", tags: "[Energy, Diplomacy]" }, "New text.\n"),
        ),
    ],
    [
      "a new headline (neighbours, tag, author and day pages show it)",
      () =>
        edit("content/articles/eng/2025/03/story-5.md", article({ title: "A new headline", date: "2025-03-15 10:00", tags: "[Energy, Kharkiv]" })),
    ],
    [
      "a new date (the article moves to another day)",
      () =>
        edit(
          "content/articles/eng/2025/03/story-6.md",
          article({ title: "Story number 6", date: "2025-03-02 08:00", tags: "[Energy, Diplomacy]", authors: "[anastasia-protz]" }),
        ),
    ],
    [
      "a new tag",
      () => edit("content/articles/eng/2025/03/story-7.md", article({ title: "Story number 7", date: "2025-03-17 10:00", tags: "[Energy, Odesa]" })),
    ],
    [
      "a new article",
      () => edit("content/articles/eng/2025/03/story-9.md", article({ title: "Story number 9", date: "2025-03-19 10:00", tags: "[Kharkiv]" })),
    ],
    [
      "a section's first article (every page's header lists it)",
      () => edit("content/articles/eng/2025/03/war-1.md", article({ title: "Front line report", date: "2025-03-19 12:00", section: "war" })),
    ],
    ["an author's new name", () => edit("content/authors/anastasia-protz.yaml", "name: Anastasia Protz-Koval\n")],
    [
      "a translation's new headline",
      () =>
        edit("content/articles/uk/2025/03/istoriia-2.md", article({ title: "Нова назва", date: "2025-03-12 10:00", translationKey: "story-two" })),
    ],
    ["a tag's display name in tags.yaml", () => edit("content/tags.yaml", "eng:\n  energy:\n    name: Energy sector\n")],
    ["a removed article", () => rmSync(path.join(dir, "content/articles/eng/2025/03/story-3.md"))],
    [
      "a config change (page size)",
      () => {
        const config = readFileSync(path.join(dir, "content/site.config.ts"), "utf8");
        edit("content/site.config.ts", config.replace('"pageSize": 20', '"pageSize": 3, "maxListPages": 2'));
      },
    ],
    [
      "an article in a year of its own, in another section (the last page of each section front lists every year)",
      () => {
        mkdirSync(path.join(dir, "content/articles/eng/2024/06"), { recursive: true });
        edit("content/articles/eng/2024/06/last-year.md", article({ title: "Last year", date: "2024-06-01 10:00", section: "war" }));
      },
    ],
    [
      "the removal of a year's only article, older than the news feed shows",
      () => rmSync(path.join(dir, "content/articles/eng/2024/06/last-year.md")),
    ],
  ];
  for (const [name, apply] of edits) {
    it(`leaves no stale page after ${name}`, () => {
      apply();
      const verified = build(dir, { NEWSROOM_PAGE_CACHE: "verify" });
      assert.match(verified.stdout, /cached pages verified|0 from the page cache/);
      // And the normal build after it is what a build without any cache writes.
      build(dir);
      const withCache = siteFiles(dir);
      build(dir, { NEWSROOM_PAGE_CACHE: "off" });
      assert.deepEqual(siteFiles(dir), withCache);
    });
  }

  it("still finds a broken link in a page it takes from the cache (its links are kept with it)", () => {
    // Far from story 7 in time and tags: removing story 7 changes nothing this page shows.
    mkdirSync(path.join(dir, "content/articles/eng/2025/02"), { recursive: true });
    edit(
      "content/articles/eng/2025/02/linker.md",
      article({ title: "Linker", date: "2025-02-01 10:00", tags: "[Archive]" }, "See [a later story](/eng/news/2025/03/17/story-7/).\n"),
    );
    build(dir);
    rmSync(path.join(dir, "content/articles/eng/2025/03/story-7.md"));
    const broken = run(dir, "build", CLOCK);
    assert.equal(broken.code, 1);
    assert.match(
      broken.stderr,
      /^eng\/news\/2025\/02\/01\/linker\/index\.html {2}links to \/eng\/news\/2025\/03\/17\/story-7\/, which is not in the built site$/m,
    );
    // The linker's page came from the cache, so the link check read its links from the cache's table.
    assert.ok(JSON.parse(readFileSync(path.join(dir, ".cache/pages/site/links.json"), "utf8")).links.includes("/eng/news/2025/03/17/story-7/"));
    rmSync(path.join(dir, "content/articles/eng/2025/02/linker.md"));
  });

  it("is off with NEWSROOM_PAGE_CACHE=off and refuses a value it does not know", () => {
    assert.equal(reused(build(dir, { NEWSROOM_PAGE_CACHE: "off" }).stdout), 0);
    const wrong = run(dir, "build", { ...CLOCK, NEWSROOM_PAGE_CACHE: "maybe" });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /NEWSROOM_PAGE_CACHE: expected on, off or verify, received "maybe"/);
  });
});
