/**
 * The CMS at /admin/ under `npm start`, driven in Chromium: the real Decap CMS from node_modules,
 * its local backend writing into a temporary copy of a fixture site. What the form saves must pass
 * `npm run check` and build into the page the form described; a save the schema refuses is
 * refused with our error text; the form passes axe.
 */
import assert from "node:assert/strict";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { type PreviewServer, startPreview } from "../../src/pipeline/preview.ts";
import { axeViolations, launchChromium } from "../helpers/browser.ts";
import { photo } from "../helpers/photos.ts";
import { article, makeSite, read, run } from "../helpers/site.ts";

const CLOCK = { SOURCE_DATE_EPOCH: String(Date.UTC(2025, 3, 6, 6, 0) / 1000) };

/**
 * axe findings that belong to Decap CMS itself (its markup, not our configuration), under its open
 * accessibility issue (https://github.com/decaporg/decap-cms/issues/1333); any other finding fails
 * the test. The preview frame's missing title is ours to fix, and is (src/cms/browser.js).
 */
const CMS_VIOLATIONS: Record<string, string> = {
  "aria-command-name": "the list widgets' drag handles (role=button) have no name",
  "aria-input-field-name": "the relation widget's react-select listbox has no name",
  "aria-required-attr": "react-select's combobox lacks aria-expanded/aria-controls in this version",
  "button-name": "icon-only buttons (collapse, remove item, toolbar) have no text",
  "color-contrast": "the header's badges, the Publish button and the editor toggle's grey text",
  "nested-interactive": "list items' top bars nest buttons in a role=button",
};

async function eventually<T>(check: () => T | undefined | false, seconds = 60): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    const value = check();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail("condition not met in time");
}

describe("the CMS at /admin/ with the local backend", { timeout: 600_000 }, () => {
  const dir = makeSite({
    "content/articles/eng/2025/03/paris.md": article({ title: "Coalition meets in Paris", tags: "[Ukraine, EU]" }),
  });
  const eng = path.join(dir, "content/articles/eng/2025/03");
  let server: PreviewServer;
  let browser: Browser;
  const log: string[] = [];
  const cspErrors: string[] = [];

  const open = async (hash: string): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    // Decap does not start at all without 'unsafe-eval': that surfaces as a page error.
    page.on("pageerror", (e) => {
      if (/Content Security Policy/i.test(e.message)) cspErrors.push(e.message);
    });
    await page.goto(new URL(`admin/${hash}`, server.url).href);
    await page.getByRole("button", { name: "Login" }).click();
    return page;
  };
  const publish = async (page: Page) => {
    await page.getByRole("button", { name: "Publish" }).click();
    await page.getByText("Publish now").click();
  };

  before(async () => {
    Object.assign(process.env, CLOCK);
    server = await startPreview(dir, 0, (line) => log.push(line));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    delete process.env.SOURCE_DATE_EPOCH;
  });

  it("serves the CMS from the project with its own policy, without the live-reload script", async () => {
    const response = await fetch(new URL("admin/", server.url));
    const page = await response.text();
    assert.equal(response.status, 200);
    assert.match(
      page,
      /<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'/,
    );
    assert.match(page, /<meta name="robots" content="noindex, nofollow">/);
    assert.match(page, /<script src="\/admin\/decap-cms.js"><\/script>/);
    assert.doesNotMatch(page, /reload-client/);
    assert.doesNotMatch(page, /https?:\/\//, "no third-party host");
    const config = await (await fetch(new URL("admin/config.yml", server.url))).text();
    assert.match(config, /backend:\n {2}name: proxy\n {2}proxy_url: \/admin\/api\/v1/);
  });

  it("creates an English article with two authors, tags, a source, a lead photo and background that passes the check and builds into that page", async () => {
    writeFileSync(path.join(dir, "lead.jpg"), await photo(1400, 900));
    const page = await open("#/collections/articles-eng/new");
    await page.getByLabel("Title").fill("Coalition leaders meet in Paris");
    await page.getByLabel("Date", { exact: true }).fill("2025-03-27T13:15");
    const authors = page.getByLabel("Authors");
    for (const name of ["Ulyana", "Anastasia"]) {
      await authors.click();
      await page.keyboard.type(name);
      await page.getByRole("option", { name: new RegExp(name, "i") }).click();
    }
    await page.getByLabel("Tags").fill("Ukraine, France");
    await page.locator('input[id^="name-field"]').fill("European Pravda");
    await page.getByLabel("Web address").fill("https://www.eurointegration.com.ua/");
    await page.getByLabel("Via").fill("the Office of the President");
    await page.getByRole("button", { name: "Choose an image" }).click();
    await page.locator('input[type="file"]').setInputFiles(path.join(dir, "lead.jpg"));
    await page.getByRole("button", { name: "Choose selected" }).click();
    await page.getByLabel("Alt text").fill("Leaders around a table in Paris");
    await page.getByLabel("Caption").fill("The meeting at the Élysée");
    await page.getByLabel("Credit").fill("Office of the President");
    for (const [i, bullet] of ["The coalition of the willing first met in London.", "Thirty-one countries take part."].entries()) {
      await page.getByRole("button", { name: "Add background" }).click();
      await page.locator('textarea[id^="background-field"]').nth(i).fill(bullet);
    }
    await page.locator('.cms-editor-visual [contenteditable="true"]').click();
    await page.keyboard.type("Leaders of the coalition met in Paris on Thursday.");
    await page.keyboard.press("Enter");
    await page.keyboard.type("They discussed security guarantees.");

    // The preview pane: our layout's markup in English, on Kyiv's clock.
    const preview = page.frameLocator("iframe").first();
    await preview.locator("h1", { hasText: "Coalition leaders meet in Paris" }).waitFor();
    assert.equal(await preview.locator("main").getAttribute("lang"), "en");
    assert.match((await preview.locator(".dateline").textContent()) ?? "", /^Thursday, 27 March 2025 at 13:15$/);
    assert.equal(await preview.locator(".byline").textContent(), "Ulyana Krychkovska, Anastasia Protz");
    assert.equal(await preview.locator(".source").textContent(), "Source: European Pravda with reference to the Office of the President");

    const found = await axeViolations(page);
    assert.deepEqual(
      found.filter((v) => !CMS_VIOLATIONS[v.id]),
      [],
      "axe on the admin form: only the CMS's own findings",
    );

    await publish(page);
    const file = await eventually(
      () => existsSync(path.join(eng, "coalition-leaders-meet-in-paris.md")) && path.join(eng, "coalition-leaders-meet-in-paris.md"),
    );
    await eventually(() => existsSync(path.join(eng, "lead.jpg")));
    await page.close();
    assert.equal(
      read(dir, path.relative(dir, file)),
      `---
title: Coalition leaders meet in Paris
date: 2025-03-27 13:15
authors:
  - ulyana-krychkovska
  - anastasia-protz
tags:
  - Ukraine
  - France
source:
  name: European Pravda
  url: https://www.eurointegration.com.ua/
  via: the Office of the President
image:
  src: lead.jpg
  alt: Leaders around a table in Paris
  caption: The meeting at the Élysée
  credit: Office of the President
background:
  - The coalition of the willing first met in London.
  - Thirty-one countries take part.
draft: false
important: false
lang: en
---
Leaders of the coalition met in Paris on Thursday.

They discussed security guarantees.
`,
    );
    const check = run(dir, "check", CLOCK);
    assert.equal(check.code, 0, check.stderr);
    const build = run(dir, "build", CLOCK);
    assert.equal(build.code, 0, build.stderr);
    const html = read(dir, "_site/eng/news/2025/03/27/coalition-leaders-meet-in-paris/index.html");
    assert.match(html, /<h1[^>]*>Coalition leaders meet in Paris<\/h1>/);
    assert.match(html, /Ulyana Krychkovska/);
    assert.match(html, /Anastasia Protz/);
    assert.match(html, /<time datetime="2025-03-27T13:15:00\+02:00">/);
    assert.match(html, /rel="tag"[^>]*>Ukraine<\/a>/);
    assert.match(html, /rel="tag"[^>]*>France<\/a>/);
    assert.match(
      html,
      /<a href="https:\/\/www.eurointegration.com.ua\/" rel="noopener">European Pravda<\/a> with reference to the Office of the President/,
    );
    assert.match(html, /alt="Leaders around a table in Paris"/);
    assert.match(html, /The meeting at the Élysée/);
    assert.match(html, /Office of the President/);
    assert.match(html, /<li>The coalition of the willing first met in London.<\/li>/);
    assert.match(html, /<li>Thirty-one countries take part.<\/li>/);
    assert.match(html, /Leaders of the coalition met in Paris on Thursday./);
    assert.match(html, /They discussed security guarantees./);
    // Not enabled in this site's config: the published build has no CMS.
    assert.ok(!existsSync(path.join(dir, "_site/admin")));
  });

  it("edits an existing article's headline", async () => {
    const page = await open("#/collections/articles-eng");
    await page.getByText("Coalition meets in Paris").click();
    const title = page.getByLabel("Title");
    await eventually(() => true);
    assert.equal(await title.inputValue(), "Coalition meets in Paris");
    await title.fill("Coalition of the willing meets in Paris");
    await publish(page);
    await eventually(() => read(dir, "content/articles/eng/2025/03/paris.md").includes("Coalition of the willing"));
    await page.close();
    const text = read(dir, "content/articles/eng/2025/03/paris.md");
    assert.match(text, /^---\ntitle: Coalition of the willing meets in Paris\ndate: 2025-03-27 13:15\n/);
    assert.match(text, /\n---\nA lead paragraph.\n\nMore text.\n$/);
    const check = run(dir, "check", CLOCK);
    assert.equal(check.code, 0, check.stderr);
  });

  it("refuses a save the schema refuses, showing our error text, and writes nothing", async () => {
    const before = readdirSync(eng).sort();
    const page = await open("#/collections/articles-eng/new");
    await page.getByLabel("Title").fill("An update before the news");
    await page.getByLabel("Date", { exact: true }).fill("2025-03-27T13:15");
    await page.locator('input[id^="updated-field"]').fill("2025-03-26T10:00");
    const authors = page.getByLabel("Authors");
    await authors.click();
    await page.keyboard.type("Ulyana");
    await page.getByRole("option", { name: /ulyana/i }).click();
    await page.getByLabel("Tags").fill("Ukraine");
    await page.locator('.cms-editor-visual [contenteditable="true"]').click();
    await page.keyboard.type("The text.");
    // Rules between fields are checked by the local backend before it writes: the CMS shows our message.
    await publish(page);
    await page
      .getByText(/updated: expected a time not earlier than date \(2025-03-27 13:15 Europe\/Kyiv\), received 2025-03-26 10:00/)
      .first()
      .waitFor();
    // The preview pane lists the same problems, file:line first, as the form changes.
    const preview = page.frameLocator("iframe").first();
    await preview.getByText(/content\/articles\/eng\/2025\/03\/new-article.md:\d+ {2}updated: expected a time not earlier than date/).waitFor();
    // A simple rule is checked in the form itself, with the schema's words.
    await page.getByLabel("Slug").fill("Not A Slug");
    await publish(page);
    await page.getByText('expected lowercase letters, digits and single dashes such as "coalition-meeting-paris"').waitFor();
    await page.close();
    assert.deepEqual(readdirSync(eng).sort(), before);
    assert.ok(
      log.some((l) => l.includes("cms: not saved:\ncontent/articles/eng/2025/03/an-update-before-the-news.md:")),
      log.join("\n"),
    );
  });

  it("met no Content-Security-Policy violation", () => {
    assert.deepEqual(cspErrors, []);
  });
});
