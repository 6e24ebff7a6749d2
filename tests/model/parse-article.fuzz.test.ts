/** Property-based: whatever an editor or a wire feed sends, parsing returns a typed article or problems, never throws. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import fc from "fast-check";
import yaml from "js-yaml";
import { articleEnv, parseArticle } from "../../src/model/parse-article.ts";
import { FORBIDDEN_CHARACTERS } from "../../src/schema/fields.ts";
import { SiteConfigSchema } from "../../src/schema/site.ts";
import { DEFAULT_CONFIG } from "../helpers/site.ts";

const env = articleEnv(
  SiteConfigSchema.parse(DEFAULT_CONFIG),
  new Map([["ulyana-krychkovska", { id: "ulyana-krychkovska", file: "content/authors/ulyana-krychkovska.yaml", name: { en: "U" } }]]),
);
const KEYS = [
  "title",
  "date",
  "updated",
  "authors",
  "tags",
  "source",
  "summary",
  "image",
  "background",
  "section",
  "slug",
  "draft",
  "lang",
  "translationKey",
  "titel",
  "a",
];
const nasty = fc.constantFrom(
  "---",
  "<script>alert(1)</script>",
  "javascript:alert(1)",
  "2025-03-30 03:30",
  "2025-03-27 13:15",
  "*a",
  "&a x",
  "\t",
  "\r\n",
  "\uFEFF",
  "\x07",
  "X\uD800",
  "\uFFFE",
  "{{ x }}",
  "",
  "ua",
);
const value = fc.letrec((tie) => ({
  leaf: fc.oneof(fc.string(), fc.string({ unit: "grapheme" }), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), nasty),
  node: fc.oneof(
    { depthSize: "small" },
    tie("leaf"),
    fc.array(tie("node"), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string()), tie("node"), { maxKeys: 4 }),
  ),
})).node;
const frontMatter = fc.dictionary(fc.constantFrom(...KEYS), value, { maxKeys: 10 }).map((d) => yaml.dump(d, { skipInvalid: true }));
const body = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme" }),
  fc.constantFrom("# H\n\n<iframe src=x>", "[x](javascript:alert(1))", "![](data:text/html,x)"),
);
const file = fc.oneof(
  fc.tuple(frontMatter, body).map(([fm, b]) => `---\n${fm}---\n${b}`),
  fc.tuple(fc.string(), body).map(([fm, b]) => `---\n${fm}\n---\n${b}`),
  fc.string({ unit: "grapheme" }),
);

// Time limits belong in the benchmarks (npm run bench), not in tests that must pass on a busy machine.
function check(bytes: Uint8Array): void {
  const result = parseArticle("content/articles/eng/fuzz.md", bytes, env);
  if (result.ok) {
    assert.equal(typeof result.article.title, "string");
    // Nothing XML or HTML forbids gets through (control characters, lone surrogates, noncharacters).
    for (const text of [result.article.title, result.article.body, ...result.article.tags]) assert.doesNotMatch(text, FORBIDDEN_CHARACTERS);
    assert.ok(result.article.date.isValid);
    assert.match(result.article.url, /^\/eng\/news\/\d{4}\/\d{2}\/\d{2}\/[a-z0-9-]+\/$/);
  } else {
    assert.ok(result.problems.length > 0);
    for (const p of result.problems) {
      assert.equal(p.file, "content/articles/eng/fuzz.md");
      assert.equal(typeof p.message, "string");
      assert.ok(p.line === undefined || (Number.isInteger(p.line) && p.line >= 1), `line ${p.line}`);
    }
  }
}

const BASE = { title: "Paris talks", date: "2025-03-27 13:15", authors: ["ulyana-krychkovska"], tags: ["Ukraine"] };
const mutated = fc
  .tuple(fc.constantFrom(...KEYS), value, body)
  .map(([key, v, b]) => `---\n${yaml.dump({ ...BASE, [key]: v }, { skipInvalid: true })}---\nLead.\n\n${b}`);

describe("parseArticle under fuzzing", () => {
  it("never throws when one field of a valid article is replaced by anything", () => {
    let accepted = 0;
    fc.assert(
      fc.property(mutated, (text) => {
        check(Buffer.from(text, "utf8"));
        if (parseArticle("content/articles/eng/fuzz.md", Buffer.from(text, "utf8"), env).ok) accepted++;
      }),
      { numRuns: 1500, seed: 42 },
    );
    assert.ok(accepted > 40, `only ${accepted} runs produced a valid article`);
  });

  it("never throws on random front matter and Markdown", () => {
    fc.assert(
      fc.property(file, (text) => check(Buffer.from(text, "utf8"))),
      { numRuns: 1500, seed: 20251127 },
    );
  });

  it("never throws on random bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => check(Buffer.concat([Buffer.from("---\ntitle: x\n"), bytes]))),
      {
        numRuns: 500,
        seed: 7,
      },
    );
  });
});
