// The rendered-page cache (src/pipeline/page-cache.ts): an unchanged page is never rendered twice, and no
// edit an editor can make leaves a stale page behind. Every edit below is built in verify mode, which
// renders every page anyway and fails the build if one the cache had differs from its fresh rendering;
// the normal build after it must then write exactly what that fresh rendering wrote.
//
// Most builds run in this process (the command line's start-up costs more than building this small
// site); the command line's own output and exit codes are checked by the builds that go through `run`.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { deserialize, serialize } from "node:v8";
import { build as buildSite } from "../../src/pipeline/build.ts";
import { internalLinks, targetFile } from "../../src/pipeline/link-check.ts";
import { type LinksPart, linkingIn, type PageCacheMode, savedLinks } from "../../src/pipeline/page-cache.ts";
import { disableProgress, enableProgress } from "../../src/pipeline/progress.ts";
import { article, DEFAULT_CONFIG, filesUnder, makeSite, run } from "../helpers/site.ts";

const EPOCH = String(Date.UTC(2025, 3, 1, 9) / 1000);
const NEXT_DAY = String(Number(EPOCH) + 86_400);
const CLOCK = { SOURCE_DATE_EPOCH: EPOCH };

const siteFiles = (dir: string) => filesUnder(path.join(dir, "_site"));

/** What the build's `write:` line says: pages taken from the cache, or (verify mode) cached pages compared with their fresh rendering. */
function cacheNote(stdout: string): { reused?: number; verified?: number } {
  const line = stdout.match(/^write: \d+ pages in [\d.]+ s \(\d+\/s; (\d+) (from the page cache|cached pages verified)\)$/m);
  assert.ok(line, stdout);
  return line[2] === "cached pages verified" ? { verified: Number(line[1]) } : { reused: Number(line[1]) };
}

interface Built {
  reused?: number;
  verified?: number;
  files: Map<string, Buffer>;
}

/** Set once the fixture's site.config.ts changes: this process keeps the config module it imported first. */
let configEdited = false;

/**
 * Builds `dir` as `npm run build` would with these settings (in this process until the config
 * file changes, then with the command line); returns what the build said and wrote.
 */
async function build(dir: string, mode: PageCacheMode = "on", epoch = EPOCH): Promise<Built> {
  let out = "";
  if (configEdited) {
    const result = run(dir, "build", { SOURCE_DATE_EPOCH: epoch, NEWSROOM_PAGE_CACHE: mode });
    assert.equal(result.code, 0, result.stderr + result.stdout);
    out = result.stdout;
  } else {
    const saved = { mode: process.env.NEWSROOM_PAGE_CACHE, epoch: process.env.SOURCE_DATE_EPOCH };
    process.env.NEWSROOM_PAGE_CACHE = mode;
    process.env.SOURCE_DATE_EPOCH = epoch;
    enableProgress({ write: (text) => (out += text) });
    try {
      await buildSite(dir);
    } finally {
      disableProgress();
      restoreEnv("NEWSROOM_PAGE_CACHE", saved.mode);
      restoreEnv("SOURCE_DATE_EPOCH", saved.epoch);
    }
  }
  const note = cacheNote(out);
  if (mode === "verify") assert.notEqual(note.verified, undefined, out);
  else assert.notEqual(note.reused, undefined, out);
  return { ...note, files: siteFiles(dir) };
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

describe("rendered-page cache", () => {
  let dir: string;
  let edited: Built;
  const edit = (file: string, text: string) => writeFileSync(path.join(dir, file), text);
  const cache = () => path.join(dir, ".cache/pages/site");
  /** The cache's entry for a page of the built site: every cached page in _site/ is a hard link to it. */
  const entryOf = (page: string) => {
    const ino = statSync(path.join(dir, "_site", page)).ino;
    const found = (readdirSync(cache(), { recursive: true }) as string[]).filter((f) => statSync(path.join(cache(), f)).ino === ino);
    assert.equal(found.length, 1, `${page}: ${found.join(", ")}`);
    return path.join(cache(), found[0] as string);
  };

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
    // Three articles a page and two pages of each news feed and section front: an edit shifts articles across list pages.
    dir = makeSite(files, { config: { ...DEFAULT_CONFIG, pageSize: 3, maxListPages: 2 } });
  });

  it("renders every page once, then takes every archive page from the cache, byte for byte", async () => {
    const cold = await build(dir);
    assert.equal(cold.reused, 0);
    const second = await build(dir);
    assert.ok((second.reused ?? 0) > 20, String(second.reused));
    assert.deepEqual(second.files, cold.files);
    // Verify mode renders every page, as a build without the cache does: the edits below rely on it.
    const verified = await build(dir, "verify");
    assert.equal(verified.verified, second.reused);
    assert.deepEqual(verified.files, cold.files);
    const off = await build(dir, "off");
    assert.equal(off.reused, 0);
    assert.deepEqual(off.files, cold.files);
    // Nothing left in the cache that the build did not use: an edit replaces entries, it never adds to them.
    const cachedFiles = () =>
      readdirSync(cache(), { recursive: true }).filter(
        (f) => !/^links-\d+-\d+\.v8$/.test(String(f)) && statSync(path.join(cache(), String(f))).isFile(),
      ).length;
    const count = cachedFiles();
    assert.ok(count >= (second.reused ?? 0), `${count} cached files`);
    edit("content/articles/eng/2025/03/story-1.md", article({ title: "Story number one", date: "2025-03-11 10:00", tags: "[Energy, Kharkiv]" }));
    edited = await build(dir);
    assert.equal(cachedFiles(), count);
  });

  it("says how many cached pages it verified, on the command line too, and writes what a build in this process wrote", () => {
    const result = run(dir, "build", { ...CLOCK, NEWSROOM_PAGE_CACHE: "verify" });
    assert.equal(result.code, 0, result.stderr);
    assert.ok((cacheNote(result.stdout).verified ?? 0) > 20, result.stdout);
    assert.deepEqual(siteFiles(dir), edited.files);
  });

  it("fails a verify build that finds a cached page unlike its fresh rendering, naming the page, and drops that entry", async () => {
    const page = "eng/news/2025/03/13/story-3/index.html";
    const before = (await build(dir)).files;
    const entry = entryOf(page);
    // A different file at the entry's name (not a write through the link, which would change _site/ too).
    const tampered = readFileSync(entry, "utf8").replace("<h1>Story number 3</h1>", "<h1>Story number 33</h1>");
    rmSync(entry);
    writeFileSync(entry, tampered);
    const failed = run(dir, "build", { ...CLOCK, NEWSROOM_PAGE_CACHE: "verify" });
    assert.equal(failed.code, 1, failed.stdout);
    assert.equal(
      failed.stderr.trim(),
      `page cache: 1 cached page differs from a fresh rendering (a missing input in the page's key); removed from the cache: ${page}`,
    );
    // Nothing was published, and the entry is gone: the next build renders the page again.
    assert.deepEqual(siteFiles(dir), before);
    const next = await build(dir, "verify");
    assert.ok((next.verified ?? 0) > 20, String(next.verified));
    assert.deepEqual(next.files, before);
    assert.match(readFileSync(entryOf(page), "utf8"), /<h1>Story number 3<\/h1>/);
  });

  it("takes every cached page from the cache the next day: only the home pages show the date", async () => {
    const today = await build(dir);
    const next = await build(dir, "verify", NEXT_DAY);
    // The pages that differ the next day are the home pages (one per edition), which show the date: every other cached page is verified as it was.
    const differ = [...today.files].filter(([file, bytes]) => file.endsWith(".html") && !next.files.get(file)?.equals(bytes)).map(([file]) => file);
    assert.deepEqual(differ.sort(), ["eng/index.html", "index.html"]);
    assert.equal(next.verified, (today.reused ?? 0) - differ.length);
    // The verify build kept the next day's home pages: built again that day, every page comes from the cache.
    assert.equal((await build(dir, "on", NEXT_DAY)).reused, today.reused);
  });

  /** Every HTML page the cache holds has its links in the table, as in the page. */
  const assertLinksKept = () => {
    const table = savedLinks(cache());
    const entries = readdirSync(cache(), { recursive: true })
      .filter((f) => String(f).includes("/"))
      .map((f) => path.basename(String(f)));
    let pages = 0;
    for (const key of entries) {
      const page = readFileSync(path.join(cache(), key.slice(0, 2), key), "utf8");
      if (!page.startsWith("<!doctype html>")) continue;
      pages++;
      assert.deepEqual(table.get(key), internalLinks(page), key);
    }
    assert.ok(pages > 20, `${pages} pages with links`);
    return table;
  };

  it("keeps each page's links as noted while it was rendered, the same as reading the page back", () => {
    assertLinksKept();
    assert.equal(existsSync(path.join(cache(), "links.json")), false);
  });

  it("writes its links table anew as one part, with the pages in use only, once it has grown into many parts", async () => {
    // Parts as earlier builds leave them, of pages no longer in use.
    for (let i = 0; i < 40; i++) {
      const part = { keys: [`gone${i}`], urls: ["/x/"], offsets: Int32Array.from([0, 1]), positions: Int32Array.from([0]) };
      writeFileSync(path.join(cache(), `links-${1000 + i}-1.v8`), serialize(part));
    }
    await build(dir);
    assert.deepEqual(
      readdirSync(cache()).filter((f) => f.startsWith("links")),
      [`links-1040-${savedLinks(cache()).size}.v8`],
    );
    const table = assertLinksKept();
    assert.equal([...table.keys()].filter((key) => key.startsWith("gone")).length, 0);
    // The part written anew has its index of targets, which finds what judging every link finds.
    const [name] = readdirSync(cache()).filter((f) => f.startsWith("links"));
    const part = deserialize(readFileSync(path.join(cache(), String(name)))) as LinksPart;
    assert.equal(part.index?.basePath, "/");
    const pages = new Map([...table.keys()].map((key, i) => [`page-${i}/index.html`, key]));
    const targets = [...new Set([...table.values()].flat().flatMap((href) => targetFile(href) ?? []))].sort();
    assert.ok(targets.length > 20, String(targets.length));
    for (const target of targets.filter((_, i) => i % 5 === 0)) {
      const files = new Set([target]);
      const leadsTo = (href: string) => files.has(targetFile(href) ?? "");
      const linkers = [...pages].filter(([, key]) => table.get(key)?.some(leadsTo));
      let asked = 0;
      const { linking } = linkingIn(cache(), pages, {
        files,
        basePath: "/",
        leadsTo: (href) => {
          asked++;
          return leadsTo(href);
        },
      });
      assert.deepEqual([...linking].sort(), linkers.map(([file]) => file).sort(), target);
      // Looked up, not judged link by link: only the links of pages the index names (those linking to it, those with a relative link) are judged.
      const named = [...table].filter(([, links]) => links.some(leadsTo) || links.some((href) => !href.startsWith("/")));
      assert.ok(asked <= named.reduce((sum, [, links]) => sum + links.length, 0), `${asked} links judged`);
    }
  });

  // Each edit, and whether it changes what every page shows (then no page comes from the cache).
  const edits: [string, "some pages" | "every page", () => void][] = [
    [
      "an edit to one article's text",
      "some pages",
      () =>
        edit(
          "content/articles/eng/2025/03/story-4.md",
          article({ title: "Story number 4", date: "2025-03-14 10:00", tags: "[Energy, Diplomacy]" }, "New text.\n"),
        ),
    ],
    [
      "a new headline (neighbours, tag, author and day pages show it)",
      "some pages",
      () =>
        edit("content/articles/eng/2025/03/story-5.md", article({ title: "A new headline", date: "2025-03-15 10:00", tags: "[Energy, Kharkiv]" })),
    ],
    [
      "a new date (the article moves to another day)",
      "some pages",
      () =>
        edit(
          "content/articles/eng/2025/03/story-6.md",
          article({ title: "Story number 6", date: "2025-03-02 08:00", tags: "[Energy, Diplomacy]", authors: "[anastasia-protz]" }),
        ),
    ],
    [
      "a new tag",
      "some pages",
      () => edit("content/articles/eng/2025/03/story-7.md", article({ title: "Story number 7", date: "2025-03-17 10:00", tags: "[Energy, Odesa]" })),
    ],
    [
      "a new article",
      "some pages",
      () => edit("content/articles/eng/2025/03/story-9.md", article({ title: "Story number 9", date: "2025-03-19 10:00", tags: "[Kharkiv]" })),
    ],
    [
      "a section's first article (every page's header lists it)",
      "every page",
      () => edit("content/articles/eng/2025/03/war-1.md", article({ title: "Front line report", date: "2025-03-19 12:00", section: "war" })),
    ],
    ["an author's new name", "every page", () => edit("content/authors/anastasia-protz.yaml", "name: Anastasia Protz-Koval\n")],
    [
      "a translation's new headline",
      "some pages",
      () =>
        edit("content/articles/uk/2025/03/istoriia-2.md", article({ title: "Нова назва", date: "2025-03-12 10:00", translationKey: "story-two" })),
    ],
    ["a tag's display name in tags.yaml", "some pages", () => edit("content/tags.yaml", "eng:\n  energy:\n    name: Energy sector\n")],
    ["a removed article", "some pages", () => rmSync(path.join(dir, "content/articles/eng/2025/03/story-3.md"))],
    [
      "an article in a year of its own, in another section (the last page of each section front lists every year)",
      "some pages",
      () => {
        mkdirSync(path.join(dir, "content/articles/eng/2024/06"), { recursive: true });
        edit("content/articles/eng/2024/06/last-year.md", article({ title: "Last year", date: "2024-06-01 10:00", section: "war" }));
      },
    ],
    [
      "the removal of a year's only article, older than the news feed shows",
      "some pages",
      () => rmSync(path.join(dir, "content/articles/eng/2024/06/last-year.md")),
    ],
  ];
  async function leavesNoStalePage(shown: "some pages" | "every page"): Promise<void> {
    // A normal build first: it renders what changed (feeds with the bodies kept from the last build,
    // src/render/body-cache.ts) and takes the rest from the cache.
    const first = await build(dir);
    if (shown === "every page") assert.equal(first.reused ?? 0, 0);
    else assert.ok((first.reused ?? 0) > 0, `${first.reused} pages from the cache`);
    // Then every page rendered afresh (every body from its Markdown), each compared with what the normal build left in the cache.
    const fresh = await build(dir, "verify");
    assert.ok((fresh.verified ?? 0) > 0, `${fresh.verified} cached pages verified`);
    // And the normal build after it, which takes every page it can from the cache, writes the same bytes.
    const cached = await build(dir);
    assert.ok((cached.reused ?? 0) > 20, String(cached.reused));
    assert.deepEqual(cached.files, fresh.files);
  }
  for (const [name, shown, apply] of edits) {
    it(`leaves no stale page after ${name}`, async () => {
      apply();
      await leavesNoStalePage(shown);
    });
  }

  it("still finds a broken link in a page it takes from the cache (its links are kept with it)", async () => {
    // Far from story 7 in time and tags: removing story 7 changes nothing this page shows.
    mkdirSync(path.join(dir, "content/articles/eng/2025/02"), { recursive: true });
    edit(
      "content/articles/eng/2025/02/linker.md",
      article({ title: "Linker", date: "2025-02-01 10:00", tags: "[Archive]" }, "See [a later story](/eng/news/2025/03/17/story-7/).\n"),
    );
    await build(dir);
    rmSync(path.join(dir, "content/articles/eng/2025/03/story-7.md"));
    const broken = run(dir, "build", CLOCK);
    assert.equal(broken.code, 1);
    assert.match(
      broken.stderr,
      /^eng\/news\/2025\/02\/01\/linker\/index\.html {2}links to \/eng\/news\/2025\/03\/17\/story-7\/, which is not in the built site$/m,
    );
    // The linker's page came from the cache, so the link check read its links from the cache's table.
    assert.match(broken.stdout, /^write: .*; [1-9]\d* from the page cache\)$/m);
    assert.ok([...savedLinks(cache()).values()].some((links) => links.includes("/eng/news/2025/03/17/story-7/")));
    // Found in the table without checking every page: the pages this build wrote, and the linker's.
    const checked = (stdout: string) => {
      const [, pages, some] = /^link check: (\d+) pages in .*; (\d+) checked\)$/m.exec(stdout) ?? assert.fail(stdout);
      return { pages: Number(pages), checked: Number(some) };
    };
    const failed = checked(broken.stdout);
    assert.ok(failed.checked < failed.pages, JSON.stringify(failed));
    // Without the linker, the build publishes: story 7's page goes, and no page kept as it was links to it.
    rmSync(path.join(dir, "content/articles/eng/2025/02/linker.md"));
    const fixed = run(dir, "build", CLOCK);
    assert.equal(fixed.code, 0, fixed.stderr);
    assert.match(fixed.stdout, /^publish: .*incremental: \d+ written, [1-9]\d* deleted/m);
    const passed = checked(fixed.stdout);
    assert.ok(passed.checked < passed.pages, JSON.stringify(passed));
  });

  it("is off with NEWSROOM_PAGE_CACHE=off and refuses a value it does not know", async () => {
    assert.equal((await build(dir, "off")).reused, 0);
    const wrong = run(dir, "build", { ...CLOCK, NEWSROOM_PAGE_CACHE: "maybe" });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /NEWSROOM_PAGE_CACHE: expected on, off or verify, received "maybe"/);
  });

  // Last: this process cannot see a new config (it keeps the module it imported), so the builds from here on are the command line's.
  it("leaves no stale page after a config change (page size)", async () => {
    const config = readFileSync(path.join(dir, "content/site.config.ts"), "utf8");
    assert.match(config, /"pageSize": 3,/);
    edit("content/site.config.ts", config.replace('"pageSize": 3,', '"pageSize": 2,'));
    configEdited = true;
    await leavesNoStalePage("every page");
  });
});
