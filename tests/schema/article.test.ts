import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseNewsroomDate } from "../../src/dates.ts";
import { articleSchema, crossFieldIssues, MAX_PRIORITY, MAX_TAGS } from "../../src/schema/article.ts";
import { authorSchema } from "../../src/schema/author.ts";
import { describe as describeValue, forbiddenCharacter } from "../../src/schema/fields.ts";
import { fieldPath, suggest } from "../../src/schema/issues.ts";

const schema = articleSchema({ timeZone: "Europe/Kyiv", sectionIds: ["news", "war"], languages: ["uk", "en", "ru"] });
const valid = { title: "Coalition meets in Paris", date: "2025-03-27 13:15", authors: ["ulyana-krychkovska"], tags: ["Ukraine"] };

/** The problems for one input, as `field: message` lines (the schema's, then those between fields). */
function problems(input: Record<string, unknown>, now?: string): string[] {
  const result = schema.safeParse(input);
  if (!result.success) return result.error.issues.map((i) => `${fieldPath(i.path)}: ${i.message}`);
  const clock = now ? parseNewsroomDate(now, "Europe/Kyiv") : undefined;
  return crossFieldIssues(result.data, clock?.ok ? clock.value : undefined).map((i) => `${fieldPath(i.path)}: ${i.message}`);
}

function parse(input: Record<string, unknown>) {
  const result = schema.safeParse(input);
  assert.ok(result.success, JSON.stringify(problems(input)));
  return result.data;
}

describe("suggest", () => {
  const ids = ["ulyana-krychkovska", "anastasia-protz", "anna-myroniuk", "andrii-bubin"];
  it("suggests typos, unique prefixes and unique substrings, ignoring case", () => {
    assert.equal(suggest("ulyana", ids), "ulyana-krychkovska");
    assert.equal(suggest("Ulyana", ids), "ulyana-krychkovska");
    assert.equal(suggest("krychkovska", ids), "ulyana-krychkovska");
    assert.equal(suggest("anastasia", ids), "anastasia-protz");
    assert.equal(suggest("ulyana-krychkovsk", ids), "ulyana-krychkovska");
    assert.equal(suggest("titel", ["title", "date"]), "title");
  });

  it("suggests nothing when the prefix or substring is ambiguous or unrelated", () => {
    assert.equal(suggest("an", ids), undefined);
    assert.equal(suggest("bob", ids), undefined);
    assert.equal(suggest("a", ids), undefined);
    assert.equal(suggest("", ids), undefined);
  });
});

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

  it("takes important as true or false and priority as a whole number from 1 to MAX_PRIORITY", () => {
    assert.deepEqual(parse({ ...valid, important: true, priority: 1 }).priority, 1);
    assert.deepEqual(parse({ ...valid, priority: MAX_PRIORITY }).priority, MAX_PRIORITY);
    assert.deepEqual(problems({ ...valid, important: "yes" }), ['important: expected true or false, received "yes"']);
    const expected = (received: string) => [`priority: expected a whole number from 1 (the lead story) to ${MAX_PRIORITY}, received ${received}`];
    assert.deepEqual(problems({ ...valid, priority: 0 }), expected("the number 0"));
    assert.deepEqual(problems({ ...valid, priority: 1.5 }), expected("the number 1.5"));
    assert.deepEqual(problems({ ...valid, priority: MAX_PRIORITY + 1 }), expected(`the number ${MAX_PRIORITY + 1}`));
    assert.deepEqual(problems({ ...valid, priority: "lead" }), expected('"lead"'));
  });

  it("checks dates and that updated is not earlier than date", () => {
    assert.deepEqual(problems({ ...valid, date: "27.03.2025 13:15" }), [
      'date: expected a date and time such as "2025-03-27 13:15" or "2025-03-27T13:15+02:00", received "27.03.2025 13:15"',
    ]);
    assert.deepEqual(problems({ ...valid, updated: "2025-03-27 12:00" }), [
      "updated: expected a time not earlier than date (2025-03-27 13:15 Europe/Kyiv), received 2025-03-27 12:00",
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
      'image.src: expected an image path relative to the article such as "./photo.jpg" or an https: address on a host in remoteImages.hosts, received "/etc/passwd"',
      "image.alt: expected alt text describing the photo, received an empty text",
      "image.credit: required: expected a photo credit, received nothing",
    ]);
    // A web address passes the schema: its host is checked against the site config with the photos (tests/e2e/remote-images.test.ts).
    assert.deepEqual(problems({ ...valid, image: { src: "https://cdn.example/x.jpg", alt: "A", credit: "B", focus: [2, 0] } }), [
      "image.focus[0]: Too big: expected number to be <=1",
    ]);
    assert.deepEqual(problems({ ...valid, image: { src: "ftp://cdn.example/x.jpg", alt: "A", credit: "B", width: 0, height: 1.5 } }), [
      'image.src: expected an image path relative to the article such as "./photo.jpg" or an https: address on a host in remoteImages.hosts, received "ftp://cdn.example/x.jpg"',
      "image.width: expected the width in pixels of a remote image, received the number 0",
      "image.height: expected the height in whole pixels, received the number 1.5",
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
      'aliases[0]: expected an old URL of this article: a path from the site root such as "/eng/news/2025/03/27/old-slug/", "/find-help/partner-toolkit" or "/story.php", received "https://old.example/x"',
    ]);
    const a = parse({
      ...valid,
      background: "One bullet.",
      aliases: "/eng/old/",
      corrections: [{ date: "2025-03-28 09:00", text: "Fixed a name." }],
    });
    assert.deepEqual([a.background, a.aliases, a.corrections?.[0]?.date.toISO()], [["One bullet."], ["/eng/old/"], "2025-03-28T09:00:00.000+02:00"]);
  });

  it("accepts old URLs as they were: without a trailing slash, script and page file names, percent-encoded (issue 18)", () => {
    const old = [
      "/find-help/988/partner-toolkit",
      "/news/story.html",
      "/index.php",
      "/News/Item.aspx",
      "/2016/11/29/health-it-services-sin%e2%80%8a-%e2%80%8aready/",
      "/%D0%BA%D0%B8%D1%97%D0%B2",
      "/a,b/(c)/it's+more",
    ];
    assert.deepEqual(parse({ ...valid, aliases: old }).aliases, old);
    const refused = (alias: string) => problems({ ...valid, aliases: [alias] });
    const form = (alias: string) =>
      `aliases[0]: expected an old URL of this article: a path from the site root such as "/eng/news/2025/03/27/old-slug/", "/find-help/partner-toolkit" or "/story.php", received "${alias}"`;
    assert.deepEqual(refused("/story.php?id=7"), [
      'aliases[0]: expected an old URL of this article without a query or fragment (a static site cannot tell /story.php?id=1 from /story.php?id=2), received "/story.php?id=7"',
    ]);
    for (const bad of ["/a/%2e%2e/b", "/a/../b", "/a%2Fb", "/bad%ff", "/line%0Abreak", "/nul%00", "/two  spaces", "relative/path", "//host/x"]) {
      assert.deepEqual(refused(bad), [form(bad)], bad);
    }
  });

  it("refuses updated and corrections later than the build clock, or than date under embargo", () => {
    const now = "2025-03-28 10:00";
    assert.deepEqual(problems({ ...valid, updated: "2031-01-01 10:00" }, now), [
      "updated: expected a time not later than the build's clock (2025-03-28 10:00 Europe/Kyiv), received 2031-01-01 10:00",
    ]);
    assert.deepEqual(
      problems(
        {
          ...valid,
          corrections: [
            { date: "2025-03-28 09:00", text: "Fine." },
            { date: "2030-06-01 09:00", text: "Later." },
          ],
        },
        now,
      ),
      ["corrections[1].date: expected a time not later than the build's clock (2025-03-28 10:00 Europe/Kyiv), received 2030-06-01 09:00"],
    );
    assert.deepEqual(problems({ ...valid, updated: "2025-03-28 10:00", corrections: [{ date: "2025-03-28 09:59", text: "Fine." }] }, now), []);
    // An article under embargo may carry an updated time up to its own date, not beyond.
    const embargoed = { ...valid, date: "2025-04-02 09:00" };
    assert.deepEqual(problems({ ...embargoed, updated: "2025-04-02 09:00" }, now), []);
    assert.deepEqual(problems({ ...embargoed, updated: "2025-04-02 09:30" }, now), [
      "updated: expected a time not later than date (2025-04-02 09:00 Europe/Kyiv), as the article is still under embargo, received 2025-04-02 09:30",
    ]);
  });

  it("refuses control characters, lone surrogates and noncharacters in every text field, naming them", () => {
    assert.deepEqual(problems({ ...valid, title: "Paris\x07 talks" }), [
      'title: expected a headline without control characters, received U+0007 (the bell character) after "Paris"',
    ]);
    assert.deepEqual(problems({ ...valid, title: "\bBack" }), [
      "title: expected a headline without control characters, received U+0008 (a backspace) at the start of the line",
    ]);
    assert.deepEqual(problems({ ...valid, title: "A\x01B" }), [
      'title: expected a headline without control characters, received U+0001 (a control character) after "A"',
    ]);
    assert.deepEqual(problems({ ...valid, title: "A\x1b[31mred" }), [
      'title: expected a headline without control characters, received U+001B (an escape character) after "A"',
    ]);
    assert.deepEqual(problems({ ...valid, title: "A\u0000B" }), [
      'title: expected a headline without control characters, received U+0000 (the null character) after "A"',
    ]);
    assert.deepEqual(problems({ ...valid, title: "A\uFFFEB" }), [
      'title: expected a headline without control characters, received U+FFFE (a Unicode noncharacter) after "A"',
    ]);
    assert.deepEqual(problems({ ...valid, title: "X\uD800" }), [
      'title: expected a headline without control characters, received U+D800 (half of a surrogate pair, with no other half) after "X"',
    ]);
    assert.deepEqual(problems({ ...valid, title: "A\x0BB" }), [
      'title: expected a headline without control characters, received U+000B (a vertical tab) after "A"',
    ]);
    assert.deepEqual(problems({ ...valid, title: "A\u0085B" }), [
      'title: expected a headline without control characters, received U+0085 (a control character) after "A"',
    ]);
    assert.deepEqual(
      problems({
        ...valid,
        summary: "S\x07",
        tags: ["Ukraine", "T\x07ag"],
        background: ["B\x0Cullet"],
        image: { src: "./p.jpg", alt: "A\x07lt", credit: "C", caption: "Cap\x07tion" },
        source: { name: "N\x07" },
        corrections: [{ date: "2025-03-28 09:00", text: "T\x07" }],
      }).map((p) => p.split(":")[0]),
      ["tags[1]", "source.name", "summary", "image.alt", "image.caption", "background[0]", "corrections[0].text"],
    );
    assert.deepEqual(
      authorSchema(["uk", "en"])
        .safeParse({ name: "Ulyana\x07" })
        .error?.issues.map((i) => i.message),
      ['expected the author\'s name without control characters, received U+0007 (the bell character) after "Ulyana"'],
    );
    assert.deepEqual(problems({ ...valid, source: { name: "N", url: "https://example.org/a\x07b" } }), [
      'source.url: expected a web address without control characters, received U+0007 (the bell character) after "https://example.org/a"',
    ]);
    // Emoji (surrogate pairs), tabs and line breaks are text.
    assert.equal(parse({ ...valid, title: "🇺🇦 Paris\ttalks", summary: "Line one\nline two" }).title, "🇺🇦 Paris\ttalks");
  });

  it("finds the first forbidden character among emoji and valid pairs, and shows it in messages", () => {
    const at = (v: string) => {
      const f = forbiddenCharacter(v);
      return f && [f.index, (f.char.codePointAt(0) ?? 0).toString(16)];
    };
    assert.equal(at("🇺🇦 Київ — e\u0301 \t\n\r ok 😀"), undefined);
    assert.deepEqual(at("🇺🇦\uDC00"), [4, "dc00"]);
    assert.deepEqual(at("a\uD800\uD83D\uDE00"), [1, "d800"]);
    assert.deepEqual(at("😀\uD83D"), [2, "d83d"]);
    assert.deepEqual(at("😀 \u{1FFFE}"), [3, "1fffe"]);
    assert.deepEqual(at("ok\u0085"), [2, "85"]);
    assert.deepEqual(at("ok\uFDD0"), [2, "fdd0"]);
    assert.equal(describeValue("a\x1b[2Jb"), '"a<U+001B>[2Jb"');
    assert.deepEqual(problems({ ...valid, draft: "a\x1b[2J" }), ['draft: expected true or false, received "a<U+001B>[2J"']);
  });

  it(`caps tags at ${MAX_TAGS} per article`, () => {
    const tags = Array.from({ length: 10_000 }, (_, i) => `Tag ${i}`);
    assert.deepEqual(problems({ ...valid, tags }), [`tags: expected at most ${MAX_TAGS} tags, received 10000`]);
    assert.equal(parse({ ...valid, tags: tags.slice(0, MAX_TAGS) }).tags.length, MAX_TAGS);
  });

  it("suggests the section an editor probably meant", () => {
    assert.deepEqual(problems({ ...valid, section: "War" }), [
      'section: expected a section (one of: news, war), received "War", did you mean "war"?',
    ]);
    assert.deepEqual(problems({ ...valid, section: "sport" }), ['section: expected a section (one of: news, war), received "sport"']);
  });

  it("rejects unknown fields", () => {
    assert.deepEqual(problems({ ...valid, titel: "x" }), [': Unrecognized key: "titel"']); // worded for editors by issuesToProblems
  });
});
