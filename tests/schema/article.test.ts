import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { articleSchema } from "../../src/schema/article.ts";
import { fieldPath } from "../../src/schema/issues.ts";

const schema = articleSchema({ timeZone: "Europe/Kyiv", sectionIds: ["news", "war"], languages: ["uk", "en", "ru"] });
const valid = { title: "Coalition meets in Paris", date: "2025-03-27 13:15", authors: ["ulyana-krychkovska"], tags: ["Ukraine"] };

/** The problems for one input, as `field: message` lines. */
function problems(input: Record<string, unknown>): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${fieldPath(i.path)}: ${i.message}`);
}

function parse(input: Record<string, unknown>) {
  const result = schema.safeParse(input);
  assert.ok(result.success, JSON.stringify(problems(input)));
  return result.data;
}

describe("article schema", () => {
  it("accepts the minimal article and normalises it", () => {
    const a = parse(valid);
    assert.equal(a.title, "Coalition meets in Paris");
    assert.equal(a.date.toISO(), "2025-03-27T13:15:00.000+02:00");
    assert.deepEqual(a.tags, ["Ukraine"]);
  });

  it("accepts every optional field", () => {
    const a = parse({
      ...valid,
      updated: "2025-03-27T15:40+02:00",
      source: { name: "European Pravda", url: "https://www.eurointegration.com.ua/", via: "the Office of the President" },
      summary: "A meeting began.",
      image: { src: "./paris.jpg", alt: "Zelenskyy in Paris", caption: "Volodymyr Zelenskyy", credit: "Office of the President", focus: [0.5, 0.3] },
      background: ["The coalition is led by **France** and the UK."],
      section: "war",
      slug: "coalition-meeting-paris",
      draft: false,
      lang: "en",
      translationKey: "paris-2025",
    });
    assert.equal(a.updated?.toISO(), "2025-03-27T15:40:00.000+02:00");
    assert.equal(a.source?.via, "the Office of the President");
    assert.deepEqual(a.image?.focus, [0.5, 0.3]);
  });

  it("accepts a plain-string source and a single tag string", () => {
    const a = parse({ ...valid, source: "Reuters", tags: "Ukraine" });
    assert.deepEqual(a.source, { name: "Reuters" });
    assert.deepEqual(a.tags, ["Ukraine"]);
  });

  it("reports every missing required field", () => {
    assert.deepEqual(problems({}), [
      "title: required: expected a headline, received nothing",
      'date: required: expected a date and time such as "2025-03-27 13:15", received nothing',
      "authors: required: expected a list of author ids, received nothing",
      "tags: required: expected a list of tags, received nothing",
    ]);
  });

  it("reports wrong types with what was received", () => {
    assert.deepEqual(problems({ ...valid, title: 2025, tags: [], authors: [] }), [
      "title: expected a headline, received the number 2025",
      "authors: expected at least one author id",
      "tags: expected at least one tag",
    ]);
    assert.deepEqual(problems({ ...valid, title: "   " }), ["title: expected a headline, received an empty text"]);
    assert.deepEqual(problems({ ...valid, tags: ["Ukraine", 5] }), ["tags[1]: expected a tag, received the number 5"]);
    assert.deepEqual(problems({ ...valid, draft: "yes" }), ['draft: expected true or false, received "yes"']);
  });

  it("checks dates and that updated is not earlier than date", () => {
    assert.deepEqual(problems({ ...valid, date: "27.03.2025 13:15" }), [
      'date: expected a date and time such as "2025-03-27 13:15" or "2025-03-27T13:15+02:00", received "27.03.2025 13:15"',
    ]);
    assert.deepEqual(problems({ ...valid, updated: "2025-03-27 12:00" }), [
      "updated: expected a time not earlier than date (2025-03-27T13:15:00.000+02:00), received 2025-03-27T12:00:00.000+02:00",
    ]);
  });

  it("checks source URLs, image fields, section, slug and lang", () => {
    assert.deepEqual(problems({ ...valid, source: { name: "X", url: "javascript:alert(1)" } }), [
      'source.url: expected a web address starting with https://, received "javascript:alert(1)"',
    ]);
    assert.deepEqual(problems({ ...valid, source: { url: "https://example.org/" } }), [
      "source.name: required: expected the source's name, received nothing",
    ]);
    assert.deepEqual(problems({ ...valid, image: { src: "/etc/passwd", alt: "" } }), [
      'image.src: expected an image path relative to the article such as "./photo.jpg", received "/etc/passwd"',
      "image.alt: expected alt text describing the photo, received an empty text",
      "image.credit: required: expected a photo credit, received nothing",
    ]);
    assert.deepEqual(problems({ ...valid, image: { src: "https://cdn.example/x.jpg", alt: "A", credit: "B", focus: [2, 0] } }), [
      'image.src: expected an image path relative to the article such as "./photo.jpg", received "https://cdn.example/x.jpg"',
      "image.focus[0]: Too big: expected number to be <=1",
    ]);
    assert.deepEqual(problems({ ...valid, section: "sport" }), ['section: expected a section (one of: news, war), received "sport"']);
    assert.deepEqual(problems({ ...valid, slug: "Paris Talks" }), [
      'slug: expected lowercase letters, digits and single dashes such as "coalition-meeting-paris", received "Paris Talks"',
    ]);
    assert.deepEqual(problems({ ...valid, lang: "ua" }), ['lang: the ISO 639 code for Ukrainian is "uk", not "ua"']);
  });

  it("checks summary, background, translationKey, corrections and aliases", () => {
    assert.deepEqual(problems({ ...valid, summary: 42 }), ["summary: expected a one-paragraph summary, received the number 42"]);
    assert.deepEqual(problems({ ...valid, background: ["Fine.", 7] }), ["background[1]: expected a background bullet, received the number 7"]);
    assert.deepEqual(problems({ ...valid, background: { a: 1 } }), [
      "background: expected a list of background bullets, received a mapping of fields",
    ]);
    assert.deepEqual(problems({ ...valid, translationKey: "has spaces" }), ["translationKey: expected letters, digits, dots, dashes or underscores"]);
    assert.deepEqual(problems({ ...valid, corrections: "fixed" }), ['corrections: expected a list of {date, text}, received "fixed"']);
    assert.deepEqual(problems({ ...valid, aliases: ["https://old.example/x"] }), [
      'aliases[0]: expected an old URL of this article: a path from the site root such as "/eng/news/2025/03/27/old-slug/", received "https://old.example/x"',
    ]);
    const a = parse({
      ...valid,
      background: "One bullet.",
      aliases: "/eng/old/",
      corrections: [{ date: "2025-03-28 09:00", text: "Fixed a name." }],
    });
    assert.deepEqual([a.background, a.aliases, a.corrections?.[0]?.date.toISO()], [["One bullet."], ["/eng/old/"], "2025-03-28T09:00:00.000+02:00"]);
  });

  it("rejects unknown fields", () => {
    assert.deepEqual(problems({ ...valid, titel: "x" }), [': Unrecognized key: "titel"']); // worded for editors by issuesToProblems
  });
});
