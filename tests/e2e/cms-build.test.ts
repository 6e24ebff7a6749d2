/** The CMS in the published build: only when site.config.ts enables it, with its own policy, out of sitemaps. */
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { HEADERS, pagesWithoutCsp } from "../helpers/csp.ts";
import { article, DEFAULT_CONFIG, makeSite, read, run } from "../helpers/site.ts";
import { sitemapText } from "../helpers/tools.ts";

const CLOCK = { SOURCE_DATE_EPOCH: String(Date.UTC(2025, 3, 6, 6, 0) / 1000) };
/** The admin page's policy, written out (tests/helpers/csp.ts says why). */
const ADMIN_CSP =
  "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob:; font-src 'self' data:; connect-src 'self' blob: https://api.github.com; frame-src 'self' blob:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'";
const CMS = { enabled: true, backend: { name: "github", repo: "newsroom/site", branch: "main" } };

describe("the CMS in the build", () => {
  it("is built into /admin/ when enabled: Decap from node_modules, the generated configuration with the editorial workflow, its own policy", () => {
    const dir = makeSite({ "content/articles/eng/2025/03/paris.md": article({}) }, { config: { ...DEFAULT_CONFIG, cms: CMS } });
    const result = run(dir, "build", CLOCK);
    assert.equal(result.code, 0, result.stderr);
    for (const file of ["index.html", "config.yml", "decap-cms.js", "newsroom.js", "decap-cms.js.LICENSE.txt"]) {
      assert.ok(existsSync(path.join(dir, "_site/admin", file)), file);
    }
    const page = read(dir, "_site/admin/index.html");
    assert.match(page, /<meta name="robots" content="noindex, nofollow">/);
    const config = parse(read(dir, "_site/admin/config.yml"));
    assert.deepEqual(config.backend, {
      name: "github",
      repo: "newsroom/site",
      branch: "main",
      commit_messages: { create: "Create {{collection}} “{{slug}}”", update: "Update {{collection}} “{{slug}}”" },
    });
    assert.equal(config.publish_mode, "editorial_workflow");
    assert.deepEqual(
      config.collections.map((c: { name: string }) => c.name),
      ["articles-uk", "articles-eng", "authors"],
    );
    assert.doesNotMatch(read(dir, "_site/admin/newsroom.js"), /"checkUrl"/, "no local backend in the published CMS");
    // The _headers block: the admin policy replaces the site's for /admin/ only.
    assert.equal(
      read(dir, "_site/_headers"),
      `${HEADERS}/admin/*\n  ! Content-Security-Policy\n  Content-Security-Policy: ${ADMIN_CSP}; frame-ancestors 'self'\n  X-Robots-Tag: noindex\n`,
    );
    // Every public page keeps the site's policy; the admin page alone has its own; nothing lists it.
    assert.deepEqual(pagesWithoutCsp(path.join(dir, "_site")), [`admin/index.html: ${JSON.stringify(ADMIN_CSP)}`]);
    const sitemap = sitemapText(path.join(dir, "_site"), "https://example.org/");
    assert.match(sitemap, /<loc>https:\/\/example\.org\/eng\/<\/loc>/);
    assert.doesNotMatch(sitemap, /admin/);
  });

  it("is not built when not enabled", () => {
    const dir = makeSite({ "content/articles/eng/2025/03/paris.md": article({}) });
    const result = run(dir, "build", CLOCK);
    assert.equal(result.code, 0, result.stderr);
    assert.ok(!existsSync(path.join(dir, "_site/admin")));
    assert.doesNotMatch(read(dir, "_site/_headers"), /admin/);
  });

  it("needs a backend when enabled, and keeps /admin/ from aliases", () => {
    const noBackend = makeSite({ "content/articles/eng/2025/03/paris.md": article({}) }, { config: { ...DEFAULT_CONFIG, cms: { enabled: true } } });
    const refused = run(noBackend, "check", CLOCK);
    assert.equal(refused.code, 1);
    assert.match(
      refused.stderr,
      /cms: expected a backend when the CMS is enabled, such as backend: \{ name: "github", repo: "owner\/site", branch: "main" \}/,
    );
    const alias = makeSite({ "content/articles/eng/2025/03/paris.md": article({ aliases: "[/admin/config.yml/]" }) });
    const taken = run(alias, "check", CLOCK);
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, /aliases\[0\]: .*the folder of the CMS/);
  });
});
