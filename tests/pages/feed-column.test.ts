// The news-feed column (src/pages/feed-column.ts, latest-news.ts) must not make every new article
// re-render every article page: an article page's key holds its own day's headlines only, and the
// edition's latest headlines live in one small file. Keys as the page cache makes them (src/pages/keys.ts).
// The new articles have tags of their own, so no other page lists them as related.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { chromeDigestInput, chromeOf } from "../../src/pages/chrome.ts";
import { DAY_WINDOW, dayWindow } from "../../src/pages/feed-column.ts";
import { pageKeys } from "../../src/pages/keys.ts";
import { planPages } from "../../src/pages/plan.ts";
import { prepare } from "../../src/pipeline/prepare.ts";
import { memArticle } from "../helpers/articles.ts";
import { article, makeSite } from "../helpers/site.ts";

const EPOCH = String(Date.UTC(2025, 3, 1, 9) / 1000);
const two = (n: number) => String(n).padStart(2, "0");

/** Each page's key by output file. */
async function keys(dir: string): Promise<Map<string, string>> {
  const ready = await prepare(dir);
  const key = pageKeys(chromeDigestInput(chromeOf(ready.site)));
  return new Map(planPages(ready).map((p) => [p.file, key(p.kind, p.view)]));
}

const changed = (a: Map<string, string>, b: Map<string, string>) => [...b].filter(([file, k]) => a.get(file) !== k).map(([file]) => file);

describe("the news-feed column and the page keys", () => {
  let dir: string;
  let saved: string | undefined;
  before(() => {
    saved = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = EPOCH;
    const files: Record<string, string> = {};
    // Ten days of two articles, and a busy day (20 March) of 20.
    for (let d = 1; d <= 10; d++)
      for (const h of [9, 15])
        files[`content/articles/eng/2025/03/d${d}-${h}.md`] = article({ title: `Day ${d} at ${h}`, date: `2025-03-${two(d)} ${two(h)}:00` });
    for (let m = 0; m < 20; m++)
      files[`content/articles/eng/2025/03/busy-${m}.md`] = article({
        title: `Busy ${m}`,
        date: `2025-03-20 ${two(8 + Math.floor(m / 2))}:${m % 2 ? "30" : "00"}`,
      });
    dir = makeSite(files);
  });
  after(() => {
    if (saved === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = saved;
  });

  it("changes the latest-news file and not the other articles' pages when an article is added on a new day", async () => {
    const before = await keys(dir);
    writeFileSync(
      path.join(dir, "content/articles/eng/2025/03/new.md"),
      article({ title: "Breaking", date: "2025-03-25 12:00", tags: "[Breaking]" }),
    );
    const after = await keys(dir);
    const articles = changed(before, after).filter((f) => /\/news\/\d{4}\/\d\d\/\d\d\/[^/]+\/index\.html$/.test(f));
    // The new page, and the one before it in time, whose "next" link is the new article.
    assert.deepEqual(articles.sort(), ["eng/news/2025/03/20/busy-19/index.html", "eng/news/2025/03/25/new/index.html"]);
    assert.ok(changed(before, after).includes("eng/news/latest.json"));
  });

  it("changes only the pages of its own day that show it when an article is added to a busy day", async () => {
    const before = await keys(dir);
    writeFileSync(
      path.join(dir, "content/articles/eng/2025/03/busy-late.md"),
      article({ title: "Busy, late", date: "2025-03-20 23:00", tags: "[Late]" }),
    );
    const after = await keys(dir);
    const articles = changed(before, after).filter((f) => /\/news\/\d{4}\/\d\d\/\d\d\/[^/]+\/index\.html$/.test(f));
    const total = [...after.keys()].filter((f) => /\/news\/2025\/03\/\d\d\/[^/]+\/index\.html$/.test(f)).length;
    // The new page and those of 20 March whose window of DAY_WINDOW headlines reaches the day's newest.
    assert.ok(articles.length <= DAY_WINDOW + 2, articles.join(" "));
    assert.ok(
      articles.every((f) => f.startsWith("eng/news/2025/03/20/") || f.startsWith("eng/news/2025/03/25/")),
      articles.join(" "),
    );
    assert.ok(articles.length < total / 2, `${articles.length} of ${total}`);
    assert.ok(changed(before, after).includes("eng/news/latest.json"));
  });
});

describe("dayWindow", () => {
  const day = Array.from({ length: 40 }, (_, i) => memArticle(`a${i}`, `2025-03-20 ${two(23 - Math.floor(i / 2))}:${i % 2 ? "00" : "30"}`));

  it("keeps a short day whole", () => {
    const short = day.slice(0, 5);
    assert.equal(dayWindow(short, short[2] as never), short);
  });

  it("takes DAY_WINDOW headlines around the article, within the day", () => {
    assert.deepEqual(
      dayWindow(day, day[20] as never).map((a) => a.slug),
      day.slice(13, 28).map((a) => a.slug),
    );
    assert.deepEqual(
      dayWindow(day, day[0] as never).map((a) => a.slug),
      day.slice(0, DAY_WINDOW).map((a) => a.slug),
    );
    assert.deepEqual(
      dayWindow(day, day[39] as never).map((a) => a.slug),
      day.slice(40 - DAY_WINDOW).map((a) => a.slug),
    );
  });
});
