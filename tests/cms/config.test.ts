/**
 * The CMS configuration against the schemas it is generated from: every schema field has a CMS
 * field that agrees on whether it is required, with a help text; the widgets fit (dates written
 * the way the schema reads them, authors as a relation, tags limited as the schema limits them).
 */
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { type CmsConfig, type CmsField, cmsConfig, cmsConfigYaml } from "../../src/cms/config.ts";
import { describeObject, type SchemaField } from "../../src/cms/introspect.ts";
import { articleSchema } from "../../src/schema/article.ts";
import { authorSchema } from "../../src/schema/author.ts";
import { type SiteConfig, SiteConfigSchema } from "../../src/schema/site.ts";
import { DEFAULT_CONFIG, PROJECT, tempDir } from "../helpers/site.ts";

const config: SiteConfig = SiteConfigSchema.parse({
  ...DEFAULT_CONFIG,
  cms: { enabled: true, backend: { name: "github", repo: "newsroom/site", branch: "main" } },
});
const ctx = { timeZone: "Europe/Kyiv", sectionIds: ["news", "war"], languages: ["uk", "en"] };
const candidates = ["news", "war", "uk", "en"];

/**
 * Schema fields without a CMS field, CMS fields the schema does not know, and disagreements on
 * required, as lines (empty: they agree). Decap's `required` is true unless set to false. Inside
 * an optional object a field the schema requires is optional in the form (Decap would demand it
 * of an empty object) and its help text says when it is required.
 */
function disagreements(schema: readonly SchemaField[], cms: readonly CmsField[], where = "", optionalParent = false): string[] {
  const lines: string[] = [];
  const byName = new Map(cms.map((f) => [f.name, f]));
  for (const field of schema) {
    const name = `${where}${field.name}`;
    const widget = byName.get(field.name);
    if (!widget) {
      lines.push(`${name}: no CMS field`);
      continue;
    }
    const required = widget.required !== false;
    if (optionalParent && field.required && !required && /Required with /.test(String(widget.hint))) {
      // required with its object: the hint says so
    } else if (required !== field.required)
      lines.push(`${name}: the schema says ${field.required ? "required" : "optional"}, the CMS ${required ? "required" : "optional"}`);
    if (!widget.hint) lines.push(`${name}: no help text`);
    if (field.fields) lines.push(...disagreements(field.fields, (widget.fields as CmsField[] | undefined) ?? [], `${name}.`, !field.required));
    if (field.item?.kind === "object")
      lines.push(...disagreements(field.item.fields ?? [], (widget.fields as CmsField[] | undefined) ?? [], `${name}.`));
  }
  for (const widget of cms)
    if (widget.name !== "body" && !schema.some((f) => f.name === widget.name)) lines.push(`${where}${widget.name}: not in the schema`);
  return lines;
}

const collection = (c: CmsConfig, name: string) => {
  const found = c.collections.find((x) => x.name === name);
  assert.ok(found, `no collection ${name} in ${c.collections.map((x) => x.name).join(", ")}`);
  return found;
};
const field = (fields: readonly CmsField[], name: string) => {
  const found = fields.find((f) => f.name === name);
  assert.ok(found, `no field ${name}`);
  return found;
};

describe("the CMS configuration", async () => {
  const generated = await cmsConfig(config, { tags: new Map([["eng", ["Ukraine", "France"]]]) });
  const articleFields = describeObject(articleSchema(ctx), { candidates });

  it("has every article field of the schema, agreeing on required, with a help text, in every edition", () => {
    for (const edition of ["uk", "eng"]) {
      assert.deepEqual(disagreements(articleFields, collection(generated, `articles-${edition}`).fields), []);
    }
    const authors = describeObject(authorSchema(ctx.languages), { candidates });
    assert.deepEqual(disagreements(authors, collection(generated, "authors").fields), []);
  });

  it("fails when a schema field has no CMS field or they disagree on required", () => {
    const fields = collection(generated, "articles-eng").fields;
    const withoutTags = fields.filter((f) => f.name !== "tags");
    const optionalTitle = fields.map((f) => (f.name === "title" ? { ...f, required: false } : f));
    const noCredit = fields.map((f) => (f.name === "image" ? { ...f, fields: (f.fields as CmsField[]).filter((x) => x.name !== "credit") } : f));
    assert.deepEqual(disagreements(articleFields, withoutTags), ["tags: no CMS field"]);
    assert.deepEqual(disagreements(articleFields, optionalTitle), ["title: the schema says required, the CMS optional"]);
    assert.deepEqual(disagreements(articleFields, noCredit), ["image.credit: no CMS field"]);
  });

  it("puts each edition's articles in its folder, by year and month, and their photos next to them", () => {
    const eng = collection(generated, "articles-eng");
    assert.equal(eng.folder, "content/articles/eng");
    assert.equal(eng.path, "{{year}}/{{month}}/{{slug}}");
    assert.equal(eng.extension, "md");
    assert.equal(eng.media_folder, "");
    assert.equal(eng.public_folder, "");
    assert.equal(field(eng.fields, "body").widget, "markdown");
    assert.deepEqual(generated.slug, { encoding: "unicode", clean_accents: false, sanitize_replacement: "-" });
    const authors = collection(generated, "authors");
    assert.equal(authors.folder, "content/authors");
    assert.equal(authors.extension, "yaml");
  });

  it("gives each field the widget that fits", () => {
    const fields = collection(generated, "articles-eng").fields;
    const date = field(fields, "date");
    assert.equal(date.widget, "datetime");
    assert.equal(date.format, "YYYY-MM-DD HH:mm");
    assert.equal(date.picker_utc, false);
    // What the picker writes is what the schema reads as Kyiv time.
    const parsed = articleSchema(ctx).shape.date.parse("2025-03-27 13:15");
    assert.equal(parsed.toISO(), "2025-03-27T13:15:00.000+02:00");
    assert.deepEqual(
      { ...field(fields, "authors") },
      {
        name: "authors",
        label: "Authors",
        required: true,
        widget: "relation",
        collection: "authors",
        value_field: "{{slug}}",
        search_fields: ["name", "name.en", "name.uk"],
        display_fields: ["{{slug}}"],
        multiple: true,
        min: 1,
        hint: "One or more authors (files in content/authors/).",
      },
    );
    const tags = field(fields, "tags");
    assert.equal(tags.widget, "list");
    assert.equal(tags.min, 1);
    assert.equal(tags.max, 30);
    assert.match(tags.hint as string, /Tags in use: Ukraine, France\.$/);
    const source = field(fields, "source");
    assert.equal(source.widget, "object");
    assert.deepEqual(
      (source.fields as CmsField[]).map((f) => [f.name, f.widget, f.required]),
      [
        ["name", "string", false],
        ["url", "string", false],
        ["via", "string", false],
      ],
    );
    const image = field(fields, "image");
    assert.deepEqual(
      (image.fields as CmsField[]).map((f) => [f.name, f.widget, f.required]),
      [
        ["src", "image", false],
        ["alt", "text", false],
        ["caption", "text", false],
        ["credit", "string", false],
        ["focus", "list", false],
        ["width", "number", false],
        ["height", "number", false],
      ],
    );
    assert.equal((image.fields as CmsField[])[1]?.hint, "What the photo shows, for readers who cannot see it. Required with image.");
    const focus = (image.fields as CmsField[])[4] as CmsField;
    assert.deepEqual(
      [focus.min, focus.max, (focus.field as CmsField).widget, (focus.field as CmsField).min, (focus.field as CmsField).max],
      [2, 2, "number", 0, 1],
    );
    assert.equal((field(fields, "background").field as CmsField).widget, "text");
    assert.deepEqual(field(fields, "section").options, [
      { label: "News", value: "news" },
      { label: "War", value: "war" },
    ]);
    assert.deepEqual(field(collection(generated, "articles-uk").fields, "section").options, [
      { label: "Новини", value: "news" },
      { label: "Війна", value: "war" },
    ]);
    assert.deepEqual(
      (field(fields, "corrections").fields as CmsField[]).map((f) => [f.name, f.widget]),
      [
        ["date", "datetime"],
        ["text", "text"],
      ],
    );
    assert.equal(field(fields, "aliases").widget, "list");
    assert.equal(field(fields, "translationKey").widget, "string");
    assert.equal(field(fields, "draft").widget, "boolean");
    assert.deepEqual([field(fields, "lang").widget, field(fields, "lang").default], ["hidden", "en"]);
  });

  it("carries the schema's simple rules with the schema's own error text", () => {
    const slug = field(collection(generated, "articles-eng").fields, "slug");
    const result = articleSchema(ctx).shape.slug.safeParse("Not A Slug");
    assert.ok(!result.success);
    assert.deepEqual(slug.pattern, [
      "^[a-z0-9]+(?:-[a-z0-9]+)*$",
      'expected lowercase letters, digits and single dashes such as "coalition-meeting-paris"',
    ]);
    assert.ok(result.error.issues[0]?.message.startsWith((slug.pattern as string[])[1] as string));
  });

  it("uses the editorial workflow with the git host, and the local backend without it under npm start", async () => {
    assert.deepEqual(generated.backend, {
      name: "github",
      repo: "newsroom/site",
      branch: "main",
      commit_messages: { create: "Create {{collection}} “{{slug}}”", update: "Update {{collection}} “{{slug}}”" },
    });
    assert.equal(generated.publish_mode, "editorial_workflow");
    const local = await cmsConfig(config, { localBackend: "/admin/api/v1" });
    assert.deepEqual(local.backend, { name: "proxy", proxy_url: "/admin/api/v1", branch: "main" });
    assert.equal(local.publish_mode, undefined);
    // The YAML is what Decap reads.
    assert.deepEqual(parse(cmsConfigYaml(local)), JSON.parse(JSON.stringify(local)));
  });

  it("adds a collection of pages per edition with a page folder when the site has a page schema", async () => {
    const dir = tempDir("newsroom-page-schema-");
    const file = path.join(dir, "page.ts");
    writeFileSync(
      file,
      `import { z } from ${JSON.stringify(path.join(PROJECT, "node_modules/zod/index.js"))};\nexport const PageSchema = z.strictObject({ title: z.string(), menu: z.boolean().optional() });\n`,
    );
    const withPages = await cmsConfig(config, { pageEditions: ["eng"], pageSchemaFile: file });
    const pages = collection(withPages, "pages-eng");
    assert.equal(pages.folder, "content/pages/eng");
    assert.deepEqual(
      pages.fields.map((f) => [f.name, f.widget, f.required]),
      [
        ["title", "string", true],
        ["menu", "boolean", false],
        ["body", "markdown", false],
      ],
    );
    assert.ok(!withPages.collections.some((c) => c.name === "pages-uk"), "no folder, no collection");
    const without = await cmsConfig(config, { pageEditions: ["eng"], pageSchemaFile: path.join(dir, "none.ts") });
    assert.ok(!without.collections.some((c) => c.name.startsWith("pages-")));
  });

  it("gives authors' per-edition names one field per language", async () => {
    const { z } = await import("zod");
    const fields = describeObject(z.strictObject({ name: z.union([z.string(), z.record(z.enum(["uk", "en"]), z.string())]) }), { candidates });
    assert.deepEqual(fields[0]?.kind, "object");
    assert.deepEqual(
      fields[0]?.fields?.map((f) => f.name),
      ["uk", "en"],
    );
  });
});
