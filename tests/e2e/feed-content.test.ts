/** Tag and author feeds carry summaries; the edition's and sections' feeds keep the full text (issue 19: smaller output). */
import assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { parseFeed } from "@rowanmanning/feed-parser";
import { article, makeSite, read, run } from "../helpers/site.ts";

const EPOCH = { SOURCE_DATE_EPOCH: String(Date.UTC(2025, 3, 1) / 1000), NEWSROOM_PAGE_CACHE: "off" };

describe("what each feed carries of an article", () => {
  const site = makeSite({
    "content/articles/eng/one.md": article(
      { title: "Grid holds", summary: "The grid held all night.", section: "war", tags: "[Energy]" },
      "The first paragraph.\n\nA second paragraph only the full text has.\n",
    ),
  });
  let built: ReturnType<typeof run>;
  before(() => {
    built = run(site, "build", EPOCH);
  });

  it("builds", () => assert.equal(built.code, 0, built.stderr));

  for (const feed of ["eng/feed.xml", "eng/rss.xml", "eng/feed.json", "eng/sections/war/feed.xml"]) {
    it(`${feed}: the full text`, () => assert.match(read(site, `_site/${feed}`), /A second paragraph only the full text has\./));
  }

  for (const feed of ["eng/tags/energy/feed.xml", "eng/authors/ulyana-krychkovska/feed.xml"]) {
    it(`${feed}: the headline, summary and link, no text`, () => {
      const raw = read(site, `_site/${feed}`);
      assert.doesNotMatch(raw, /<content|second paragraph/);
      const [item] = parseFeed(raw).items;
      assert.equal(item?.title, "Grid holds");
      assert.equal(item?.description, "The grid held all night.");
      assert.equal(item?.url, "https://example.org/eng/news/2025/03/27/one/");
    });
  }
});
