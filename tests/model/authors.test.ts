import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DateTime } from "luxon";
import { ContentError } from "../../src/errors/content-error.ts";
import { buildAuthorIndex } from "../../src/model/authors.ts";
import { authorIdProblem, loadContent } from "../../src/model/load.ts";
import { prepare } from "../../src/pipeline/prepare.ts";
import { searchInput } from "../../src/pipeline/search-index.ts";
import type { Author } from "../../src/schema/author.ts";
import { ENG, memArticle, newestFirst, slugsOf } from "../helpers/articles.ts";
import { article, DEFAULT_CONFIG, makeSite } from "../helpers/site.ts";

const author = (id: string, name: string): [string, Author] => [id, { id, name: { en: name }, file: `content/authors/${id}.yaml` }];
const authors = new Map([author("zz", "Anna Zed"), author("aa", "Boris Ay"), author("nobody", "Unused Author")]);

describe("buildAuthorIndex", () => {
  it("lists only authors with articles in the edition, by name, each with their articles newest first", () => {
    const index = buildAuthorIndex(
      ENG,
      newestFirst([memArticle("a", "2025-03-26 10:00", ["X"], ["aa"]), memArticle("b", "2025-03-27 10:00", ["X"], ["aa", "zz"])]),
      authors,
    );
    assert.deepEqual(
      index.list.map((e) => [e.author.id, e.url, slugsOf(e.articles)]),
      [
        ["zz", "/eng/authors/zz/", ["b"]],
        ["aa", "/eng/authors/aa/", ["b", "a"]],
      ],
    );
    assert.equal(index.byId.has("nobody"), false);
  });
});

describe("author files", () => {
  const load = async (files: Record<string, string>): Promise<string> => {
    try {
      await loadContent(makeSite(files, { authors: {} }));
    } catch (error) {
      assert.ok(error instanceof ContentError, String(error));
      return error.message;
    }
    assert.fail("expected a ContentError");
  };

  it("takes the id from a file name that is a lowercase slug, and suggests one otherwise", () => {
    assert.equal(authorIdProblem("content/authors/olena-roshchyna.yaml", "olena-roshchyna"), undefined);
    for (const [id, suggestion] of [
      ["With Spaces", "with-spaces"],
      ["Olena", "olena"],
      ["olena_roshchyna", "olena-roshchyna"],
      ["Олена Рощина", "olena-roshchyna"],
    ]) {
      assert.equal(
        authorIdProblem(`content/authors/${id}.yaml`, id as string)?.message,
        `expected a file name of lowercase letters, digits and hyphens (the author's id, part of their page's URL), received "${id}.yaml": rename the file to ${suggestion}.yaml`,
      );
    }
  });

  it("gives every author file problem a line, says what a file that is not a mapping holds, and refuses one id twice", async () => {
    assert.equal(
      await load({
        "content/authors/empty.yaml": "",
        "content/authors/comment.yaml": "# nobody yet\n",
        "content/authors/listed.yaml": "- name: Listed\n- name: Twice\n",
        "content/authors/text.yaml": "Just a name\n",
        "content/authors/Bad Name.yaml": "name: Bad Name\n",
        "content/authors/desk/olena.yaml": "name: Olena\n",
        "content/authors/olena.yaml": "name: Olena Other\n",
      }),
      [
        "content/authors/Bad Name.yaml:1  expected a file name of lowercase letters, digits and hyphens (the author's id, part of their page's URL), received \"Bad Name.yaml\": rename the file to bad-name.yaml",
        "content/authors/comment.yaml:1  name: required: expected the author's name, received nothing",
        "content/authors/empty.yaml:1  name: required: expected the author's name, received nothing",
        "content/authors/listed.yaml:1  expected a mapping of fields such as name:, received a list",
        'content/authors/olena.yaml:1  expected a file name no other author file has, received "olena.yaml", which content/authors/desk/olena.yaml already has',
        'content/authors/text.yaml:1  expected a mapping of fields such as name:, received "Just a name"',
        "6 errors in 6 files; nothing was written.",
      ].join("\n"),
    );
  });

  it("accepts a web address and a photo path, and refuses a url that is not http(s)", async () => {
    const { authors } = await loadContent(
      makeSite({}, { authors: { "content/authors/olena.yaml": "name: Olena\nurl: https://example.com/olena\nphoto: ./olena.jpg\n" } }),
    );
    assert.deepEqual(authors.get("olena"), {
      id: "olena",
      file: "content/authors/olena.yaml",
      name: { uk: "Olena", en: "Olena" },
      url: "https://example.com/olena",
      photo: "./olena.jpg",
    });
    assert.equal(
      await load({ "content/authors/olena.yaml": "name: Olena\nurl: ftp://example.com/olena\n" }),
      [
        'content/authors/olena.yaml:2  url: expected a web address starting with https://, received "ftp://example.com/olena"',
        "1 error in 1 file; nothing was written.",
      ].join("\n"),
    );
  });

  it("reads a name and a bio per edition language, filling in a missing one from another edition", async () => {
    const three = {
      ...DEFAULT_CONFIG,
      editions: [
        ...DEFAULT_CONFIG.editions,
        { id: "rus", lang: "ru", locale: "ru", prefix: "/rus/", name: "Украинская правда" },
        { id: "deu", lang: "de", locale: "de", prefix: "/deu/", name: "Ukrajinska Prawda" },
      ],
    };
    const { authors } = await loadContent(
      makeSite(
        {},
        {
          config: three,
          authors: {
            "content/authors/olena.yaml": "name:\n  uk: Олена Рощина\n  en: Olena Roshchyna\nbio:\n  uk: Кореспондентка у Києві.\n",
            "content/authors/ivan.yaml": "name:\n  uk: Іван Петренко\n  de: Iwan Petrenko\n",
          },
        },
      ),
    );
    // ru has no form: the first Cyrillic one (uk); de has none either: the Latin one (en).
    assert.deepEqual(authors.get("olena")?.name, { uk: "Олена Рощина", en: "Olena Roshchyna", ru: "Олена Рощина", de: "Olena Roshchyna" });
    // A bio in one language is every edition's.
    assert.deepEqual(authors.get("olena")?.bio, {
      uk: "Кореспондентка у Києві.",
      en: "Кореспондентка у Києві.",
      ru: "Кореспондентка у Києві.",
      de: "Кореспондентка у Києві.",
    });
    // en has no form: the first Latin-script one (de), not the Ukrainian.
    assert.deepEqual(authors.get("ivan")?.name, { uk: "Іван Петренко", en: "Iwan Petrenko", ru: "Іван Петренко", de: "Iwan Petrenko" });
  });

  it("refuses a key that is not an edition language, a form of the wrong kind and an empty mapping, each at its line", async () => {
    assert.equal(
      await load({
        "content/authors/olena.yaml": "name:\n  ua: Олена\n  en: Olena\n  fr: Olena\nbio:\n  en: 5\n",
        "content/authors/ivan.yaml": "name: {}\nbio: [a, b]\n",
        "content/authors/petro.yaml": "name:\n  eng: Petro\n",
      }),
      [
        "content/authors/ivan.yaml:1  name: expected the author's name in at least one of the edition languages (uk, en), received an empty mapping",
        "content/authors/ivan.yaml:2  bio: expected a short biography, or one per edition language such as {uk: …, en: …}, received a list",
        'content/authors/olena.yaml:2  name.ua: expected an edition language code (uk, en), received "ua": the ISO 639 code for Ukrainian is "uk"',
        'content/authors/olena.yaml:4  name.fr: expected an edition language code (uk, en), received "fr"',
        "content/authors/olena.yaml:6  bio.en: expected a short biography, received the number 5",
        'content/authors/petro.yaml:2  name.eng: expected an edition language code (uk, en), received "eng", did you mean "en"?',
        "6 errors in 3 files; nothing was written.",
      ].join("\n"),
    );
  });

  it("gives each edition's search records, feed titles and author index the edition's form of the name", async () => {
    const dir = makeSite(
      {
        "content/articles/uk/2025/03/a.md": article({ title: "Стаття", authors: "[olena]" }),
        "content/articles/eng/2025/03/b.md": article({ title: "Story", authors: "[olena]" }),
      },
      { authors: { "content/authors/olena.yaml": "name:\n  uk: Олена Рощина\n  en: Olena Roshchyna\n" } },
    );
    const { site } = await prepare(dir, { now: DateTime.fromISO("2025-04-01T00:00:00Z"), validateOnly: true });
    assert.deepEqual(
      site.articles.map((a) => [a.edition, searchInput(site, a).authors]),
      [
        ["eng", ["Olena Roshchyna"]],
        ["uk", ["Олена Рощина"]],
      ].sort(),
    );
    assert.deepEqual(
      site.feeds.atom.filter((f) => f.url.includes("/authors/")).map((f) => f.title),
      ["Олена Рощина | Українська правда", "Olena Roshchyna | Ukrainska Pravda"],
    );
  });
});
