import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DEFAULT_CONFIG, makeSite, read, run } from "../helpers/site.ts";

const RUS = { id: "rus", lang: "ru", locale: "ru", prefix: "/rus/", name: "Украинская правда" };

// 2025-03-27 11:15 UTC = 13:15 in Kyiv.
const CLOCK = { SOURCE_DATE_EPOCH: "1743074100" };

describe("npm run new", () => {
  it("scaffolds an English article with the newsroom time, marked required fields, authors and tags", () => {
    const dir = makeSite({});
    const result = run(dir, "new", CLOCK, [
      "Coalition meets in Paris",
      "--authors",
      "ulyana-krychkovska,anastasia-protz",
      "--tags",
      "Ukraine, France",
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), "content/articles/eng/2025/03/coalition-meets-in-paris.md");
    const text = read(dir, "content/articles/eng/2025/03/coalition-meets-in-paris.md");
    assert.match(
      text,
      /^---\ntitle: "Coalition meets in Paris"\ndate: 2025-03-27 13:15\nauthors: \["ulyana-krychkovska", "anastasia-protz"\]\ntags: \["Ukraine", "France"\]\n/,
    );
    assert.match(text, /\ndraft: true {3}# remove this line to publish\n---\nREQUIRED: the lead paragraph\./);
  });

  it("transliterates a Cyrillic headline, picks the Ukrainian edition and marks empty required fields", () => {
    const dir = makeSite({});
    const result = run(dir, "new", CLOCK, ["Зустріч коаліції охочих у Парижі"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), "content/articles/uk/2025/03/zustrich-koalitsii-okhochykh-u-paryzhi.md");
    const text = read(dir, "content/articles/uk/2025/03/zustrich-koalitsii-okhochykh-u-paryzhi.md");
    assert.match(text, /\nauthors: \[\] {3}# ОБОВ’ЯЗКОВО: id авторів із content\/authors\/\ntags: \[\] {3}# ОБОВ’ЯЗКОВО: один або кілька тегів\n/);
    assert.match(text, /\n---\nОБОВ’ЯЗКОВО: перший абзац, лід новини\.\n\n\*\*Подробиці:\*\* текст новини\.\n$/);
    const check = run(dir, "check");
    assert.equal(check.code, 1);
    assert.match(check.stderr, /zustrich-koalitsii-okhochykh-u-paryzhi\.md:4 {2}authors: expected at least one author id/);
  });

  it("writes the Russian template for a Russian headline, and the edition's own for --edition", () => {
    const dir = makeSite({}, { config: { ...DEFAULT_CONFIG, editions: [...DEFAULT_CONFIG.editions, RUS] } });
    const ru = run(dir, "new", CLOCK, ["Встреча коалиции в Париже"]);
    assert.equal(ru.code, 0, ru.stderr);
    assert.match(
      read(dir, ru.stdout.trim()),
      /\ndraft: true {3}# удалите эту строку, чтобы опубликовать\n---\nОБЯЗАТЕЛЬНО: первый абзац, лид новости\.\n\n\*\*Подробности:\*\* текст новости\.\n$/,
    );
    const en = run(dir, "new", CLOCK, ["Зустріч у Парижі", "--edition", "eng"]);
    assert.equal(en.code, 0, en.stderr);
    assert.match(read(dir, en.stdout.trim()), /\n---\nREQUIRED: the lead paragraph\.\n\n\*\*Details:\*\* the body\.\n$/);
  });

  it("never overwrites an existing file", () => {
    const dir = makeSite({});
    assert.equal(run(dir, "new", CLOCK, ["Same headline"]).code, 0);
    const again = run(dir, "new", CLOCK, ["Same headline"]);
    assert.equal(again.code, 1);
    assert.equal(again.stderr.trim(), "content/articles/eng/2025/03/same-headline.md already exists; choose another headline or edit that file");
  });

  it("takes a headline that starts with a dash", () => {
    const dir = makeSite({});
    const result = run(dir, "new", CLOCK, ["-5 killed in Kharkiv", "--tags", "Kharkiv"]);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout.trim(), "content/articles/eng/2025/03/5-killed-in-kharkiv.md");
    assert.match(read(dir, "content/articles/eng/2025/03/5-killed-in-kharkiv.md"), /^---\ntitle: "-5 killed in Kharkiv"\n/);
    const separated = run(dir, "new", CLOCK, ["--", "--3 degrees tonight"]);
    assert.equal(separated.code, 0, separated.stderr);
    assert.match(read(dir, separated.stdout.trim()), /^---\ntitle: "--3 degrees tonight"\n/);
  });

  it("refuses an unknown option with a message, not a stack trace", () => {
    const dir = makeSite({});
    const result = run(dir, "new", CLOCK, ["Paris talks", "--edtion", "eng"]);
    assert.equal(result.code, 1);
    assert.equal(
      result.stderr.trim(),
      [
        'unknown option --edtion; expected --edition, --authors or --tags (a headline that starts with "--" goes after --)',
        'usage: npm run new -- "Headline" [--edition eng] [--authors id1,id2] [--tags "Tag one,Tag two"]',
      ].join("\n"),
    );
    const missing = run(dir, "new", CLOCK, ["Paris talks", "--tags"]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^expected a value after --tags\n/);
  });
});
