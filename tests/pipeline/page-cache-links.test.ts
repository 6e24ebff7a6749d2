// The page cache's links table and its index of targets (src/pipeline/page-cache.ts `linksPart`, `linkingIn`):
// the pages found linking to files that go are exactly those found by judging every link, whatever the
// hrefs (percent-escapes, queries, fragments, `/x/` and `/x/index.html`, outside the base path, relative),
// and parts without an index, with another base path's or with a damaged one are read as before.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { deserialize, serialize } from "node:v8";
import { type GoingFiles, resolveRelative, targetFile } from "../../src/pipeline/link-check.ts";
import { type LinksPart, linkingIn, linksPart, PageKeys, savedLinks } from "../../src/pipeline/page-cache.ts";
import { tempDir } from "../helpers/site.ts";

/** A seeded generator (the same tables every run). */
function random(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return Math.floor((s / 2 ** 32) * n);
  };
}

/** Hrefs of every kind the table may hold, under the base path or not. */
function hrefs(base: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < 12; i++) {
    out.push(`${base}a${i}/`, `${base}a${i}/index.html`, `${base}a${i}/?page=2`, `${base}a${i}/#top`, `${base}a${i}/index.html?x=1#y`);
    out.push(`${base}img/p${i}.jpg`, `${base}%D0%BD%D0%BE%D0%B2%D0%B8%D0%BD%D0%B8-${i}/`, `${base}новини-${i}/`, `${base}a%20b${i}.html`);
    out.push(`../a${i}/`, `a${i}/`, `./p${i}.jpg`, `../../img/p${i}.jpg`, `?page=${i}`);
  }
  out.push(base, `${base}index.html`, "/", "/index.html", "/outside/a1/", `${base}%ZZ/`, `${base}%E0%A4%A/`, `${base}?q=1`);
  return out;
}

/** The link check's judgment (src/pipeline/link-check.ts `checkLinks`): the link's target file, going or not. */
function going(files: Iterable<string>, basePath: string): GoingFiles & { calls: () => number } {
  const set = new Set(files);
  let calls = 0;
  return {
    files: set,
    basePath,
    leadsTo: (href, page) => {
      calls++;
      const resolved = href.startsWith("/") ? href : resolveRelative(href, page, basePath);
      const target = resolved === undefined ? undefined : targetFile(resolved, basePath);
      return target !== undefined && set.has(target);
    },
    calls: () => calls,
  };
}

/** Every page (output file → key) with a link in `table` to one of the going files, judged link by link. */
function linkingAll(table: ReadonlyMap<string, readonly string[]>, pages: ReadonlyMap<string, string>, query: GoingFiles): Set<string> {
  const found = new Set<string>();
  for (const [file, key] of pages) if (table.get(key)?.some((href) => query.leadsTo(href, file))) found.add(file);
  return found;
}

interface Table {
  table: Map<string, string[]>;
  /** The pages reused: output file → key. */
  pages: Map<string, string>;
  /** Pages that are reused but have no links in the table. */
  missing: string[];
  targets: string[];
}

function randomTable(next: (n: number) => number, base: string, count: number): Table {
  const pool = [...hrefs(base), ...hrefs(base === "/" ? "/news-site/" : "/")];
  const table = new Map<string, string[]>();
  const pages = new Map<string, string>();
  const missing: string[] = [];
  for (let i = 0; i < count; i++) {
    const key = `key${i}`;
    const links = Array.from({ length: next(12) }, () => pool[next(pool.length)] as string);
    table.set(key, links);
    // Pages in folders of different depths, so relative links lead to different files.
    const file = next(3) === 0 ? `a${i}/index.html` : next(2) ? `eng/a${i}/index.html` : `eng/news/p${i}.html`;
    // Most pages reused, some not (rendered this build), a few under two files (identical pages), and some reused pages not in the table.
    if (next(10) < 8) pages.set(file, key);
    if (next(20) === 0) pages.set(`copy/${file}`, key);
  }
  for (let i = 0; i < 5; i++) {
    pages.set(`absent/${i}.html`, `absent${i}`);
    missing.push(`absent/${i}.html`);
  }
  const targets = new Set<string>();
  for (const [key, links] of table)
    for (const href of links) {
      const resolved = href.startsWith("/") ? href : resolveRelative(href, `a${key.slice(3)}/index.html`, base);
      const target = resolved === undefined ? undefined : targetFile(resolved, base);
      if (target !== undefined) targets.add(target);
    }
  return { table, pages, missing, targets: [...targets].sort() };
}

/** Writes the table as parts of `size` pages, each made by `make` (the index, or none: as before it had one). */
function writeParts(
  table: ReadonlyMap<string, readonly string[]>,
  size: number,
  make: (pages: Map<string, readonly string[]>, n: number) => LinksPart,
): string {
  const dir = tempDir("links-table-");
  const entries = [...table];
  for (let n = 0; n * size < entries.length; n++) {
    const pages = new Map(entries.slice(n * size, (n + 1) * size));
    writeFileSync(path.join(dir, `links-${n + 1}-${pages.size}.v8`), serialize(make(pages, n)));
  }
  return dir;
}

/** A part as written before the index: its URLs an array. */
function withoutIndex({ keys, urlText = "", urlEnds = new Int32Array(0), offsets, positions }: LinksPart): LinksPart {
  const urls = Array.from(urlEnds, (end, u) => urlText.slice(u ? urlEnds[u - 1] : 0, end));
  return { keys, urls, offsets, positions };
}

/** The found pages and the unknown ones among those reused. */
function result(dir: string, pages: ReadonlyMap<string, string>, query: GoingFiles) {
  const { linking, unknown } = linkingIn(dir, pages, query);
  return { linking: [...linking].sort(), unknown: [...pages.keys()].filter(unknown).sort() };
}

describe("the page cache's list of pages and keys", () => {
  it("keeps the pages in the order added, and looks one up, before and after more are added", () => {
    const pages = new PageKeys();
    pages.add("b/index.html", "kb");
    pages.add("a/index.html", "ka");
    assert.equal(pages.get("a/index.html"), "ka");
    pages.add("c/feed.xml", "kc");
    assert.equal(pages.get("c/feed.xml"), "kc");
    assert.equal(pages.get("d/index.html"), undefined);
    assert.equal(pages.size, 3);
    assert.deepEqual(
      [...pages],
      [
        ["b/index.html", "kb"],
        ["a/index.html", "ka"],
        ["c/feed.xml", "kc"],
      ],
    );
    assert.deepEqual(pages.keys, ["kb", "ka", "kc"]);
  });
});

describe("links table index", () => {
  for (const base of ["/", "/news-site/"])
    it(`finds exactly the pages judging every link finds, for random tables and going files (base path ${base})`, () => {
      const next = random(base.length * 7919);
      for (let round = 0; round < 12; round++) {
        const { table, pages, missing, targets } = randomTable(next, base, 40 + next(200));
        const indexed = writeParts(table, 1 + next(60), (part) => linksPart(part, base));
        const old = writeParts(table, 1 + next(60), (part) => withoutIndex(linksPart(part, base)));
        for (let q = 0; q < 10; q++) {
          const files = Array.from({ length: 1 + next(10) }, () => targets[next(targets.length)] as string);
          if (next(3) === 0) files.push("never/linked.html", "a1/index.html");
          const expected = [...linkingAll(table, pages, going(files, base))].sort();
          const got = result(indexed, pages, going(files, base));
          assert.deepEqual(got.linking, expected, `round ${round}, going ${files.join(" ")}`);
          assert.deepEqual(result(old, pages, going(files, base)), got);
          assert.deepEqual(got.unknown, missing);
          // The pages as the page cache holds them (two lists, a map made on the first lookup): the same pages found.
          const listed = new PageKeys();
          for (const [file, key] of pages) listed.add(file, key);
          const { linking, unknown } = linkingIn(indexed, listed, going(files, base));
          assert.deepEqual([...linking].sort(), got.linking);
          assert.deepEqual([...pages.keys()].filter(unknown).sort(), got.unknown);
        }
      }
    });

  it("looks the going files up rather than judging every link", () => {
    const table = new Map<string, string[]>();
    for (let i = 0; i < 500; i++) table.set(`k${i}`, [`/a${i}/`, `/b${i}/index.html`, "/", `/c/${i}.jpg`]);
    table.set("rel", ["../a7/", "/x/"]);
    const pages = new Map([...table.keys()].map((key, i) => [key === "rel" ? "rel/index.html" : `p/${i}/index.html`, key]));
    const dir = writeParts(table, 200, (part) => linksPart(part, "/"));
    const query = going(["a7/index.html"], "/");
    assert.deepEqual(result(dir, pages, query).linking, ["p/7/index.html", "rel/index.html"]);
    // Page 7's links up to the first that goes, and the one relative link.
    assert.equal(query.calls(), 2);
  });

  it("reads parts without an index, or made for another base path, as before, beside parts with one", () => {
    const next = random(42);
    const { table, pages, targets } = randomTable(next, "/", 300);
    // Parts in turn with an index, without one, and with one made for another base path.
    const dir = writeParts(table, 25, (part, n) =>
      n % 3 === 0 ? linksPart(part, "/") : n % 3 === 1 ? withoutIndex(linksPart(part, "/")) : linksPart(part, "/news-site/"),
    );
    for (let q = 0; q < 20; q++) {
      const files = Array.from({ length: 1 + next(6) }, () => targets[next(targets.length)] as string);
      assert.deepEqual(result(dir, pages, going(files, "/")).linking, [...linkingAll(table, pages, going(files, "/"))].sort());
    }
  });

  it("falls back to judging every link of a part whose index is damaged", () => {
    const next = random(7);
    const { table, pages, targets } = randomTable(next, "/", 200);
    // Each damage would lose pages if the index were used: lengths that disagree, hashes out of order, numbers out of range.
    const damages: ((index: NonNullable<LinksPart["index"]>) => void)[] = [
      (index) => (index.targets = index.targets.subarray(1)),
      (index) => (index.hashes = index.hashes.subarray(1)),
      (index) => (index.hashes = index.hashes.slice().reverse()),
      (index) => (index.targets = index.targets.map((t) => (t >= 0 ? t + 100_000 : t))),
      (index) => (index.targets = index.targets.map((t) => (t >= 0 ? -3 : t))),
      (index) => (index.relative = Int32Array.from([-1])),
      (index) => ((index as { targets: unknown }).targets = [...index.targets]),
      (index) => ((index as { basePath: unknown }).basePath = undefined),
    ];
    for (const [d, damage] of damages.entries()) {
      const dir = writeParts(table, 50, (links) => {
        const part = linksPart(links, "/");
        if (part.index) damage(part.index);
        return part;
      });
      for (let q = 0; q < 10; q++) {
        const files = Array.from({ length: 1 + next(4) }, () => targets[next(targets.length)] as string);
        assert.deepEqual(result(dir, pages, going(files, "/")).linking, [...linkingAll(table, pages, going(files, "/"))].sort(), `damage ${d}`);
      }
    }
  });

  it("judges link by link the pages named by a hash that files share", () => {
    const next = random(11);
    const { table, pages, targets } = randomTable(next, "/", 300);
    for (let q = 0; q < 20; q++) {
      // Every site-absolute URL of each part given the target of a going file, as if they all had its hash.
      const shared = targets[next(targets.length)] as string;
      const dir = writeParts(table, 40, (links) => {
        const part = linksPart(links, "/");
        const urls = withoutIndex(part).urls ?? [];
        const index = part.index as NonNullable<LinksPart["index"]>;
        const u = urls.findIndex((url) => url.startsWith("/") && targetFile(url, "/") === shared);
        if (u >= 0) index.targets = index.targets.map((t) => (t >= 0 ? (index.targets[u] as number) : t));
        return part;
      });
      const files = [shared, targets[next(targets.length)] as string];
      assert.deepEqual(result(dir, pages, going(files, "/")).linking, [...linkingAll(table, pages, going(files, "/"))].sort());
    }
  });

  it("keeps the table's links as they were beside the index, and reads parts written before it", () => {
    const table = new Map([
      ["k", ["/a/", "../b/", "/a/", "/%D0%BA/?x#y", "новини/"]],
      ["empty", []],
      ["j", ["/a/index.html"]],
    ]);
    const dir = writeParts(table, 2, (part, n) => (n === 0 ? linksPart(part, "/") : withoutIndex(linksPart(part, "/"))));
    assert.deepEqual(savedLinks(dir), table);
    const part = deserialize(serialize(linksPart(table, "/"))) as LinksPart;
    assert.equal(part.index?.basePath, "/");
    // Two targets (a/index.html, к/index.html): the page with relative links is listed.
    assert.equal(part.index?.hashes.length, 4);
    assert.deepEqual([...(part.index?.relative ?? [])], [0]);
  });

  it("reads a part whose links are damaged as no part (its pages are then read from their files)", () => {
    const table = new Map([["k", ["/a/", "/b/"]]]);
    const damages: ((part: LinksPart) => void)[] = [
      (part) => (part.urlEnds = Int32Array.from([2, 1])),
      (part) => (part.urlText = "/a/"),
      (part) => (part.positions = Int32Array.from([0, 2])),
      (part) => (part.offsets = Int32Array.from([0, 1])),
      // Offsets not starting at 0, or going back: a page's links would be cut or read from another's.
      (part) => {
        part.keys = ["k", "j"];
        part.offsets = Int32Array.from([1, 0, 2]);
      },
      (part) => {
        part.keys = ["k", "j"];
        part.offsets = Int32Array.from([0, 3, 2]);
      },
      // An old part's URLs that are not all strings.
      (part) => {
        part.urls = ["/a/", 7 as unknown as string];
        part.urlText = undefined;
        part.urlEnds = undefined;
      },
    ];
    for (const damage of damages) {
      const dir = writeParts(table, 10, (links) => {
        const part = linksPart(links, "/");
        damage(part);
        return part;
      });
      assert.equal(savedLinks(dir).size, 0);
      assert.deepEqual(result(dir, new Map([["k.html", "k"]]), going(["a/index.html"], "/")), { linking: [], unknown: ["k.html"] });
    }
  });
});
