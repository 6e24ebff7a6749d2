/**
 * `npm run check` on one article file at a time (issue 17): every problem in the file at once,
 * each with file:line and our own words; nothing that would break the build or publish
 * something wrong gets past it.
 */
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { MAX_NESTING } from "../../src/content/markdown.ts";
import { MAX_TAGS } from "../../src/schema/article.ts";
import { article, makeSite, PROJECT, run } from "../helpers/site.ts";

// 2025-03-27 11:15 UTC = 13:15 in Kyiv, the fixtures' publication time.
const CLOCK = { SOURCE_DATE_EPOCH: "1743074100" };
const DIR = "content/articles/eng/2025/03";

/** `npm run check` must fail with exactly these lines (and the summary), and `npm run build` the same, without a stack trace. */
function refused(files: Record<string, string>, lines: string[], summary: string, build = false): void {
  const dir = makeSite(files);
  const expected = [...lines, summary].join("\n");
  const check = run(dir, "check", CLOCK);
  assert.equal(check.code, 1, check.stdout);
  assert.equal(check.stderr.trim(), expected);
  if (build) {
    const built = run(dir, "build", CLOCK);
    assert.equal(built.code, 1);
    assert.equal(built.stderr.trim(), expected);
  }
}

describe("npm run check: one article file", () => {
  it("reports a bad date, a missing title and an unknown author at once, with did-you-mean for an id's prefix", () => {
    refused(
      { [`${DIR}/kyiv.md`]: article({ title: "", date: "2025-02-30 10:00", authors: "[ulyana]" }) },
      [
        `${DIR}/kyiv.md:2  date: expected a real date and time, received "2025-02-30 10:00" (February 2025 has 28 days)`,
        `${DIR}/kyiv.md:2  title: required: expected a headline, received nothing`,
        `${DIR}/kyiv.md:3  authors[0]: unknown author "ulyana", did you mean "ulyana-krychkovska"? (known ids: anastasia-protz, ulyana-krychkovska; add content/authors/ulyana.yaml for a new author)`,
      ],
      "3 errors in 1 file; nothing was written.",
    );
  });

  it("refuses the template's placeholders once draft is removed, and accepts them in a draft", () => {
    const dir = makeSite({});
    const created = run(dir, "new", CLOCK, ["Paris talks", "--authors", "ulyana-krychkovska", "--tags", "Ukraine"]);
    assert.equal(created.code, 0, created.stderr);
    const file = created.stdout.trim();
    assert.equal(run(dir, "check", CLOCK).code, 0);
    const text = readFileSync(path.join(dir, file), "utf8");
    writeFileSync(path.join(dir, file), text.replace("draft: true   # remove this line to publish\n", ""));
    const check = run(dir, "check", CLOCK);
    assert.equal(check.code, 1);
    assert.equal(
      check.stderr.trim(),
      [
        `${file}:17  expected the article's own text, received the template's placeholder "REQUIRED: the lead paragraph." (only a draft may keep it)`,
        `${file}:19  expected the article's own text, received the template's placeholder "**Details:** the body." (only a draft may keep it)`,
        "2 errors in 1 file; nothing was written.",
      ].join("\n"),
    );
  });

  it("words every date problem itself: impossible parts, 24:00, offsets no place uses", () => {
    refused(
      {
        [`${DIR}/a.md`]: article({ date: "2025-03-30 24:00" }),
        [`${DIR}/b.md`]: article({ date: "2025-04-05T10:00+99:00" }),
        [`${DIR}/c.md`]: article({ date: "2025-13-01 10:00" }),
      },
      [
        `${DIR}/a.md:3  date: expected a real date and time, received "2025-03-30 24:00" (hours go from 00 to 23; midnight is 00:00 of the next day)`,
        `${DIR}/b.md:3  date: expected an offset from UTC between -12:00 and +14:00 such as "+02:00" or "Z", received "+99:00" in "2025-04-05T10:00+99:00"`,
        `${DIR}/c.md:3  date: expected a real date and time, received "2025-13-01 10:00" (there is no month 13; months go from 01 to 12)`,
      ],
      "3 errors in 3 files; nothing was written.",
    );
  });

  it("refuses updated and corrections later than the build clock (a lastmod in the future)", () => {
    refused(
      {
        [`${DIR}/a.md`]: article({ updated: "2031-01-01 10:00" }),
        [`${DIR}/b.md`]: article({ corrections: '[{date: "2030-01-01 10:00", text: Fixed.}]' }),
      },
      [
        `${DIR}/a.md:6  updated: expected a time not later than the build's clock (2025-03-27 13:15 Europe/Kyiv), received 2031-01-01 10:00`,
        `${DIR}/b.md:6  corrections[0].date: expected a time not later than the build's clock (2025-03-27 13:15 Europe/Kyiv), received 2030-01-01 10:00`,
      ],
      "2 errors in 2 files; nothing was written.",
    );
  });

  it("refuses control characters in front-matter text and in the body, naming the character, line and field", () => {
    refused(
      {
        [`${DIR}/a.md`]: article({ title: '"Bell\\x07 in the title"' }),
        [`${DIR}/b.md`]: article({ tags: '[Ukraine, "X\\uD800"]' }),
        [`${DIR}/c.md`]: article({ image: '{src: ./p.jpg, alt: "A\\x0Bphoto", credit: "C\\uFFFE"}' }),
        [`${DIR}/d.md`]: article({}, "A lead paragraph.\n\nAn escape \x1b[31m in red.\n"),
      },
      [
        `${DIR}/a.md:2  title: expected a headline without control characters, received U+0007 (the bell character) after "Bell"`,
        `${DIR}/b.md:5  tags[1]: expected a tag without control characters, received U+D800 (half of a surrogate pair, with no other half) after "X"`,
        `${DIR}/c.md:6  image.alt: expected alt text describing the photo without control characters, received U+000B (a vertical tab) after "A"`,
        `${DIR}/c.md:6  image.credit: expected a photo credit without control characters, received U+FFFE (a Unicode noncharacter) after "C"`,
        `${DIR}/d.md:9  expected article text without control characters, received U+001B (an escape character) after "An escape "`,
      ],
      "5 errors in 4 files; nothing was written.",
      true,
    );
  });

  it(`caps tags at ${MAX_TAGS} per article`, () => {
    const tags = Array.from({ length: 200 }, (_, i) => `Tag ${i}`).join(", ");
    refused(
      { [`${DIR}/a.md`]: article({ tags: `[${tags}]` }) },
      [`${DIR}/a.md:5  tags: expected at most ${MAX_TAGS} tags, received 200`],
      "1 error in 1 file; nothing was written.",
    );
    // The README's field list states the same cap.
    assert.match(readFileSync(path.join(PROJECT, "README.md"), "utf8"), new RegExp(`tags: \\[.*\\] +# required: one to ${MAX_TAGS}\n`));
  });

  it("refuses lists and quotes nested so deep that their text would be lost", () => {
    const limit = `expected lists and quotes nested at most ${MAX_NESTING} levels deep (a list in a list counts two, a quote in a quote one), received deeper nesting; its text and what follows would be lost`;
    refused(
      {
        [`${DIR}/a.md`]: article({}, `A lead paragraph.\n\n${"- ".repeat(120)}deep item\n\nLast paragraph\n`),
        [`${DIR}/b.md`]: article({}, `A lead paragraph.\n\n${"> ".repeat(100)}deep quote\n`),
      },
      [`${DIR}/a.md:9  ${limit}`, `${DIR}/b.md:9  ${limit}`],
      "2 errors in 2 files; nothing was written.",
    );
  });
});

describe("SOURCE_DATE_EPOCH", () => {
  const dir = makeSite({ [`${DIR}/a.md`]: article({}) });
  const EXPECTED = "SOURCE_DATE_EPOCH: expected whole seconds since 1970-01-01 UTC such as 1743074100 (`date +%s`)";

  for (const [value, message] of [
    ["99999999999999", `${EXPECTED}, received 99999999999999, which is more than a day after the real clock`],
    ["yesterday", `${EXPECTED}, received "yesterday"`],
    ["1743074100.5", `${EXPECTED}, received "1743074100.5"`],
    ["0", `${EXPECTED}, received 0, which is before 2000`],
  ]) {
    it(`refuses ${value} in check and build with a message, not a stack trace, and writes nothing`, () => {
      for (const script of ["check", "build"]) {
        const result = run(dir, script, { SOURCE_DATE_EPOCH: value });
        assert.equal(result.code, 1, `${script}: ${result.stdout}`);
        assert.equal(result.stderr.trim(), message);
      }
      assert.ok(!existsSync(path.join(dir, "_site")), "nothing is written");
    });
  }

  it("is honoured when it is a sane clock", () => {
    assert.equal(run(dir, "check", CLOCK).code, 0);
  });
});
