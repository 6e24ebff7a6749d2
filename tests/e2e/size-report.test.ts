/** `npm run size-report`: a built site's files and bytes per page kind and per article (issue 19). */
import assert from "node:assert/strict";
import { statSync } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import type { SizeReport } from "../../src/deploy/size-report.ts";
import { article, filesUnder, makeSite, run } from "../helpers/site.ts";

const EPOCH = { SOURCE_DATE_EPOCH: String(Date.UTC(2025, 3, 1) / 1000), NEWSROOM_PAGE_CACHE: "off" };

describe("the size report", () => {
  const site = makeSite({
    "content/articles/eng/one.md": article({ title: "One", tags: "[Energy, Kyiv]" }),
    "content/articles/eng/two.md": article({ title: "Two", date: "2025-03-28 10:00" }),
    "content/articles/uk/tri.md": article({ title: "Три", date: "2025-03-29 10:00" }),
  });
  let report: SizeReport;
  let text: string;
  before(() => {
    assert.equal(run(site, "build", EPOCH).code, 0);
    const json = run(site, "size-report", EPOCH, ["--json"]);
    assert.equal(json.code, 0, json.stderr);
    report = JSON.parse(json.stdout) as SizeReport;
    text = run(site, "size-report", EPOCH).stdout;
  });

  it("counts every file and byte of the site once", () => {
    const files = filesUnder(path.join(site, "_site"));
    const bytes = [...files.keys()].reduce((sum, f) => sum + statSync(path.join(site, "_site", f)).size, 0);
    assert.equal(report.articles, 3);
    assert.equal(report.files, files.size);
    assert.equal(report.bytes, bytes);
    assert.equal(
      report.kinds.reduce((sum, k) => sum + k.files, 0),
      files.size,
    );
    assert.ok(!report.kinds.some((k) => k.kind === "other"), JSON.stringify(report.kinds));
  });

  it("by the registry's page kinds, and the photos, search index and assets", () => {
    const kinds = new Map(report.kinds.map((k) => [k.kind, k.files]));
    assert.equal(kinds.get("article"), 3);
    assert.equal(kinds.get("home"), 2);
    assert.equal(kinds.get("rss-feed"), 2);
    assert.ok((kinds.get("search index (pagefind/)") ?? 0) > 0 && (kinds.get("styles, scripts, logo (assets/)") ?? 0) === 4);
    assert.equal(kinds.get("favicons"), 7);
  });

  it("prints a table with the totals per article", () => {
    const perArticle = (report.bytes / 3 / 1e3).toFixed(1);
    assert.match(
      text,
      new RegExp(
        `^_site: ${report.files} files, [\\d.]+ [kM]B for 3 articles: ${perArticle} kB and ${(report.files / 3).toFixed(2)} files per article$`,
        "m",
      ),
    );
    assert.match(text, /^page kind +files +bytes +share +bytes\/article +files\/article$/m);
    assert.match(text, /^article +3 +[\d.]+ kB +[\d.]+% +[\d.]+ kB +1\.00$/m);
  });
});
