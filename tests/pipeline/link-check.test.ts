import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import {
  checkLinks,
  findBrokenLinks,
  internalLinks,
  type KnownLinks,
  type LinkCheck,
  type LiveSite,
  resolveRelative,
  targetFile,
} from "../../src/pipeline/link-check.ts";
import { tempDir } from "../helpers/site.ts";

function folder(files: Record<string, string>): string {
  const dir = tempDir("links-");
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

describe("link check", () => {
  it("reports every internal link without a file, with its page, and ignores external links and fragments", async () => {
    const dir = folder({
      "index.html": `<a href="/eng/">ok</a> <a href="/missing/">x</a> <a href='/eng/photo.jpg#top'>ok</a> <a href="https://example.org/nope/">ext</a> <a href="//cdn.example/x">ext</a> <a href="#main">frag</a>`,
      "eng/index.html": `<img src="/eng/photo.jpg" srcset="/eng/photo.jpg 1x, /eng/photo-2x.jpg 2x"> <link href="/assets/site.css">`,
      "eng/photo.jpg": "jpg",
      "assets/site.css": "",
    });
    assert.deepEqual(await findBrokenLinks(dir), [
      { page: "eng/index.html", href: "/eng/photo-2x.jpg" },
      { page: "index.html", href: "/missing/" },
    ]);
  });

  it("maps /x/ to x/index.html, decodes percent-escapes and entities, and requires the base sub-path", () => {
    assert.equal(targetFile("/eng/news/"), "eng/news/index.html");
    assert.equal(targetFile("/"), "index.html");
    assert.equal(targetFile("/404.html?x=1"), "404.html");
    assert.equal(targetFile("/site/%D0%BA/", "/site/"), "к/index.html");
    assert.equal(targetFile("/other/", "/site/"), undefined);
    assert.deepEqual(internalLinks(`<a href="/a/?x=1&amp;y=2">`), ["/a/?x=1&y=2"]);
  });

  it("finds nothing broken in a folder whose links all resolve", async () => {
    assert.deepEqual(await findBrokenLinks(folder({ "index.html": `<a href="/">home</a>`, "a/index.html": `<a href="/a/">self</a>` })), []);
  });

  it("resolves relative links against the page's URL, as a browser does, and reports the broken ones with where they lead", async () => {
    const dir = folder({
      "eng/news/a/index.html": `<a href="../b/">ok</a> <a href="../does-not-exist/">x</a> <a href="nope.html">x</a> <img src="./photo.jpg"> <a href="?page=2">self</a> <a href="mailto:a@b.c">mail</a> <a href="tel:+380">tel</a>`,
      "eng/news/a/photo.jpg": "jpg",
      "eng/news/b/index.html": `<a href="../../../eng/news/a/#top">ok</a> <a href="../../../../../x/">x</a>`,
    });
    assert.deepEqual(await findBrokenLinks(dir), [
      { page: "eng/news/a/index.html", href: "../does-not-exist/", resolved: "/eng/news/does-not-exist/" },
      { page: "eng/news/a/index.html", href: "nope.html", resolved: "/eng/news/a/nope.html" },
      { page: "eng/news/b/index.html", href: "../../../../../x/", resolved: "/x/" },
    ]);
  });

  it("resolves relative links under the base sub-path, and keeps them as written in a page's link list", () => {
    assert.equal(resolveRelative("../x/", "eng/a/index.html", "/site/"), "/site/eng/x/");
    assert.equal(resolveRelative("../../../x/", "eng/a/index.html", "/site/"), "/x/");
    assert.equal(targetFile("/x/", "/site/"), undefined);
    assert.deepEqual(internalLinks(`<a href="../x/">a</a> <a href="#f">b</a> <a href="https://e.org/">c</a> <img srcset="a.jpg 1x, /b.jpg 2x">`), [
      "../x/",
      "a.jpg",
      "/b.jpg",
    ]);
  });
  it("finds the links the attribute pattern finds, in any case and spacing, wherever they are in the text", () => {
    // The pattern internalLinks followed before its scanner (a cold 20k build's ~1.5 GB of match arrays), as the oracle.
    const pattern = /\s(href|src|srcset)\s*=\s*(?:"([^"]*)"|'([^']*)')/gi;
    const oracle = (text: string) =>
      [...text.matchAll(pattern)].flatMap((m) => {
        const value = (m[2] ?? m[3] ?? "").replace(
          /&(amp|quot|#39|lt|gt);/g,
          (_, e: string) => ({ amp: "&", quot: '"', "#39": "'", lt: "<", gt: ">" })[e] as string,
        );
        const urls = m[1]?.length === 6 ? value.split(",").map((c) => c.trim().split(/\s+/)[0] ?? "") : [value.trim()];
        return urls.filter((u) => u !== "" && !u.startsWith("#") && !u.startsWith("//") && !/^[a-z][a-z0-9+.-]*:/i.test(u));
      });
    const cases = [
      `<a HREF="/a/">`,
      `<a\thref = '/b/'>`,
      `<img\nSrcSet="/c.jpg 1x,/d.jpg 2x" src=/unquoted.jpg>`,
      `<a xhref="/no/" data-href="/no/" href=/no/ href="/open`,
      `<a title="x href=&quot;/inside/&quot;" href="/after/">`,
      `<a title=" href='/in-value/'" href="/real/">`,
      `<p>text href="/prose/" and src ='/x.png' and\u00a0src="/nbsp/" and\u3000href="/ideographic/" and\ufeffsrc="/bom/"</p>`,
      `<a href="">`,
      `<a href="#top"> <a href="mailto:x@y"> <a href="//cdn/x"> <a href=" /spaced/ ">`,
      `=href="/lead/" <a href="/end/"`,
      ` href="/first/"`,
      `<a href="/a/?x=1&amp;y=2">`,
      `<a srcsetx="/no/" src set="/no/" ſrc="/no/" src="/ok/">`,
    ];
    for (const text of cases) assert.deepEqual(internalLinks(text), oracle(text), text);
    // Random texts from the characters that matter (a seeded generator: the same texts every run).
    const parts = [
      " ",
      "\n",
      "\u00a0",
      "=",
      '="',
      '"',
      "'",
      " href",
      "HREF",
      " src",
      " srcset",
      "SrcSet",
      "/a/",
      "x",
      ", /b/ 2x",
      "\t",
      "#",
      "&amp;",
      "mailto:",
    ];
    let seed = 42;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let n = 0; n < 20000; n++) {
      let text = "";
      for (let k = Math.floor(next() * 40); k > 0; k--) text += parts[Math.floor(next() * parts.length)];
      assert.deepEqual(internalLinks(text), oracle(text), JSON.stringify(text));
    }
  });

  describe("against the published site", () => {
    /**
     * A build's folder holds the pages it rendered; the unchanged ones are placed (cache entries in
     * `cache`), and the live site's record says which it holds and what its pages link to.
     */
    function setup(linked: string[] | undefined) {
      const cache = folder({
        "a.html": `<a href="/b/">b</a> <a href="/gone/">soon gone</a>`,
        "b.html": `<a href="/a/">a</a> <img src="../photo.jpg">`,
      });
      const temp = folder({ "new/index.html": `<a href="/a/">a</a> <a href="/b/">b</a>` });
      const placed = new Map([
        ["a/index.html", path.join(cache, "a.html")],
        ["b/index.html", path.join(cache, "b.html")],
      ]);
      const live: LiveSite & Map<string, string> = Object.assign(new Map([...placed, ["gone/index.html", ""], ["pagefind/old.pf_index", ""]]), {
        linked: linked && new Set(linked),
      });
      return { temp, placed, live };
    }

    /** The files linked to once the build is published: the list when every page was checked, else the live site's changed as the check says. */
    function linkedAfter(result: LinkCheck, live: LiveSite & Map<string, string>): string[] | undefined {
      if (result.linked) return [...result.linked].sort();
      const change = result.linkedChange;
      if (!change) return undefined;
      const before = [...live.keys(), "photo.jpg"].filter((file) => live.linked?.has(file));
      return [...new Set([...before.filter((file) => !change.removed.includes(file)), ...change.added])].sort();
    }

    it("checks only the pages this build wrote when no file it deletes is linked to, and adds their links to the site's", async () => {
      const { temp, placed, live } = setup(["a/index.html", "b/index.html", "photo.jpg"]);
      // gone/index.html goes, but no page was known to link to it: a and b are the live pages, not read.
      live.set("photo.jpg", "");
      placed.set("photo.jpg", "/nowhere/photo.jpg");
      const result = await checkLinks(temp, "/", undefined, placed, live);
      assert.deepEqual(result.broken, []);
      assert.equal(result.checked, 1);
      // In proportion to the change: no list of every linked file, only what changes (nothing here).
      assert.equal(result.linked, undefined);
      assert.deepEqual(result.linkedChange, { added: [], removed: [] });
      // The published files the site no longer holds: what the publish deletes is among them.
      assert.deepEqual([...(result.going ?? [])].sort(), ["gone/index.html", "pagefind/old.pf_index"]);
      assert.deepEqual(linkedAfter(result, live), ["a/index.html", "b/index.html", "photo.jpg"]);
      // The placed files the live site does not hold as they are (the photo: another entry), for the publish to link in.
      assert.deepEqual(result.differing, ["photo.jpg"]);
    });

    it("finds the files that go however the build holds the others: a file both written and placed counts once, and with none going every unchanged page is skipped", async () => {
      const { temp, placed, live } = setup(["a/index.html", "b/index.html", "gone/index.html"]);
      // The new page is written and placed too (the cache entry takes its place): still one file of the site.
      placed.set("new/index.html", path.join(temp, "new/index.html"));
      live.set("new/index.html", "");
      live.delete("pagefind/old.pf_index");
      const one = await checkLinks(temp, "/", undefined, placed, live);
      assert.deepEqual([...(one.going ?? [])], ["gone/index.html"]);
      // Placed where the live site holds a file the build wrote: it differs; a placed file the live site lacks differs too.
      placed.set("c.json", "/nowhere/c.json");
      assert.deepEqual((await checkLinks(temp, "/", undefined, placed, live)).differing, ["new/index.html", "c.json"]);
      placed.delete("c.json");
      // gone/index.html is linked to: every page checked, the broken links named.
      assert.deepEqual(
        one.broken.map((b) => `${b.page} ${b.href}`),
        ["a/index.html /gone/", "b/index.html ../photo.jpg"],
      );
      live.delete("gone/index.html");
      const none = await checkLinks(temp, "/", undefined, placed, live);
      assert.deepEqual([...(none.going ?? [])], []);
      // Nothing goes: only the page the live site does not hold as it is (new: another entry) is checked.
      assert.equal(none.checked, 1);
    });

    it("gives the linked files' change alone: the links of the pages checked that the site's did not have, and the linked files that go", async () => {
      const { temp, placed, live } = setup(["a/index.html", "photo.jpg"]);
      live.set("photo.jpg", "");
      placed.set("photo.jpg", "/nowhere/photo.jpg");
      const result = await checkLinks(temp, "/", undefined, placed, live);
      assert.equal(result.checked, 1);
      // The new page links to a and b: b is new among the linked files; nothing linked goes.
      assert.deepEqual(result.linkedChange, { added: ["b/index.html"], removed: [] });
      assert.deepEqual(linkedAfter(result, live), ["a/index.html", "b/index.html", "photo.jpg"]);
    });

    it("checks every page when a file it deletes is linked to, naming the unchanged page that links to it", async () => {
      const { temp, placed, live } = setup(["a/index.html", "b/index.html", "gone/index.html", "photo.jpg"]);
      const result = await checkLinks(temp, "/", undefined, placed, live);
      assert.deepEqual(result.broken, [
        { page: "a/index.html", href: "/gone/" },
        { page: "b/index.html", href: "../photo.jpg", resolved: "/photo.jpg" },
      ]);
      assert.equal(result.checked, 3);
      // Every page was checked: the files linked to are exactly theirs (a file no longer linked is dropped).
      assert.deepEqual(linkedAfter(result, live), ["a/index.html", "b/index.html", "gone/index.html", "photo.jpg"]);
    });

    it("without the site's linked files, skips unchanged pages only when nothing is deleted, and then knows no linked files", async () => {
      const deleting = setup(undefined);
      const all = await checkLinks(deleting.temp, "/", undefined, deleting.placed, deleting.live);
      assert.equal(all.checked, 3);
      assert.deepEqual(
        all.broken.map((b) => b.page),
        ["a/index.html", "b/index.html"],
      );
      const keeping = setup(undefined);
      keeping.live.delete("gone/index.html");
      keeping.live.delete("pagefind/old.pf_index");
      const some = await checkLinks(keeping.temp, "/", undefined, keeping.placed, keeping.live);
      assert.equal(some.checked, 1);
      assert.equal(some.linked, undefined);
      assert.equal(some.linkedChange, undefined);
    });

    /** Links kept for the placed pages, as the page cache keeps them (`linking` finds pages by their kept links). */
    function kept(table: Record<string, string[]>) {
      const read: string[] = [];
      const known: KnownLinks = {
        linksOf: (page) => {
          read.push(page);
          return table[page];
        },
        noteLinks: () => undefined,
        linking: ({ leadsTo }) => ({
          linking: new Set(Object.keys(table).filter((page) => table[page]?.some((href) => leadsTo(href, page)))),
          unknown: (page) => !(page in table),
        }),
      };
      return { known, read };
    }

    it("given the kept links, checks only the pages written and those linking to a file that goes, naming the unchanged one", async () => {
      const { temp, placed, live } = setup(["a/index.html", "b/index.html", "gone/index.html", "photo.jpg"]);
      const { known } = kept({ "a/index.html": ["/b/", "/gone/"], "b/index.html": ["/a/", "../photo.jpg"] });
      const result = await checkLinks(temp, "/", known, placed, live);
      assert.deepEqual(result.broken, [{ page: "a/index.html", href: "/gone/" }]);
      // a and the new page; b links to nothing that goes (its photo is not in the record: it went before).
      assert.equal(result.checked, 2);
    });

    it("given the kept links, publishes when no page kept links to the file that goes, and drops it from the linked files", async () => {
      const { temp, placed, live } = setup(["a/index.html", "b/index.html", "gone/index.html", "photo.jpg"]);
      live.set("photo.jpg", "");
      placed.set("photo.jpg", "/nowhere/photo.jpg");
      // a's page was rendered again (another entry) without the link: only b is kept as it was.
      live.set("a/index.html", "/an/older/entry.html");
      const { known } = kept({ "b/index.html": ["/a/", "../photo.jpg"] });
      const cache = folder({ "a.html": `<a href="/b/">b</a>` });
      placed.set("a/index.html", path.join(cache, "a.html"));
      const result = await checkLinks(temp, "/", known, placed, live);
      assert.deepEqual(result.broken, []);
      assert.equal(result.checked, 2);
      assert.deepEqual(result.linkedChange, { added: [], removed: ["gone/index.html"] });
      assert.deepEqual(linkedAfter(result, live), ["a/index.html", "b/index.html", "photo.jpg"]);
    });

    it("given the kept links, checks a page they do not know, reading its file", async () => {
      const { temp, placed, live } = setup(["a/index.html", "b/index.html", "gone/index.html", "photo.jpg"]);
      const { known } = kept({ "b/index.html": ["/a/", "../photo.jpg"] });
      const result = await checkLinks(temp, "/", known, placed, live);
      assert.deepEqual(result.broken, [{ page: "a/index.html", href: "/gone/" }]);
      assert.equal(result.checked, 2);
    });

    it("checks a placed page the live site does not hold as it is (another cache entry), reading its file", async () => {
      const { temp, placed, live } = setup(["a/index.html", "b/index.html"]);
      live.set("a/index.html", "/an/older/entry.html");
      const noted: string[] = [];
      const result = await checkLinks(temp, "/", { linksOf: () => undefined, noteLinks: (page) => noted.push(page) }, placed, live);
      assert.deepEqual(result.broken, [{ page: "a/index.html", href: "/gone/" }]);
      assert.deepEqual(noted.sort(), ["a/index.html", "new/index.html"]);
    });
  });
});
