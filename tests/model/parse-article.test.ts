/** Malformed and hostile article files: each has one exact, expected outcome (issue #9). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DateTime } from "luxon";
import { MAX_NESTING, renderBody } from "../../src/content/markdown.ts";
import { parseNewsroomDate } from "../../src/dates.ts";
import { formatProblem, sortProblems } from "../../src/errors/problem.ts";
import { articleEnv, type ParsedArticle, parseArticle } from "../../src/model/parse-article.ts";
import { articleTemplate } from "../../src/scaffold.ts";
import { SiteConfigSchema } from "../../src/schema/site.ts";
import { DEFAULT_CONFIG } from "../helpers/site.ts";

const config = SiteConfigSchema.parse(DEFAULT_CONFIG);
const authors = new Map([
  ["ulyana-krychkovska", { id: "ulyana-krychkovska", file: "content/authors/ulyana-krychkovska.yaml", name: { en: "Ulyana Krychkovska" } }],
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
    // A blank line after the closing --- is dropped from the body but still counted.
    assert.equal(accepted(`---\n${GOOD}\n---\n\nBody.\n`).bodyStartLine, 8);
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
    const nothing = "expected the article text after the closing ---, received nothing (a brief without text needs a summary or a source with a url)";
    assert.deepEqual(errors(`---\n${GOOD}\n---\n\n`), [`${FILE}:6  ${nothing}`]);
    assert.deepEqual(errors(`---\n${GOOD}\nsource: Reuters\n---\n`), [`${FILE}:7  ${nothing}`]);
    assert.deepEqual(errors(`\n---\n${GOOD}\n---`), [`${FILE}:7  ${nothing}`]);
    assert.deepEqual(errors("Just a body.\n"), [
      `${FILE}:1  expected the file to start with a --- line opening the front matter, received "Just a body."`,
    ]);
  });

  it("accepts a brief: no text, but a summary or a source with a url (issue 18)", () => {
    const withSummary = accepted(`---\n${GOOD}\nsummary: Talks ended without a deal.\n---\n`);
    assert.equal(withSummary.body, "");
    assert.equal(withSummary.description, "Talks ended without a deal.");
    const withSource = accepted(`---\n${GOOD}\nsource:\n  name: Reuters\n  url: https://www.reuters.com/x\n---\n\n  \n`);
    assert.equal(withSource.body, "");
    assert.equal(withSource.description, "Paris talks", "a link-only brief's headline is its description");
    // A broken summary is reported as itself, not also as a missing text.
    assert.deepEqual(errors(`---\n${GOOD}\nsummary: [a, b]\n---\n`), [`${FILE}:6  summary: expected a one-paragraph summary, received a list`]);
  });

  it("reports invalid UTF-8 with the line of the first bad byte", () => {
    const bytes = Buffer.concat([Buffer.from(`---\n${GOOD}\n---\nFine line.\nBad `), Buffer.from([0xff, 0xfe]), Buffer.from(" bytes.\n")]);
    assert.deepEqual(errors(bytes), [`${FILE}:8  expected UTF-8 text, found bytes that are not UTF-8 (save the file as UTF-8)`]);
  });

  // No time limits here: how fast is for the benchmarks; what is refused is for the tests.
  it("refuses a 10 MB article before parsing it", () => {
    assert.deepEqual(errors(`---\n${GOOD}\n---\n${"word ".repeat(2_100_000)}`), [`${FILE}:1  expected an article under 2.0 MB, received 10.0 MB`]);
  });

  it("does not expand YAML aliases exponentially (billion laughs)", () => {
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
        `${FILE}:2  a: unknown field (known fields: title, date, updated, authors, tags, source, summary, image, background, section, slug, draft, important, priority, lang, translationKey, corrections, aliases)`,
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

  it("normalises slugs from file names as titles are, holding only an explicit slug: to the strict form (issue 18)", () => {
    const at = (name: string, extra = "") =>
      parseArticle(`content/articles/eng/2025/03/${name}.md`, Buffer.from(`---\n${GOOD}${extra}\n---\nB.\n`), env);
    const url = (name: string) => {
      const parsed = at(name);
      assert.ok(parsed.ok, parsed.ok ? "" : parsed.problems.map(formatProblem).join("\n"));
      return parsed.article.url;
    };
    assert.equal(url("lorem-ipsum-dolor-sit-amet--15801"), "/eng/news/2025/03/27/lorem-ipsum-dolor-sit-amet-15801/");
    assert.equal(url("Lorem_Ipsum"), "/eng/news/2025/03/27/lorem-ipsum/");
    assert.equal(url("%d0%ba%d0%b8%d1%97%d0%b2"), "/eng/news/2025/03/27/kyiv/");
    const explicit = at("fine", "\nslug: amet--15801");
    assert.ok(!explicit.ok);
    assert.deepEqual(explicit.problems.map(formatProblem), [
      'content/articles/eng/2025/03/fine.md:6  slug: expected lowercase letters, digits and single dashes such as "coalition-meeting-paris", received "amet--15801"',
    ]);
  });

  it("keeps Unicode titles and tags intact and gives them readable URLs", () => {
    const a = accepted(
      `---\n${GOOD.replace("Paris talks", '"🇺🇦 Зеленський — שלום e\u0301\u200b"').replace("[Ukraine]", "[🇺🇦, Україна]")}\n---\nBody.\n`,
    );
    assert.equal(a.title, "🇺🇦 Зеленський — שלום é");
    assert.deepEqual(a.tags, ["🇺🇦", "Україна"]);
  });
});

describe("every problem at once (issue 17)", () => {
  it("reports a bad date, a missing title and an unknown author together", () => {
    const text = "---\ndate: 2025-02-30 10:00\nauthors: [ulyana]\ntags: [Ukraine]\n---\nBody.\n";
    assert.deepEqual(errors(text), [
      `${FILE}:2  title: required: expected a headline, received nothing`,
      `${FILE}:2  date: expected a real date and time, received "2025-02-30 10:00" (February 2025 has 28 days)`,
      `${FILE}:3  authors[0]: unknown author "ulyana", did you mean "ulyana-krychkovska"? (known ids: ulyana-krychkovska; add content/authors/ulyana.yaml for a new author)`,
    ]);
  });

  it("checks lang, slug and dates against each other while another field is wrong", () => {
    assert.deepEqual(errors(`---\n${GOOD.replace("Paris talks", "2025")}\nlang: uk\nslug: page\nupdated: 2025-03-27 12:00\n---\nBody.\n`), [
      `${FILE}:2  title: expected a headline, received the number 2025`,
      `${FILE}:6  lang: expected "en" for an article in the eng folder, received "uk"`,
      `${FILE}:8  updated: expected a time not earlier than date (2025-03-27 13:15 Europe/Kyiv), received 2025-03-27 12:00`,
      `${FILE}:7  slug: expected a slug other than the reserved name "page"`,
    ]);
  });
});

describe("dates against the build clock", () => {
  const clock = parseNewsroomDate("2025-03-28 10:00", "Europe/Kyiv");
  assert.ok(clock.ok);
  const fixed = articleEnv(config, authors, clock.value);
  const errorsAt = (text: string) => {
    const result = parseArticle(FILE, Buffer.from(text), fixed);
    assert.ok(!result.ok, "expected problems");
    return result.problems.map(formatProblem);
  };

  it("refuses updated and corrections later than the build clock (a lastmod in the future)", () => {
    assert.deepEqual(errorsAt(`---\n${GOOD}\nupdated: 2031-01-01 10:00\ncorrections:\n  - date: 2030-01-01 10:00\n    text: Fixed.\n---\nBody.\n`), [
      `${FILE}:6  updated: expected a time not later than the build's clock (2025-03-28 10:00 Europe/Kyiv), received 2031-01-01 10:00`,
      `${FILE}:8  corrections[0].date: expected a time not later than the build's clock (2025-03-28 10:00 Europe/Kyiv), received 2030-01-01 10:00`,
    ]);
    assert.ok(parseArticle(FILE, Buffer.from(`---\n${GOOD}\nupdated: 2025-03-28 10:00\n---\nBody.\n`), fixed).ok);
  });

  it("refuses an offset no place uses instead of publishing on another day", () => {
    assert.deepEqual(errorsAt(`---\n${GOOD.replace("2025-03-27 13:15", "2025-03-20T10:00+99:00")}\n---\nBody.\n`), [
      `${FILE}:3  date: expected an offset from UTC between -12:00 and +14:00 such as "+02:00" or "Z", received "+99:00" in "2025-03-20T10:00+99:00"`,
    ]);
  });
});

describe("the template's placeholders", () => {
  const template = (draft: string) =>
    articleTemplate(
      { headline: "Paris talks", authors: ["ulyana-krychkovska"], tags: ["Ukraine"] },
      DateTime.fromISO("2025-03-27T13:15", { zone: "Europe/Kyiv" }),
    ).replace("draft: true   # remove this line to publish\n", draft);

  it("are allowed in a draft", () => {
    assert.ok(parse(template("draft: true\n")).ok);
  });

  it("are errors with their line once draft is removed", () => {
    assert.deepEqual(errors(template("")), [
      `${FILE}:17  expected the article's own text, received the template's placeholder "REQUIRED: the lead paragraph." (only a draft may keep it)`,
      `${FILE}:19  expected the article's own text, received the template's placeholder "**Details:** the body." (only a draft may keep it)`,
    ]);
  });

  it("are errors in uncommented optional fields", () => {
    const text = template("")
      .replace(/^# (summary|image| {2}src| {2}alt| {2}credit|background| {2}- )/gm, "$1")
      .replace(/ {2,}# required with an image/g, "");
    const result = parse(text);
    assert.ok(!result.ok);
    assert.deepEqual(sortProblems(result.problems).map(formatProblem), [
      `${FILE}:6  summary: expected your own text, received the template's placeholder "One sentence for lists and search engines" (only a draft may keep it)`,
      `${FILE}:12  image.alt: expected your own text, received the template's placeholder "What the photo shows" (only a draft may keep it)`,
      `${FILE}:13  image.credit: expected your own text, received the template's placeholder "Who took it" (only a draft may keep it)`,
      `${FILE}:15  background[0]: expected your own text, received the template's placeholder "A bullet of context" (only a draft may keep it)`,
      `${FILE}:17  expected the article's own text, received the template's placeholder "REQUIRED: the lead paragraph." (only a draft may keep it)`,
      `${FILE}:19  expected the article's own text, received the template's placeholder "**Details:** the body." (only a draft may keep it)`,
    ]);
  });
});

describe("the template in the edition's language", () => {
  const at = (lang: string) =>
    articleTemplate(
      { headline: "Переговори", authors: ["ulyana-krychkovska"], tags: ["Україна"] },
      DateTime.fromISO("2025-03-27T13:15", { zone: "Europe/Kyiv" }),
      lang,
    );

  it("writes the placeholders and comments in Ukrainian and Russian, English for a language without its own", () => {
    assert.match(at("uk"), /\n# summary: Одне речення для списків і пошукових систем {3}# якщо немає: перший абзац\n/);
    assert.match(
      at("uk"),
      /\ndraft: true {3}# видаліть цей рядок, щоб опублікувати\n---\nОБОВ’ЯЗКОВО: перший абзац, лід новини\.\n\n\*\*Подробиці:\*\* текст новини\.\n$/,
    );
    assert.match(at("ru"), /\n---\nОБЯЗАТЕЛЬНО: первый абзац, лид новости\.\n\n\*\*Подробности:\*\* текст новости\.\n$/);
    assert.match(at("de"), /\n---\nREQUIRED: the lead paragraph\.\n\n\*\*Details:\*\* the body\.\n$/);
  });

  it("refuses a published article that keeps them, in whichever language's folder it is", () => {
    const published = at("uk").replace(/^draft: true.*\n/m, "");
    assert.deepEqual(errors(published), [
      `${FILE}:17  expected the article's own text, received the template's placeholder "ОБОВ’ЯЗКОВО: перший абзац, лід новини." (only a draft may keep it)`,
      `${FILE}:19  expected the article's own text, received the template's placeholder "**Подробиці:** текст новини." (only a draft may keep it)`,
    ]);
  });
});

describe("the body", () => {
  it("refuses control characters with their line, and says which", () => {
    assert.deepEqual(errors(`---\n${GOOD}\n---\nLead.\n\nA bell\x07 here.\n`), [
      `${FILE}:9  expected article text without control characters, received U+0007 (the bell character) after "A bell"`,
    ]);
    assert.deepEqual(errors(`---\n${GOOD}\n---\nLead with X\uFFFF.\n`), [
      `${FILE}:7  expected article text without control characters, received U+FFFF (a Unicode noncharacter) after "Lead with X"`,
    ]);
    // A lone surrogate cannot be written in UTF-8: its bytes are "not UTF-8" (only YAML's "\uD800" escape makes one).
    assert.deepEqual(errors(Buffer.concat([Buffer.from(`---\n${GOOD}\n---\nX`), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from("\n")])), [
      `${FILE}:7  expected UTF-8 text, found bytes that are not UTF-8 (save the file as UTF-8)`,
    ]);
    assert.deepEqual(errors(`---\n${GOOD}\n---\n\nLead.\n\u0000\n`), [
      `${FILE}:9  expected article text without control characters, received U+0000 (the null character) at the start of the line`,
    ]);
    assert.deepEqual(errors(`---\n${GOOD}\n---\nLead.\n\u0000\n`), [
      `${FILE}:8  expected article text without control characters, received U+0000 (the null character) at the start of the line`,
    ]);
    assert.equal(accepted(`---\n${GOOD}\n---\nLead\twith a tab.\r\n\r\n\`\`\`\n\tcode\n\`\`\`\n`).description, "Lead with a tab.");
  });

  it("refuses lists and quotes nested so deep that markdown-it would drop their text", () => {
    const limit = `expected lists and quotes nested at most ${MAX_NESTING} levels deep (a list in a list counts two, a quote in a quote one), received deeper nesting; its text and what follows would be lost`;
    assert.deepEqual(errors(`---\n${GOOD}\n---\nLead.\n\n${"- ".repeat(120)}deep item\n\nLast paragraph\n`), [`${FILE}:9  ${limit}`]);
    assert.deepEqual(errors(`---\n${GOOD}\n---\nLead.\n\n${">".repeat(100)} deep quote\n`), [`${FILE}:9  ${limit}`]);
    let indented = "Lead.\n\n";
    for (let i = 0; i < 60; i++) indented += `${"  ".repeat(i)}- item ${i}\n`;
    assert.deepEqual(errors(`---\n${GOOD}\n---\n${indented}`), [`${FILE}:58  ${limit}`]);
    // Deep, but within the limit: accepted, and every line is rendered.
    const body = `Lead.\n\n${"- ".repeat(45)}deep item\n\n${">".repeat(90)} deep quote\n\nLast paragraph\n`;
    const ok = accepted(`---\n${GOOD}\n---\n${body}`);
    const html = renderBody(ok.body).rest;
    assert.ok(html.includes("deep item") && html.includes("deep quote") && html.includes("Last paragraph"));
  });
});

describe("typography of front matter", () => {
  it("gives the headline, summary, caption and lead the edition's quotes and apostrophes", () => {
    const front = (title: string, extra = "") =>
      `---\ntitle: '${title}'\ndate: 2025-03-27 13:15\nauthors: [ulyana-krychkovska]\ntags: [Ukraine]\n${extra}---\n`;
    const uk = parseArticle(
      "content/articles/uk/x.md",
      Buffer.from(`${front(`Зеленський: "Коаліція охочих" зібралася в Парижі`)}Він сказав: "п'ять країн".\n`),
      env,
    );
    assert.ok(uk.ok);
    assert.equal(uk.article.title, "Зеленський: «Коаліція охочих» зібралася в Парижі");
    assert.equal(uk.article.description, "Він сказав: «п’ять країн».");
    const en = accepted(
      `${front(`Zelenskyy''s "coalition"`, `summary: 'The "willing" meet'\nimage:\n  src: ./a.jpg\n  alt: A "photo"\n  credit: Office\n  caption: 'Macron''s "guests"'\n`)}Text.\n`,
    );
    assert.deepEqual(
      [en.title, en.summary, en.description, en.image?.caption, en.image?.alt],
      ["Zelenskyy’s “coalition”", "The “willing” meet", "The “willing” meet", "Macron’s “guests”", 'A "photo"'],
    );
  });
});
