/**
 * The build report (issue 21): the sample site built twice, with one article added, one edited and
 * one embargoed in between, gives a report that lists exactly those changes and the embargo's Kyiv
 * time; its HTML page passes the W3C checker and axe-core in Chromium (screenshots at 1280 and 390 px,
 * light and dark, in test-results/screenshots/); the Markdown summary goes to GITHUB_STEP_SUMMARY;
 * a failed build's report starts with its problems and keeps the last published article list.
 */
import assert from "node:assert/strict";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import type { BuildReport } from "../../src/report/model.ts";
import { previousManifest } from "../../src/report/write.ts";
import { axeViolations, launchChromium, type StaticServer, serveStatic } from "../helpers/browser.ts";
import { PROJECT, run, SAMPLE_CLOCK, tempDir } from "../helpers/site.ts";
import { vnuErrors } from "../helpers/tools.ts";

const SCREENSHOTS = path.join(PROJECT, "test-results/screenshots");
const ENG = "content/articles/eng/2025/04";
const EDITED = `${ENG}/us-tariffs-spare-russia.md`;
const ADDED = `${ENG}/grain-corridor-ships-odesa.md`;
const HELD = `${ENG}/ceasefire-talks-istanbul.md`;
const BROKEN = `${ENG}/minerals-deal-new-us-draft.md`;

const newArticle = (title: string, date: string, tags: string) =>
  `---\ntitle: ${title}\ndate: ${date}\nauthors: [iryna-kovalchuk]\ntags: ${tags}\n---\nThe lead paragraph of the story.\n\nMore of the story.\n`;

function readReport(dir: string): BuildReport {
  return JSON.parse(readFileSync(path.join(dir, ".cache/report/report.json"), "utf8")) as BuildReport;
}

describe("the build report", () => {
  const site = tempDir("newsroom-report-");
  const summaryFile = path.join(site, "step-summary.md");
  const build = (env: NodeJS.ProcessEnv = {}) => run(site, "build", { ...SAMPLE_CLOCK, GITHUB_STEP_SUMMARY: "", ...env });
  let first: BuildReport;
  let second: BuildReport;
  let secondHtml: string;
  let firstOutput: { code: number; stdout: string; stderr: string };
  let secondOutput: { code: number; stdout: string; stderr: string };

  before(() => {
    // The sample site (the repository's own content), copied so the test can edit it.
    cpSync(path.join(PROJECT, "content"), path.join(site, "content"), { recursive: true });
    const config = path.join(site, "content/site.config.ts");
    writeFileSync(config, readFileSync(config, "utf8").replace('"../src/schema/site.ts"', JSON.stringify(path.join(PROJECT, "src/schema/site.ts"))));
    firstOutput = build();
    first = readReport(site);
    const text = readFileSync(path.join(site, EDITED), "utf8");
    writeFileSync(path.join(site, EDITED), text.replace("Economists warn", "Economists at the National Bank warn"));
    writeFileSync(path.join(site, ADDED), newArticle("Grain ships leave Odesa despite the strikes", "2025-04-05 18:30", '["ukraine!", Economy]'));
    // Still to come at the sample's clock (2025-04-06 09:00 Kyiv): held back, with its Kyiv time.
    writeFileSync(path.join(site, HELD), newArticle("Ceasefire talks open in Istanbul", "2025-04-07 12:00", "[Ukraine, Russia]"));
    writeFileSync(summaryFile, "Output of an earlier step.\n");
    secondOutput = build({ GITHUB_STEP_SUMMARY: summaryFile });
    second = readReport(site);
    secondHtml = readFileSync(path.join(site, ".cache/report/index.html"), "utf8");
  });

  it("is written by every build; the first has nothing to compare with", () => {
    assert.equal(firstOutput.code, 0, firstOutput.stderr);
    assert.match(firstOutput.stdout, /^report: \.cache\/report\/index\.html and \.cache\/report\/report\.json in \d+\.\d\d s$/m);
    assert.equal(first.status, "published");
    assert.equal(first.articles?.published, 27);
    assert.deepEqual(first.articles?.byEdition, { uk: 6, eng: 16, rus: 5 });
    assert.equal(first.articles?.comparedWith, undefined);
    assert.deepEqual([first.articles?.added, first.articles?.changed, first.articles?.removed], [[], [], []]);
    assert.equal(first.pages?.total, first.pages?.rendered);
    assert.equal(first.pages?.fromCache, 0);
    // Every page rendered, none of them kept from a last build's plan: the renders say why.
    const why = new Set(first.renders?.reasons.map((r) => r.why));
    assert.ok(why.has("no plan kept from the last build") && why.has("its view changed"), JSON.stringify(first.renders?.reasons));
    assert.equal(
      first.renders?.reasons.reduce((n, r) => n + r.count, 0),
      first.renders?.total,
    );
  });

  it("names each file the second build rendered, and why", () => {
    const renders = second.renders ?? assert.fail("no renders");
    assert.equal(renders.files.length, renders.total);
    assert.equal(
      renders.reasons.reduce((n, r) => n + r.count, 0),
      renders.total,
    );
    assert.ok(renders.files.some((r) => r.file === "eng/news/2025/04/05/grain-corridor-ships-odesa/index.html"));
    assert.ok(renders.files.some((r) => r.file === "eng/news/index.html"));
    // The pages the report counts as rendered are the HTML files it names (feeds are files too, not pages).
    assert.equal(renders.files.filter((r) => r.file.endsWith(".html")).length, second.pages?.rendered);
  });

  it("lists exactly the article added, the one edited and the one embargoed, with links to the live site", () => {
    assert.equal(secondOutput.code, 0, secondOutput.stderr);
    const a = second.articles;
    assert.ok(a);
    assert.equal(a.published, 28);
    assert.equal(a.comparedWith, "2025-04-06T09:00:00+03:00");
    assert.deepEqual(
      a.added.map((x) => [x.file, x.title, x.url]),
      [[ADDED, "Grain ships leave Odesa despite the strikes", "https://example.org/eng/news/2025/04/05/grain-corridor-ships-odesa/"]],
    );
    assert.deepEqual(
      a.changed.map((x) => [x.file, x.url]),
      [[EDITED, "https://example.org/eng/news/2025/04/03/us-tariffs-spare-russia/"]],
    );
    assert.deepEqual(a.removed, []);
    assert.deepEqual(
      (second.embargoed ?? []).map((x) => [x.file, x.goesLive, x.date, x.url]),
      [[HELD, "2025-04-07 12:00", "2025-04-07T12:00:00+03:00", "https://example.org/eng/news/2025/04/07/ceasefire-talks-istanbul/"]],
    );
    assert.equal(second.timeZone, "Europe/Kyiv");
    // The new article spells a tag its own way: a warning naming the file, in the report as the build printed it.
    assert.deepEqual(
      second.warnings.map((w) => [w.file, w.field]),
      [[ADDED, "tags"]],
    );
    assert.match(secondOutput.stderr, new RegExp(`^warning ${ADDED}  tags: "Ukraine" \\(`, "m"));
    assert.equal(first.warnings.length, 0);
    assert.ok(second.pages && second.pages.rendered > 0);
    assert.equal(second.pages.rendered + second.pages.fromCache, second.pages.total);
    assert.ok(second.output && second.output.files > 100 && second.output.bytes > 1e6);
    assert.deepEqual(
      // Images are encoded while pages are planned and rendered: listed when done, before the link check needs them.
      second.phases.map((p) => p.name).filter((name) => name !== "images"),
      ["load", "model", "image plan", "checks", "plan", "write", "link check", "search index", "publish", "total"],
    );
    const names = second.phases.map((p) => p.name);
    assert.ok(names.indexOf("images") > names.indexOf("checks") && names.indexOf("images") < names.indexOf("link check"), names.join(", "));
    for (const p of second.phases) assert.ok(p.seconds >= 0, p.name);
    const manifest = previousManifest(site) ?? assert.fail("no article list");
    assert.equal(manifest.articles.length, 28);
  });

  it("shows the same facts in the HTML page: links, the embargo time, the phase chart with its table", () => {
    assert.match(
      secondHtml,
      /<a href="https:\/\/example\.org\/eng\/news\/2025\/04\/05\/grain-corridor-ships-odesa\/">Grain ships leave Odesa despite the strikes<\/a>/,
    );
    assert.match(secondHtml, /<h2 id="added">New articles \(1\)<\/h2>/);
    assert.match(secondHtml, /<h2 id="changed">Changed articles \(1\)<\/h2>/);
    assert.match(secondHtml, new RegExp(`<h2 id="renders">Rendered \\(${second.renders?.total}\\)</h2>`));
    assert.match(
      secondHtml,
      /<tr><td class="file"><code>eng\/news\/2025\/04\/05\/grain-corridor-ships-odesa\/index\.html<\/code><\/td><td><code>article<\/code><\/td><td>[^<]+<\/td><\/tr>/,
    );
    assert.match(secondHtml, /<strong>2025-04-07 12:00<\/strong>/);
    assert.match(
      secondHtml,
      /<h2 id="warnings">Warnings \(1\)<\/h2>\n<ul>\n<li><code>content\/articles\/eng\/2025\/04\/grain-corridor-ships-odesa\.md<\/code> <strong>tags<\/strong>: /,
    );
    assert.match(secondHtml, /<svg [^>]*role="img" aria-labelledby="phases-chart-title phases-chart-desc"/);
    assert.match(
      secondHtml,
      /<desc id="phases-chart-desc">load [\d.]+ s, model [\d.]+ s, image plan [\d.]+ s, checks [\d.]+ s, (?:images [\d.]+ s, )?plan [\d.]+ s, (?:images [\d.]+ s, )?write [\d.]+ s, (?:images [\d.]+ s, )?link check /,
    );
    assert.match(secondHtml, /<desc id="phases-chart-desc">[^<]*, images [\d.]+ s, /);
    assert.match(secondHtml, /<caption>The same figures as a table<\/caption>/);
    // Self-contained: nothing fetched, no script.
    assert.doesNotMatch(secondHtml, /<script|<link |src="http|@import|url\(/);
    assert.match(secondHtml, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline';/);
  });

  it("appends a Markdown summary to GITHUB_STEP_SUMMARY", () => {
    const md = readFileSync(summaryFile, "utf8");
    assert.ok(md.startsWith("Output of an earlier step.\n### ✅ Published 28 articles (uk 6, eng 17, rus 5) in "), md.slice(0, 200));
    assert.match(
      md,
      /\*\*New \(1\)\*\*\n\n- \[Grain ships leave Odesa despite the strikes\]\(https:\/\/example\.org\/eng\/news\/2025\/04\/05\/grain-corridor-ships-odesa\/\) \(eng, 2025-04-05 18:30\)\n/,
    );
    assert.match(
      md,
      /\*\*Changed \(1\)\*\*\n\n- \[Trump’s new tariffs leave Russia off the list, Ukraine faces 10% base rate\]\(https:\/\/example\.org\/eng\/news\/2025\/04\/03\/us-tariffs-spare-russia\/\)/,
    );
    assert.match(
      md,
      /\*\*Next embargo lift:\*\* 2025-04-07 12:00 \(Kyiv time\): Ceasefire talks open in Istanbul \(`content\/articles\/eng\/2025\/04\/ceasefire-talks-istanbul\.md`\)/,
    );
    assert.match(md, /\| phase \| time \|\n\|---\|--:\|\n\| load \| [\d.]+ s \|\n\| model \| [\d.]+ s \|\n\| image plan \| [\d.]+ s \|/);
    assert.doesNotMatch(md, /Removed/);
    assert.match(md, /\*\*Warnings \(1\)\*\*\n\n- `content\/articles\/eng\/2025\/04\/grain-corridor-ships-odesa\.md` tags: /);
    assert.match(secondOutput.stdout, new RegExp(`summary added to ${summaryFile.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}`));
  });

  it("passes the W3C checker and axe-core in Chromium at 1280 and 390 px, light and dark", async () => {
    await checkPage(path.join(site, ".cache/report"), "build-report");
  });

  it("on a failed build, lists the problems first with file:line, keeps the last published list, and exits 1", async () => {
    const text = readFileSync(path.join(site, BROKEN), "utf8");
    writeFileSync(path.join(site, BROKEN), text.replace(/^date: .*$/m, "date: 2025-04-31 10:00").replace(/^authors: .*$/m, "authors: [ulyana]"));
    const failedSummary = path.join(site, "failed-summary.md");
    const result = build({ GITHUB_STEP_SUMMARY: failedSummary });
    assert.equal(result.code, 1);
    assert.match(result.stdout, /^report: \.cache\/report\/index\.html lists the problems; summary added to /m);
    // stderr is the problems alone, as before.
    assert.match(
      result.stderr,
      /^content\/articles\/eng\/2025\/04\/minerals-deal-new-us-draft\.md:3 {2}date: [^\n]+\n[^\n]+\n2 errors in 1 file; nothing was written\.\n$/,
    );
    const report = readReport(site);
    assert.equal(report.status, "failed");
    assert.deepEqual(
      report.problems.map((p) => [p.file, p.line, p.field]),
      [
        [BROKEN, 3, "date"],
        [BROKEN, 4, "authors[0]"],
      ],
    );
    assert.match(
      report.problems[1]?.text ?? "",
      /^content\/articles\/eng\/2025\/04\/minerals-deal-new-us-draft\.md:4 {2}authors\[0\]: .*did you mean/,
    );
    assert.equal(report.lastPublished, "2025-04-06T09:00:00+03:00");
    assert.deepEqual([report.articles, report.embargoed, report.drafts], [undefined, undefined, undefined]);
    const html = readFileSync(path.join(site, ".cache/report/index.html"), "utf8");
    const main = html.slice(html.indexOf("<main>"));
    assert.match(main, /^<main>\n<section class="problems" aria-labelledby="problems"><h2 id="problems">Problems \(2 in 1 file\)<\/h2>/);
    assert.match(main, /<code>content\/articles\/eng\/2025\/04\/minerals-deal-new-us-draft\.md:3<\/code> <strong>date<\/strong>: /);
    const md = readFileSync(failedSummary, "utf8");
    assert.match(
      md,
      /^### ❌ Build failed: nothing was published\n\nThe site online is still the one built at 2025-04-06 09:00 \(Kyiv time\)\.\n\n\*\*Problems \(2\)\*\*\n\n- `content\/articles\/eng\/2025\/04\/minerals-deal-new-us-draft\.md:3` date: /,
    );
    await checkPage(path.join(site, ".cache/report"), "build-report-failed");
    // The article list stays the last published one: the next build compares with what is online.
    const manifest = previousManifest(site) ?? assert.fail("no article list");
    assert.equal(manifest.articles.length, 28);
  });

  it("lists an article removed since the last published build", () => {
    writeFileSync(path.join(site, BROKEN), readFileSync(path.join(PROJECT, BROKEN)));
    rmSync(path.join(site, ADDED));
    const result = build();
    assert.equal(result.code, 0, result.stderr);
    const report = readReport(site);
    assert.deepEqual(
      report.articles?.removed.map((x) => x.file),
      [ADDED],
    );
    assert.deepEqual([report.articles?.added, report.articles?.changed], [[], []]);
    // Built again unchanged: nothing new, and the pages come from the page cache, as the write phase says.
    assert.equal(build().code, 0);
    const again = readReport(site);
    assert.deepEqual([again.articles?.added, again.articles?.changed, again.articles?.removed], [[], [], []]);
    assert.ok(again.pages && again.pages.fromCache > again.pages.rendered, JSON.stringify(again.pages));
    assert.equal(again.phases.find((p) => p.name === "write")?.note, `${again.pages.fromCache} from the page cache`);
    // Nothing rendered, nothing named.
    assert.deepEqual(again.renders, { total: 0, reasons: [], files: [] });
    // One article's text edited: its page, and the lists and feeds that show it, each with why.
    writeFileSync(
      path.join(site, EDITED),
      readFileSync(path.join(site, EDITED), "utf8").replace("Economists at the National Bank warn", "Economists warn"),
    );
    assert.equal(build().code, 0);
    const edited = readReport(site).renders ?? assert.fail("no renders");
    const why = (file: string) => edited.files.find((r) => r.file === file)?.why;
    assert.equal(why("eng/news/2025/04/03/us-tariffs-spare-russia/index.html"), "the article itself changed");
    assert.equal(why("eng/feed.xml"), "it lists a changed article");
    assert.equal(why("eng/tags/economy/feed.xml"), "it lists a changed article");
    // Its day's page is viewed again, but shows its teaser, which the edit left as it was: its key is the same, and it is not rendered.
    assert.equal(why("eng/news/2025/04/03/index.html"), undefined);
    // The home page shows its teaser, which the edit left as it was: taken from the page cache.
    assert.equal(why("index.html"), undefined);
    // Articles of other editions show none of it: not rendered again.
    assert.ok(!edited.files.some((r) => r.kind === "article" && !r.file.startsWith("eng/")), JSON.stringify(edited.files));
    assert.ok(!edited.files.some((r) => r.why === "no plan kept from the last build"), JSON.stringify(edited.reasons));
  });
});

/**
 * The report page in the W3C checker, then in Chromium at 1280 and 390 px, light and dark: no axe-core
 * violation (WCAG 2.1 AA), nothing refused by its own CSP, no sideways scrolling; a screenshot of each.
 */
async function checkPage(dir: string, name: string): Promise<void> {
  assert.deepEqual(vnuErrors(dir), []);
  mkdirSync(SCREENSHOTS, { recursive: true });
  let browser: Browser | undefined;
  let server: StaticServer | undefined;
  try {
    browser = await launchChromium();
    server = await serveStatic(dir);
    const problems: string[] = [];
    for (const colorScheme of ["light", "dark"] as const) {
      for (const width of [1280, 390]) {
        const context = await browser.newContext({ colorScheme, viewport: { width, height: 900 } });
        const page = await context.newPage();
        const blocked: string[] = [];
        page.on("console", (m) => {
          if (m.type() === "error") blocked.push(m.text());
        });
        await page.goto(server.url, { waitUntil: "load" });
        for (const v of await axeViolations(page)) problems.push(`${colorScheme} ${width}px: ${v.id} (${v.help}) at ${v.targets.join(", ")}`);
        // The page's own CSP refused nothing: everything it needs is inline and allowed.
        assert.deepEqual(blocked, []);
        // Nothing wider than the screen but the tables' own scroll boxes.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${colorScheme} ${width}px: the page scrolls sideways by ${overflow} px`);
        await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-${width}-${colorScheme}.png`), fullPage: true });
        await context.close();
      }
    }
    assert.deepEqual(problems, []);
  } finally {
    await server?.close();
    await browser?.close();
  }
}
