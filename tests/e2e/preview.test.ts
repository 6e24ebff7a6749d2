/** `npm start`: drafts and embargoed articles appear with a banner, and an edit shows without restarting. */
import assert from "node:assert/strict";
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { build } from "../../src/pipeline/build.ts";
import { type PreviewServer, startPreview } from "../../src/pipeline/preview.ts";
import { article, filesUnder, makeSite } from "../helpers/site.ts";

async function fetchText(url: string): Promise<{ status: number; text: string }> {
  const response = await fetch(url);
  return { status: response.status, text: await response.text() };
}

/** Polls until `check` passes; generous, so a slow machine does not fail the test. */
async function eventually(check: () => Promise<boolean>, seconds = 30): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail("condition not met in time");
}

describe("the preview server", () => {
  const dir = makeSite({
    "content/articles/eng/2025/03/public.md": article({ title: "Public story" }),
    "content/articles/eng/2025/03/draft.md": article({ title: "Draft story", draft: "true" }),
    "content/articles/eng/2099/01/future.md": article({ title: "Future story", date: "2099-01-01 09:00" }),
  });
  let server: PreviewServer;
  const log: string[] = [];

  before(async () => {
    // A fixed clock, so a full build later in the test writes the same feeds as the preview did.
    process.env.SOURCE_DATE_EPOCH = String(Date.UTC(2025, 3, 1) / 1000);
    server = await startPreview(dir, 18_000 + (process.pid % 1000), (line) => log.push(line));
  });
  after(async () => {
    await server.close();
    delete process.env.SOURCE_DATE_EPOCH;
  });

  it("shows drafts and embargoed articles with a banner", async () => {
    const draft = await fetchText(new URL("eng/news/2025/03/27/draft/", server.url).href);
    assert.equal(draft.status, 200);
    assert.match(draft.text, /<p class="preview-banner" role="status">Preview: this is a draft and is not published<\/p>/);
    const future = await fetchText(new URL("eng/news/2099/01/01/future/", server.url).href);
    assert.match(future.text, /Preview: embargoed, publishes at <time datetime="2099-01-01T09:00:00\+02:00">/);
    const pub = await fetchText(new URL("eng/news/2025/03/27/public/", server.url).href);
    assert.doesNotMatch(pub.text, /preview-banner/);
  });

  it("re-renders only the article's page when only its text changed", async () => {
    const feed = path.join(dir, ".cache/preview/_site/eng/news/index.html");
    const before = statSync(feed).mtimeMs;
    writeFileSync(
      path.join(dir, "content/articles/eng/2025/03/public.md"),
      article({ title: "Public story" }, "A lead paragraph.\n\nNew second paragraph.\n"),
    );
    await eventually(async () => (await fetchText(new URL("eng/news/2025/03/27/public/", server.url).href)).text.includes("New second paragraph."));
    // The page is on disk a moment before the update is logged (it logs once every page is written).
    await eventually(async () =>
      log.some((l) => /^preview: content\/articles\/eng\/2025\/03\/public\.md: \d+ written, 0 removed in \d+ ms$/.test(l)),
    );
    assert.ok(!log.some((l) => /^preview: \d+ articles, .* after a change to/.test(l)), log.join("\n"));
    assert.equal(statSync(feed).mtimeMs, before);
  });

  it("re-renders only the pages a new headline, tag, date or article changes, and gets them all", async () => {
    const preview = path.join(dir, ".cache/preview/_site");
    // The 2099 archive shows only the embargoed story, which none of the edits touch.
    const untouched = path.join(preview, "eng/news/2099/index.html");
    const before = statSync(untouched).mtimeMs;
    const edits: [string, string | undefined][] = [
      ["content/articles/eng/2025/03/public.md", article({ title: "Edited story" })],
      ["content/articles/eng/2025/03/public.md", article({ title: "Edited story", tags: "[Ukraine, Energy]" })],
      ["content/articles/eng/2025/03/public.md", article({ title: "Edited story", date: "2025-03-26 08:00", tags: "[Energy]" })],
      ["content/articles/eng/2025/03/second.md", article({ title: "A second story", date: "2025-03-28 10:00" })],
      ["content/articles/eng/2025/03/second.md", undefined],
    ];
    for (const [i, [file, text]] of edits.entries()) {
      if (text === undefined) rmSync(path.join(dir, file));
      else writeFileSync(path.join(dir, file), text);
      const line = new RegExp(`^preview: ${file.replaceAll(".", "\\.")}: \\d+ written, \\d+ removed in \\d+ ms$`);
      // The text edit above logged a line for public.md too.
      const earlier = edits.slice(0, i).filter(([f]) => f === file).length + (file.endsWith("public.md") ? 1 : 0);
      await eventually(async () => log.filter((l) => line.test(l)).length > earlier);
    }
    // The first build was the only full one.
    assert.equal(log.filter((l) => /^preview: \d+ articles, \d+ pages in/.test(l)).length, 1, log.join("\n"));
    assert.equal(statSync(untouched).mtimeMs, before);
    // The updated preview is exactly what a full preview build writes.
    const fresh = path.join(dir, "fresh");
    await build(dir, fresh, { preview: true });
    assert.deepEqual(filesUnder(preview), filesUnder(fresh));
    assert.match(readFileSync(path.join(preview, "eng/tags/energy/index.html"), "utf8"), /Edited story/);
  });

  it("keeps serving the last good preview when an edit breaks an article, and says why", async () => {
    writeFileSync(path.join(dir, "content/articles/eng/2025/03/public.md"), article({ date: "tomorrow" }));
    await eventually(async () => log.some((l) => l.includes('public.md:3  date: expected a date and time such as "2025-03-27 13:15"')));
    assert.match((await fetchText(new URL("eng/news/2025/03/26/public/", server.url).href)).text, /<h1>Edited story<\/h1>/);
  });
});
