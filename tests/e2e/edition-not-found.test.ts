// Each edition under a prefix has its own not-found page in its language (src/pages/edition-not-found.ts),
// and `_redirects` sends its missing pages there with status 404; the site's root keeps its own.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { article, DEFAULT_CONFIG, makeSite, read, run } from "../helpers/site.ts";

const CLOCK = { SOURCE_DATE_EPOCH: "1743074100", NEWSROOM_PAGE_CACHE: "off" };

describe("per-edition not-found pages", () => {
  it("are written in each prefixed edition's language and named in _redirects", () => {
    const config = {
      ...DEFAULT_CONFIG,
      baseUrl: "https://example.org/site/",
      editions: [...DEFAULT_CONFIG.editions, { id: "rus", lang: "ru", locale: "ru", prefix: "/rus/", name: "Украинская правда" }],
    };
    const dir = makeSite({ "content/articles/eng/2025/03/one.md": article({ title: "One" }) }, { config });
    const result = run(dir, "build", CLOCK);
    assert.equal(result.code, 0, result.stderr);
    const eng = read(dir, "_site/eng/404.html");
    assert.match(eng, /<html lang="en">/);
    assert.match(eng, /<title>Page not found \| Ukrainska Pravda<\/title>/);
    assert.match(eng, /<link rel="canonical" href="https:\/\/example\.org\/site\/eng\/404\.html">/);
    assert.match(eng, /<a href="\/site\/eng\/">/);
    assert.match(read(dir, "_site/rus/404.html"), /<html lang="ru">[\s\S]*<title>Страница не найдена \| Украинская правда<\/title>/);
    // The root edition keeps the site-wide page; it gets no second one.
    assert.match(read(dir, "_site/404.html"), /<html lang="uk">/);
    assert.equal(existsSync(path.join(dir, "_site/uk/404.html")), false);
    assert.equal(read(dir, "_site/_redirects"), "/site/eng/* /site/eng/404.html 404\n/site/rus/* /site/rus/404.html 404\n");
  });

  it("are files no alias may take", () => {
    const dir = makeSite({ "content/articles/eng/2025/03/one.md": article({ title: "One", aliases: "[/eng/404.html]" }) });
    const result = run(dir, "check", CLOCK);
    assert.notEqual(result.code, 0);
    assert.match(result.stderr, /aliases\[0\].*\/eng\/404\.html.*the not-found page of edition "eng"/);
  });
});
