import assert from "node:assert/strict";
import { cpSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { article, makeSite, PROJECT, read, run, tempDir } from "../helpers/site.ts";

describe("build of a fixture site", () => {
  it("writes article pages at /<edition>/news/YYYY/MM/DD/<slug>/ with the dateline in Kyiv time", () => {
    const dir = makeSite({
      "content/articles/eng/2025/03/paris-talks.md": article({ date: "2025-03-27 13:15" }),
      "content/articles/uk/2025/03/зустріч-у-парижі.md": article({ title: "Зустріч у Парижі", date: "2025-03-31 09:40", tags: "[Україна]" }),
    });
    const result = run(dir, "build");
    assert.equal(result.code, 0, result.stderr);
    const eng = read(dir, "_site/eng/news/2025/03/27/paris-talks/index.html");
    assert.match(eng, /<time datetime="2025-03-27T13:15:00\+02:00">Thursday, 27 March 2025, 13:15<\/time>/);
    const uk = read(dir, "_site/news/2025/03/31/zustrich-u-paryzhi/index.html");
    assert.match(uk, /<html lang="uk">/);
    assert.match(uk, /<time datetime="2025-03-31T09:40:00\+03:00">Понеділок, 31 березня 2025, 09:40<\/time>/);
  });

  it("fails on a broken article, reports every problem, and leaves the previous _site/ untouched", () => {
    const dir = makeSite({ "content/articles/eng/2025/03/ok.md": article({}) });
    assert.equal(run(dir, "build").code, 0);
    const before = snapshot(dir);
    writeFileSync(path.join(dir, "content/articles/eng/2025/03/bad.md"), article({ titel: "Typo", date: "2025-03-27" }));
    writeFileSync(path.join(dir, "content/articles/eng/2025/03/worse.md"), article({ authors: "[ulyana]" }));
    for (const script of ["build", "check"]) {
      const result = run(dir, script);
      assert.equal(result.code, 1);
      assert.equal(
        result.stderr.trim(),
        [
          'content/articles/eng/2025/03/bad.md:3  date: expected a date with a time such as "2025-03-27 13:15", received "2025-03-27" without a time',
          'content/articles/eng/2025/03/bad.md:6  titel: unknown field, did you mean "title"? (known fields: title, date, updated, authors, tags, source, summary, image, background, section, slug, draft, important, priority, lang, translationKey, corrections, aliases)',
          'content/articles/eng/2025/03/worse.md:4  authors[0]: unknown author "ulyana", did you mean "ulyana-krychkovska"? (known ids: anastasia-protz, ulyana-krychkovska; add content/authors/ulyana.yaml for a new author)',
          "3 errors in 2 files; nothing was written.",
        ].join("\n"),
      );
    }
    assert.deepEqual(snapshot(dir), before);
    assert.deepEqual(readdirSync(dir).sort(), [".cache", "_site", "content"]);
  });
});

/** Every file under _site/ with its bytes and modification time. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const root = path.join(dir, "_site");
  for (const entry of readdirSync(root, { recursive: true }) as string[]) {
    const file = path.join(root, entry);
    const stat = statSync(file);
    if (stat.isFile()) out[entry] = `${stat.mtimeMs}:${readFileSync(file, "base64")}`;
  }
  return out;
}

describe("a broken article in the sample site", () => {
  it("makes build and check exit 1 with the editor's message, and leaves _site/ as it was", () => {
    // A copy of the real sample content; its config re-exports the project's, so its imports resolve.
    const dir = tempDir("sample-broken-");
    cpSync(path.join(PROJECT, "content"), path.join(dir, "content"), { recursive: true });
    writeFileSync(
      path.join(dir, "content/site.config.ts"),
      `export { default } from ${JSON.stringify(path.join(PROJECT, "content/site.config.ts"))};\n`,
    );
    assert.equal(run(dir, "build").code, 0);
    const before = snapshot(dir);
    const file = "content/articles/eng/2025/03/paris-coalition-meeting-starts.md";
    writeFileSync(path.join(dir, file), readFileSync(path.join(dir, file), "utf8").replace("date: 2025-03-27 13:15", "date: 27 March"));
    for (const script of ["build", "check"]) {
      const result = run(dir, script);
      assert.equal(result.code, 1);
      assert.equal(
        result.stderr.trim(),
        `${file}:3  date: expected a date and time such as "2025-03-27 13:15" or "2025-03-27T13:15+02:00", received "27 March"\n1 error in 1 file; nothing was written.`,
      );
    }
    assert.deepEqual(snapshot(dir), before);
  });
});
