/** The month archive's view: each day's headlines, and only its own month's articles, so a new article changes one month page. */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { digest } from "../../src/pages/keys.ts";
import type { MonthView } from "../../src/pages/month.ts";
import { planPages } from "../../src/pages/plan.ts";
import { prepare } from "../../src/pipeline/prepare.ts";
import { article, makeSite } from "../helpers/site.ts";

describe("month archive views", () => {
  const dir = makeSite({
    "content/articles/eng/2025/02/feb.md": article({ title: "February story", date: "2025-02-10 09:00" }),
    "content/articles/eng/2025/03/early.md": article({ title: "Early March", date: "2025-03-03 08:00" }),
    "content/articles/eng/2025/03/late.md": article({ title: "Late March", date: "2025-03-27 13:15" }),
  });
  const months = async () => {
    const { site, images } = await prepare(dir);
    return new Map(planPages({ site, images }, ["month-archive"]).map((p) => [p.file, p.view as MonthView]));
  };
  before(() => {
    process.env.SOURCE_DATE_EPOCH = String(Date.UTC(2025, 3, 1) / 1000);
  });
  after(() => {
    delete process.env.SOURCE_DATE_EPOCH;
  });

  it("holds each day's headlines, newest first, and a new article changes only its own month's view", async () => {
    const before = await months();
    const march = before.get("eng/news/2025/03/index.html");
    assert.deepEqual(
      march?.days.map((d) => [d.url, d.items.map((t) => t.title)]),
      [
        ["/eng/news/2025/03/27/", ["Late March"]],
        ["/eng/news/2025/03/03/", ["Early March"]],
      ],
    );
    writeFileSync(path.join(dir, "content/articles/eng/2025/03/new.md"), article({ title: "New story", date: "2025-03-27 18:00" }));
    const after = await months();
    assert.deepEqual(
      after.get("eng/news/2025/03/index.html")?.days[0]?.items.map((t) => t.title),
      ["New story", "Late March"],
    );
    const changed = [...after].filter(([file, view]) => digest(view) !== digest(before.get(file))).map(([file]) => file);
    assert.deepEqual(changed, ["eng/news/2025/03/index.html"]);
  });
});
