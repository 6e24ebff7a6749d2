/** Malformed and hostile article files: each has one exact, expected outcome (issue #9). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatProblem } from "../../src/errors/problem.ts";
import { articleEnv, type ParsedArticle, parseArticle } from "../../src/model/parse-article.ts";
import { SiteConfigSchema } from "../../src/schema/site.ts";
import { DEFAULT_CONFIG } from "../helpers/site.ts";

const config = SiteConfigSchema.parse(DEFAULT_CONFIG);
const authors = new Map([
  ["ulyana-krychkovska", { id: "ulyana-krychkovska", file: "content/authors/ulyana-krychkovska.yaml", name: "Ulyana Krychkovska" }],
]);
const env = articleEnv(config, authors);
const FILE = "content/articles/eng/x.md";
const GOOD = "title: Paris talks\ndate: 2025-03-27 13:15\nauthors: [ulyana-krychkovska]\ntags: [Ukraine]";

function parse(text: string | Uint8Array): ParsedArticle {
  return parseArticle(FILE, typeof text === "string" ? Buffer.from(text, "utf8") : text, env);
}

function errors(text: string | Uint8Array): string[] {
  const result = parse(text);
  assert.ok(!result.ok, "expected problems");
  return result.problems.map(formatProblem);
}

function accepted(text: string | Uint8Array) {
  const result = parse(text);
  assert.ok(result.ok, result.ok ? "" : result.problems.map(formatProblem).join("\n"));
  return result.article;
}

describe("malformed files", () => {
  it("accepts a UTF-8 BOM, CRLF line endings and blank lines before the opening ---", () => {
    assert.equal(accepted(`\uFEFF---\n${GOOD}\n---\nBody.\n`).title, "Paris talks");
    const crlf = accepted(`---\r\n${GOOD.replace(/\n/g, "\r\n")}\r\n---\r\nLead.\r\n\r\nMore.\r\n`);
    assert.equal(crlf.description, "Lead.");
    assert.equal(crlf.bodyStartLine, 7);
    assert.equal(accepted(`\n\n---\n${GOOD}\n---\nBody.\n`).bodyStartLine, 9);
  });

  it("reports blank-line offsets correctly in later errors", () => {
    assert.deepEqual(errors(`\n\n---\n${GOOD.replace("2025-03-27 13:15", "soon")}\n---\nBody.\n`), [
      `${FILE}:5  date: expected a date and time such as "2025-03-27 13:15" or "2025-03-27T13:15+02:00", received "soon"`,
    ]);
  });

  it("reports YAML syntax errors, duplicate keys and tabs with line and column", () => {
    assert.deepEqual(errors(`---\n${GOOD}\ntitle: again\n---\nBody.\n`), [`${FILE}:6:1  YAML syntax error: Map keys must be unique`]);
    assert.deepEqual(errors(`---\n${GOOD}\nsource:\n\tname: Reuters\n---\nBody.\n`), [
      `${FILE}:7:1  YAML syntax error: Tabs are not allowed as indentation`,
    ]);
    assert.deepEqual(errors(`---\ntitle: "unclosed\n${GOOD.split("\n").slice(1).join("\n")}\n---\nBody.\n`), [
      `${FILE}:5:16  YAML syntax error: Missing closing "quote`,
    ]);
  });

  it("reports a missing closing ---, an empty file, front matter only and no front matter", () => {
    assert.deepEqual(errors(`---\n${GOOD}\nBody without a fence.\n`), [`${FILE}:1  expected a closing --- line after the front matter, found none`]);
    assert.deepEqual(errors(""), [`${FILE}:1  expected front matter between --- lines, received an empty file`]);
    assert.deepEqual(errors(" \n\n"), [`${FILE}:1  expected front matter between --- lines, received an empty file`]);
    assert.deepEqual(errors(`---\n${GOOD}\n---\n\n`), [`${FILE}:6  expected the article text after the closing ---, received nothing`]);
    assert.deepEqual(errors("Just a body.\n"), [
      `${FILE}:1  expected the file to start with a --- line opening the front matter, received "Just a body."`,
    ]);
  });

  it("reports invalid UTF-8 with the line of the first bad byte", () => {
    const bytes = Buffer.concat([Buffer.from(`---\n${GOOD}\n---\nFine line.\nBad `), Buffer.from([0xff, 0xfe]), Buffer.from(" bytes.\n")]);
    assert.deepEqual(errors(bytes), [`${FILE}:8  expected UTF-8 text, found bytes that are not UTF-8 (save the file as UTF-8)`]);
  });

  it("refuses a 10 MB article", () => {
    assert.deepEqual(errors(`---\n${GOOD}\n---\n${"word ".repeat(2_100_000)}`), [`${FILE}:1  expected an article under 2.0 MB, received 10.0 MB`]);
  });

  // A hang guard, not a time limit: expanded, the aliases would make 9^10 tags.
  it("does not expand YAML aliases exponentially (billion laughs)", { timeout: 120_000 }, () => {
    const laughs = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
    for (let i = 1; i < 10; i++)
      laughs.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(", ")}]`,
      );
    const result = errors(`---\n${laughs.join("\n")}\n${GOOD.replace("tags: [Ukraine]", "tags: *j")}\n---\nBody.\n`);
    assert.ok(
      result.includes(
        `${FILE}:2  a: unknown field (known fields: title, date, updated, authors, tags, source, summary, image, background, section, slug, draft, lang, translationKey, corrections, aliases)`,
      ),
    );
    assert.ok(result.includes(`${FILE}:15  tags[0]: expected a tag, received a list`), result.join("\n"));
  });

  it("reports non-string values where text belongs, and accepts a single tag string", () => {
    assert.deepEqual(errors(`---\n${GOOD.replace("Paris talks", "2025")}\n---\nBody.\n`), [
      `${FILE}:2  title: expected a headline, received the number 2025`,
    ]);
    assert.deepEqual(accepted(`---\n${GOOD.replace("[Ukraine]", "Ukraine")}\n---\nBody.\n`).tags, ["Ukraine"]);
    assert.deepEqual(errors(`---\n${GOOD.replace("[Ukraine]", "{name: x}")}\n---\nBody.\n`), [
      `${FILE}:5  tags: expected a list of tags, received a mapping of fields`,
    ]);
    assert.deepEqual(errors("---\n- just\n- a list\n---\nBody.\n"), [`${FILE}:2  expected front matter fields, received a list`]);
    assert.deepEqual(errors("---\njust text\n---\nBody.\n"), [`${FILE}:2  expected front matter fields, received "just text"`]);
  });
});

describe("paths and names", () => {
  it("refuses reserved slugs and slugs that try to leave the output", () => {
    assert.deepEqual(errors(`---\n${GOOD}\nslug: page\n---\nBody.\n`), [`${FILE}:6  slug: expected a slug other than the reserved name "page"`]);
    assert.deepEqual(errors(`---\n${GOOD}\nslug: ../../etc\n---\nBody.\n`), [
      `${FILE}:6  slug: expected lowercase letters, digits and single dashes such as "coalition-meeting-paris", received "../../etc"`,
    ]);
    assert.equal(parseArticle("content/articles/eng/CON.md", Buffer.from(`---\n${GOOD}\n---\nB.\n`), env).ok, false);
  });

  it("refuses very long titles and slugs, and shortens long file names", () => {
    assert.deepEqual(errors(`---\n${GOOD.replace("Paris talks", "x".repeat(301))}\n---\nBody.\n`), [
      `${FILE}:2  title: expected at most 300 characters, received 301`,
    ]);
    assert.deepEqual(errors(`---\n${GOOD}\nslug: ${"a".repeat(101)}\n---\nBody.\n`), [`${FILE}:6  slug: expected a slug of at most 100 characters`]);
    const long = parseArticle(`content/articles/eng/${"word-".repeat(40)}end.md`, Buffer.from(`---\n${GOOD}\n---\nB.\n`), env);
    assert.ok(long.ok && long.article.slug.length <= 80);
  });

  it("keeps Unicode titles and tags intact and gives them readable URLs", () => {
    const a = accepted(
      `---\n${GOOD.replace("Paris talks", '"🇺🇦 Зеленський — שלום e\u0301\u200b"').replace("[Ukraine]", "[🇺🇦, Україна]")}\n---\nBody.\n`,
    );
    assert.equal(a.title, "🇺🇦 Зеленський — שלום é");
    assert.deepEqual(a.tags, ["🇺🇦", "Україна"]);
  });
});
