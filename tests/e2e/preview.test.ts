/** `npm start`: drafts and embargoed articles appear with a banner, and an edit shows without restarting. */
import assert from "node:assert/strict";
import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { type PreviewServer, startPreview } from "../../src/build/preview.ts";
import { article, makeSite } from "../helpers/site.ts";

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
    server = await startPreview(dir, 18_000 + (process.pid % 1000), (line) => log.push(line));
  });
  after(async () => server.close());

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
    assert.ok(
      log.some((l) => /^preview: re-rendered \/eng\/news\/2025\/03\/27\/public\/ in \d+ ms$/.test(l)),
      log.join("\n"),
    );
    assert.equal(statSync(feed).mtimeMs, before);
  });

  it("rebuilds when an article changes", async () => {
    writeFileSync(path.join(dir, "content/articles/eng/2025/03/public.md"), article({ title: "Edited story" }));
    await eventually(async () => (await fetchText(new URL("eng/news/2025/03/27/public/", server.url).href)).text.includes("<h1>Edited story</h1>"));
  });

  it("keeps serving the last good preview when an edit breaks an article, and says why", async () => {
    writeFileSync(path.join(dir, "content/articles/eng/2025/03/public.md"), article({ date: "tomorrow" }));
    await eventually(async () => log.some((l) => l.includes('public.md:3  date: expected a date and time such as "2025-03-27 13:15"')));
    assert.match((await fetchText(new URL("eng/news/2025/03/27/public/", server.url).href)).text, /<h1>Edited story<\/h1>/);
  });
});
