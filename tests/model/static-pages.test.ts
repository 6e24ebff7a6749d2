/** Static pages (content/pages/<edition>/<name>.md): their schema, their checks, their order and their translations. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatProblem, type Problem } from "../../src/errors/problem.ts";
import { footerOrder, parseStaticPage, staticPageLinks } from "../../src/model/static-pages.ts";
import { SiteConfigSchema } from "../../src/schema/site.ts";
import { DEFAULT_CONFIG } from "../helpers/site.ts";

const config = SiteConfigSchema.parse(DEFAULT_CONFIG);

function parse(file: string, text: string) {
  const problems: Problem[] = [];
  const page = parseStaticPage(file, Buffer.from(text), config, problems);
  return { page, problems: problems.map(formatProblem) };
}

describe("a static page", () => {
  it("is published at its edition's prefix and file name, with the edition's typography and a description", () => {
    const { page, problems } = parse(
      "content/pages/eng/about.md",
      `---\ntitle: 'About "us"'\nupdated: 2025-03-01 10:00\norder: 1\n---\nWe're a newsroom.\n\nMore.\n`,
    );
    assert.deepEqual(problems, []);
    assert.ok(page);
    assert.deepEqual(
      [page.url, page.slug, page.edition, page.title, page.description, page.order],
      ["/eng/about/", "about", "eng", "About “us”", "We’re a newsroom.", 1],
    );
    assert.equal(page.updated?.toISO(), "2025-03-01T10:00:00.000+02:00");
    assert.equal(parse("content/pages/uk/pro-nas.md", `---\ntitle: Про "нас"\n---\nТекст.\n`).page?.url, "/pro-nas/");
    assert.equal(parse("content/pages/uk/pro-nas.md", `---\ntitle: Про "нас"\n---\nТекст.\n`).page?.title, "Про «нас»");
  });

  it("reports each problem with its file, line and field", () => {
    const { page, problems } = parse(
      "content/pages/eng/about.md",
      `---\ntitel: About\nupdated: 2025-03-01\norder: first\n---\nA bell\x07 here.\n\n![A photo](./photo.jpg)\n`,
    );
    assert.equal(page, undefined);
    assert.deepEqual(problems, [
      "content/pages/eng/about.md:2  title: required: expected a page title, received nothing",
      'content/pages/eng/about.md:3  updated: expected a date with a time such as "2025-03-01 13:15", received "2025-03-01" without a time',
      'content/pages/eng/about.md:4  order: expected a whole number such as 1, received "first"',
      'content/pages/eng/about.md:2  titel: unknown field, did you mean "title"? (known fields: title, summary, updated, order)',
      'content/pages/eng/about.md:6  expected page text without control characters, received U+0007 (the bell character) after "A bell"',
      "content/pages/eng/about.md:8  expected text and links only, received an image: a page carries no photos (link to an article that has it)",
    ]);
  });

  it("needs text, a file name that is a URL segment, and a place in an edition's folder", () => {
    assert.deepEqual(parse("content/pages/eng/about.md", "---\ntitle: About\n---\n\n").problems, [
      "content/pages/eng/about.md:3  expected the page's text after the closing ---, received nothing",
    ]);
    assert.deepEqual(parse("content/pages/eng/About Us.md", "---\ntitle: About\n---\nText.\n").problems, [
      'content/pages/eng/About Us.md:1  expected a file name of lowercase letters, digits and hyphens (the page\'s URL), received "About Us.md": rename the file to about-us.md',
    ]);
    assert.deepEqual(parse("content/pages/fr/about.md", "---\ntitle: About\n---\nText.\n").problems, [
      'content/pages/fr/about.md:1  expected a page directly in an edition\'s folder (content/pages/uk/, content/pages/eng/), received the folder "fr"',
    ]);
    assert.deepEqual(parse("content/pages/eng/policies/ethics.md", "---\ntitle: Ethics\n---\nText.\n").problems, [
      'content/pages/eng/policies/ethics.md:1  expected a page directly in an edition\'s folder (content/pages/uk/, content/pages/eng/), received the folder "eng/policies"',
    ]);
    assert.deepEqual(parse("content/pages/about.md", "---\ntitle: About\n---\nText.\n").problems, [
      "content/pages/about.md:1  expected a page directly in an edition's folder (content/pages/uk/, content/pages/eng/), received a file directly in content/pages/",
    ]);
  });
});

describe("static pages together", () => {
  const page = (file: string, text: string) => {
    const parsed = parse(file, text).page;
    assert.ok(parsed, file);
    return parsed;
  };
  const about = page("content/pages/eng/about.md", "---\ntitle: About\norder: 1\n---\nText.\n");
  const aboutUk = page("content/pages/uk/about.md", "---\ntitle: Про нас\norder: 1\n---\nТекст.\n");
  const contacts = page("content/pages/eng/contacts.md", "---\ntitle: Contacts\norder: 2\n---\nText.\n");
  const jobs = page("content/pages/eng/jobs.md", "---\ntitle: Jobs\n---\nText.\n");
  const ethics = page("content/pages/eng/ethics.md", "---\ntitle: Ethics\n---\nText.\n");

  it("are listed in the footer by order, then those without one by file name", () => {
    assert.deepEqual(
      footerOrder([jobs, contacts, ethics, about]).map((p) => p.slug),
      ["about", "contacts", "ethics", "jobs"],
    );
  });

  it("link the versions with one file name in each edition as hreflang alternates, the default edition's as x-default", () => {
    const links = staticPageLinks([about, aboutUk, contacts], config.editions);
    const expected = [
      { hreflang: "uk", path: "/about/" },
      { hreflang: "en", path: "/eng/about/" },
      { hreflang: "x-default", path: "/about/" },
    ];
    assert.deepEqual(links.get(about), expected);
    assert.deepEqual(links.get(aboutUk), expected);
    assert.equal(links.get(contacts), undefined);
  });
});
