import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { serialize } from "node:v8";
import { DateTime } from "luxon";
import { parse } from "node-html-parser";
import { scanHtml } from "../../src/pipeline/output-scan.ts";
import { prepare } from "../../src/pipeline/prepare.ts";
import { startChartWorker } from "../../src/report/chart-worker.ts";
import { LIST_LIMIT, reportHtml } from "../../src/report/html.ts";
import {
  align,
  CurrentManifest,
  compare,
  compareRows,
  type ManifestEntry,
  manifestEntry,
  manifestRows,
  readManifest,
  type StoredManifest,
  serializeManifest,
} from "../../src/report/manifest.ts";
import { escapeMarkdown, reportMarkdown, SUMMARY_LIMIT } from "../../src/report/markdown.ts";
import { type ArticleLink, type BuildReport, RENDER_LIST_LIMIT, rendersOf } from "../../src/report/model.ts";
import { article, makeSite, tempDir } from "../helpers/site.ts";

const entry = (url: string, hash: string): ManifestEntry => ({
  url,
  file: `content/articles/eng${url}.md`,
  title: url,
  edition: "eng",
  date: "2025-03-27T13:15:00+02:00",
  hash,
});

const HOSTILE = `<script>alert(1)</script> [click](javascript:alert(1)) **bold** | pipe`;

const link = (title: string, n = 0): ArticleLink => ({
  title,
  file: `content/articles/eng/2025/03/a-${n}.md`,
  edition: "eng",
  lang: "en",
  url: `https://example.org/eng/news/2025/03/27/a-${n}/`,
  date: "2025-03-27T13:15:00+02:00",
});

function report(overrides: Partial<BuildReport> = {}): BuildReport {
  return {
    version: 1,
    status: "published",
    builtAt: "2025-04-06T09:00:00+03:00",
    timeZone: "Europe/Kyiv",
    baseUrl: "https://example.org/",
    seconds: 1.5,
    problems: [],
    warnings: [],
    articles: { published: 1, byEdition: { eng: 1 }, comparedWith: "2025-04-05T09:00:00+03:00", added: [link(HOSTILE)], changed: [], removed: [] },
    embargoed: [],
    drafts: [],
    phases: [{ name: "load", count: 1, unit: "articles", seconds: 0.5 }],
    ...overrides,
  };
}

describe("comparing a build's articles with the last published build's", () => {
  it("finds the added, changed and removed by URL, in the current build's order", () => {
    const before = [entry("/a", "1"), entry("/b", "2"), entry("/c", "3")];
    const now = [entry("/d", "4"), entry("/b", "2*"), entry("/a", "1")];
    const changes = compare(before, now);
    assert.deepEqual(
      [changes.added, changes.changed, changes.removed].map((list) => list.map((e) => e.url)),
      [["/d"], ["/b"], ["/c"]],
    );
    assert.deepEqual(compare(now, now), { added: [], changed: [], removed: [] });
  });
});

const BUILT = "2025-04-06T09:00:00+03:00";

/** A list written to its file and read back, as the next build reads it. */
function storedList(entries: readonly ManifestEntry[] | CurrentManifest): StoredManifest {
  const file = path.join(tempDir("report-list-"), "articles.v8");
  writeFileSync(file, serializeManifest(BUILT, entries instanceof CurrentManifest ? entries : new CurrentManifest(entries)));
  return readManifest(file) ?? assert.fail("the list was not read back");
}

describe("comparing a long list after a few edits", () => {
  /** The comparison by URL maps alone, as it was before entries were paired in order: what `compare` must still say. */
  function byMaps(previous: readonly ManifestEntry[], current: readonly ManifestEntry[]) {
    const before = new Map(previous.map((e) => [e.url, e]));
    const now = new Set(current.map((e) => e.url));
    return {
      added: current.filter((e) => !before.has(e.url)),
      changed: current.filter((e) => before.has(e.url) && before.get(e.url)?.hash !== e.hash),
      removed: previous.filter((e) => !now.has(e.url)),
    };
  }

  it("says what URL maps alone say, whatever was added, removed, edited or moved, near or far", () => {
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const previous = Array.from({ length: 40 + random(200) }, (_, i) => entry(`/a${i}`, `h${i}`));
      const current = [...previous];
      for (let edits = random(12); edits > 0; edits--) {
        const at = random(current.length + 1);
        const what = random(4);
        if (what === 0) current.splice(at, 0, entry(`/new${round}-${edits}`, "n"));
        else if (what === 1) current.splice(at, 1);
        else if (what === 2 && current[at]) current[at] = { ...(current[at] as ManifestEntry), hash: "edited" };
        else if (current.length) current.splice(random(current.length + 1), 0, ...current.splice(at, 1 + random(3)));
      }
      // A copy of an unchanged entry is not the same object, but says the same (a list read back from its file).
      if (current.length && random(2)) current[0] = { ...(current[0] as ManifestEntry) };
      assert.deepEqual(compare(previous, current), byMaps(previous, current), `round ${round}`);
      // As a build has them: the last list read back from its file, an unchanged entry as its row there.
      const stored = storedList(previous);
      const rows = current.map((e) => (previous.includes(e) ? previous.indexOf(e) : e));
      assert.deepEqual(compareRows(stored, new CurrentManifest(rows, stored)), byMaps(previous, current), `round ${round}, by rows`);
    }
  });

  it("pairs neighbours in order and leaves the rest", () => {
    const { match, restB } = align(["a", "x", "b", "c", "d"], ["a", "b", "y", "c", "d", "z"], (p, q) => p === q);
    assert.deepEqual(match, ["a", undefined, "b", "c", "d"]);
    assert.deepEqual(restB, ["y", "z"]);
  });
});

describe("the published build's article list", () => {
  const NOW = DateTime.fromISO("2025-04-06T06:00:00Z");
  const articles = async (dir: string) => (await prepare(dir, { now: NOW, validateOnly: true })).site.articles;

  it("takes the entry of each article loaded from the same file as it was, and makes the others anew", async () => {
    const dir = makeSite({
      "content/articles/eng/2025/03/paris.md": article({ title: "Coalition meets in Paris", date: "2025-03-27 13:15" }),
      "content/articles/eng/2025/02/kyiv.md": article({ title: "Kyiv talks", date: "2025-02-10 09:00" }),
    });
    const first = manifestRows(await articles(dir));
    assert.equal(first.length, 2);
    assert.ok(
      first.entries.every((e) => e.source),
      "every entry knows its source",
    );
    const previous = storedList(first);
    assert.deepEqual(previous.articles, first.entries);
    const again = manifestRows(await articles(dir), previous);
    assert.deepEqual(again.rows, [0, 1], "each article is its row of the last list, no entry made");
    writeFileSync(path.join(dir, "content/articles/eng/2025/02/kyiv.md"), article({ title: "Kyiv talks, updated", date: "2025-02-10 09:00" }));
    const edited = await articles(dir);
    const next = manifestRows(edited, previous);
    assert.deepEqual(
      next.entries,
      edited.map((a) => manifestEntry(a)),
    );
    assert.deepEqual(
      compareRows(previous, next).changed.map((e) => e.title),
      ["Kyiv talks, updated"],
    );
  });

  it("is kept in node:v8's form and read back as written; a torn file, the earlier JSON one or one of other columns is not read", () => {
    const dir = tempDir("report-list-");
    const list = [entry("/a/", "1"), { ...entry("/b/", "2"), source: "1:env:hash" }];
    const file = path.join(dir, "articles.v8");
    writeFileSync(file, serializeManifest(BUILT, new CurrentManifest(list)));
    const back = readManifest(file);
    assert.equal(back?.builtAt, BUILT);
    assert.deepEqual(back?.articles, list);
    writeFileSync(file, readFileSync(file).subarray(0, 40));
    assert.equal(readManifest(file), undefined);
    writeFileSync(file, JSON.stringify({ builtAt: BUILT, articles: list }));
    assert.equal(readManifest(file), undefined);
    // The earlier columns (an array of strings per field), and a column a cell short.
    const cells = (field: keyof ManifestEntry) => list.map((e) => e[field] ?? "");
    const columns = {
      builtAt: BUILT,
      url: cells("url"),
      file: cells("file"),
      title: cells("title"),
      edition: cells("edition"),
      date: cells("date"),
      hash: cells("hash"),
      source: cells("source"),
    };
    writeFileSync(file, serialize({ version: 2, ...columns }));
    assert.equal(readManifest(file), undefined);
    const joined = Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, Array.isArray(v) ? v.join("\n") : v]));
    writeFileSync(file, serialize({ ...joined, version: 3, count: 2 }));
    assert.deepEqual(readManifest(file)?.articles, list);
    writeFileSync(file, serialize({ ...joined, version: 3, count: 2, title: "/a/" }));
    assert.equal(readManifest(file), undefined);
  });

  it("keeps any character in a cell, newlines and backslashes too, through a list read back and written again from its rows", () => {
    const odd = [
      { ...entry("/a/", "1"), title: "Two\nlines, a \\n that is not one, a \\ and \u0000" },
      { ...entry("/b/", "2"), file: "content/articles/eng/odd\nname\\.md", source: "1:env:\\n" },
      entry("/c/", "3"),
    ];
    const first = storedList(odd);
    assert.deepEqual(first.articles, odd);
    // Unchanged rows are copied as the file held them, escaped once.
    const again = storedList(new CurrentManifest([0, 1, 2], first));
    assert.deepEqual(again.articles, odd);
    // Runs of rows copied whole, out of order, with new entries between them.
    const added = { ...entry("/d/", "4"), title: "New\\n" };
    assert.deepEqual(storedList(new CurrentManifest([2, added, 0, 1], again)).articles, [odd[2], added, odd[0], odd[1]]);
    assert.deepEqual(storedList(new CurrentManifest([1, 2, 0], again)).articles, [odd[1], odd[2], odd[0]]);
    assert.deepEqual(storedList([]).articles, []);
  });
});

describe("the report's Markdown summary", () => {
  it("shows a headline as text, never as a link, emphasis, HTML or a table cell of its own", () => {
    const md = reportMarkdown(report());
    const line = md.split("\n").find((l) => l.startsWith("- [")) ?? "";
    assert.equal(
      line,
      "- [\\<script\\>alert\\(1\\)\\</script\\> \\[click\\]\\(javascript:alert\\(1\\)\\) \\*\\*bold\\*\\* \\| pipe](https://example.org/eng/news/2025/03/27/a-0/) (eng, 2025-03-27 13:15)",
    );
    assert.equal(escapeMarkdown("a\nb"), "a b");
  });

  it("lists at most SUMMARY_LIMIT articles and says how many more", () => {
    const added = Array.from({ length: SUMMARY_LIMIT + 3 }, (_, i) => link(`Story ${i}`, i));
    const md = reportMarkdown(report({ articles: { published: 60, byEdition: { eng: 60 }, comparedWith: "x", added, changed: [], removed: [] } }));
    assert.equal(md.split("\n").filter((l) => l.startsWith("- [Story ")).length, SUMMARY_LIMIT);
    assert.match(md, /^- … and 3 more \(in the build report\)$/m);
  });

  it("says when there was no earlier build to compare with, instead of listing every article as new", () => {
    const md = reportMarkdown(report({ articles: { published: 1, byEdition: { eng: 1 }, added: [], changed: [], removed: [] } }));
    assert.match(md, /No earlier build's article list to compare with/);
    assert.doesNotMatch(md, /\*\*New/);
  });
});

describe("the report's HTML page", () => {
  it("escapes headlines, problems and file names: nothing from content can run", async () => {
    const html = await reportHtml(
      report({
        status: "failed",
        articles: undefined,
        problems: [{ file: `content/articles/eng/<b>.md`, line: 2, field: "title", message: HOSTILE, text: HOSTILE }],
        warnings: [{ file: "content/x.md", line: 1, message: `<img src=x onerror=alert(1)>`, text: "" }],
      }),
    );
    assert.deepEqual(scanHtml(html, "index.html"), []);
    const root = parse(html);
    assert.equal(root.querySelectorAll("script").length, 0);
    assert.equal(root.querySelectorAll("img").length, 0);
    // Shown as text, not made an element.
    assert.equal(root.querySelector(".problems li code")?.textContent, "content/articles/eng/<b>.md:2");
    assert.equal(root.querySelectorAll(".problems b").length, 0);
    // The problems come first in <main>.
    assert.equal(
      root
        .querySelector("main")
        ?.childNodes.find((n) => n.nodeType === 1)
        ?.toString()
        .startsWith('<section class="problems"'),
      true,
    );
  });

  it("marks each headline with its edition's language", async () => {
    const html = await reportHtml(
      report({
        articles: {
          published: 1,
          byEdition: { uk: 1 },
          comparedWith: "x",
          added: [{ ...link("Зустріч у Парижі"), lang: "uk" }],
          changed: [],
          removed: [],
        },
      }),
    );
    assert.match(html, /<td lang="uk"><a href="https:\/\/example\.org\/eng\/news\/2025\/03\/27\/a-0\/">Зустріч у Парижі<\/a><\/td>/);
  });
});

describe("the rendered files in the report", () => {
  // A cold build of a big archive: every article page rendered, and the one-off pages.
  const cold = [
    ...Array.from({ length: RENDER_LIST_LIMIT + 500 }, (_, i) => ({ kind: "article", file: `eng/news/a-${i}/index.html`, why: "new page" })),
    { kind: "home", file: "index.html", why: "a page rendered every build" },
    { kind: "tag", file: "eng/tags/eu/index.html", why: "it lists a changed article" },
    { kind: "tag", file: "eng/tags/us/index.html", why: "it lists a changed article" },
  ];

  it("counts every file by page type and reason, most first, and names only the first RENDER_LIST_LIMIT", () => {
    const renders = rendersOf(cold);
    assert.equal(renders.total, RENDER_LIST_LIMIT + 503);
    assert.deepEqual(renders.reasons, [
      { kind: "article", why: "new page", count: RENDER_LIST_LIMIT + 500 },
      { kind: "tag", why: "it lists a changed article", count: 2 },
      { kind: "home", why: "a page rendered every build", count: 1 },
    ]);
    assert.equal(renders.files.length, RENDER_LIST_LIMIT);
    assert.deepEqual(renders.files[0], { kind: "article", file: "eng/news/a-0/index.html", why: "new page" });
  });

  it("shows the reasons and the first LIST_LIMIT files in the HTML page, and says where the rest are", async () => {
    const html = await reportHtml(report({ renders: rendersOf(cold) }));
    const root = parse(html);
    assert.equal(root.querySelector("#renders")?.textContent, `Rendered (${(RENDER_LIST_LIMIT + 503).toLocaleString("en")})`);
    const tables = root.querySelectorAll('section[aria-labelledby="renders"] table');
    assert.equal(tables[0]?.querySelectorAll("tbody tr").length, 3);
    assert.equal(tables[1]?.querySelectorAll("tbody tr").length, LIST_LIMIT);
    assert.equal(
      root.querySelector('section[aria-labelledby="renders"] .more')?.textContent,
      `and ${(RENDER_LIST_LIMIT + 503 - LIST_LIMIT).toLocaleString("en")} more, counted above; report.json names the first ${RENDER_LIST_LIMIT.toLocaleString("en")}.`,
    );
    // A build that rendered nothing has no such section.
    assert.doesNotMatch(await reportHtml(report({ renders: rendersOf([]) })), /id="renders"/);
  });
});

describe("the report's phase chart", () => {
  it("is the same page whether Vega renders it in the build's chart worker or in this thread", async () => {
    const phases = [
      { name: "load", count: 20000, unit: "articles", seconds: 0.98 },
      { name: "plan", count: 27708, unit: "pages", seconds: 1.72 },
      { name: "total", count: 20000, unit: "articles", seconds: 5.07 },
    ];
    const here = await reportHtml(report({ phases }));
    const worker = startChartWorker();
    try {
      const there = await reportHtml(report({ phases }), worker.render);
      assert.equal(there, here);
      assert.match(there, /<svg[^>]* role="img" aria-labelledby="phases-chart-title phases-chart-desc">/);
      assert.match(there, /<desc id="phases-chart-desc">load 0\.98 s, plan 1\.72 s; the whole build 1\.50 s\.<\/desc>/);
    } finally {
      await worker.close();
    }
    // A stopped worker leaves the chart to this thread: the page is still whole.
    assert.equal(await reportHtml(report({ phases }), worker.render), here);
  });
});
