/**
 * The CMS configuration (`/admin/config.yml`, read by Decap CMS), generated from the schemas so it
 * cannot drift from what `npm run check` accepts: one collection of articles per edition, the
 * authors, and the static pages when the site has a page schema (src/schema/page.ts). Each schema
 * field becomes the widget that fits its kind; required fields, limits, patterns and their error
 * texts come from the schema; help texts from the schema's descriptions or src/cms/hints.ts.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { stringify } from "yaml";
import type { z } from "zod";
import { PROJECT_ROOT } from "../project.ts";
import { articleSchema, type SchemaContext } from "../schema/article.ts";
import { authorSchema } from "../schema/author.ts";
import type { EditionConfig, SiteConfig } from "../schema/site.ts";
import { importTs } from "../ts-import.ts";
import { HINTS } from "./hints.ts";
import { describeObject, type SchemaField } from "./introspect.ts";

/** A Decap field (https://decapcms.org/docs/widgets/). */
export interface CmsField {
  name: string;
  label: string;
  widget: string;
  required?: boolean;
  hint?: string;
  [option: string]: unknown;
}

export interface CmsCollection {
  name: string;
  label: string;
  fields: CmsField[];
  [option: string]: unknown;
}

export interface CmsConfig {
  collections: CmsCollection[];
  [option: string]: unknown;
}

export type CmsKind = "article" | "author" | "page";

/** The page schema, when the site has one (src/schema/page.ts: a zod object, or a function of the article's context returning one). */
export async function pageSchema(ctx: SchemaContext, file = path.join(PROJECT_ROOT, "src/schema/page.ts")): Promise<z.ZodType | undefined> {
  if (!existsSync(file)) return undefined;
  const module = await importTs(pathToFileURL(file).href);
  for (const value of Object.values(module)) {
    let candidate: unknown = value;
    if (typeof value === "function" && !("_zod" in value)) {
      try {
        candidate = (value as (c: SchemaContext) => unknown)(ctx);
      } catch {
        // A helper of the module, not the schema's factory.
        continue;
      }
    }
    if (candidate && typeof candidate === "object" && "_zod" in candidate) {
      const def = (candidate as { _zod: { def: { type: string } } })._zod.def;
      if (def.type === "object") return candidate as z.ZodType;
    }
  }
  return undefined;
}

export interface CmsOptions {
  /** `npm start`: the local backend (decap-server's API at this URL) and no editorial workflow (it writes files directly). */
  localBackend?: string;
  /** Tags in use per edition, most used first: offered in the tags field's help text. */
  tags?: ReadonlyMap<string, readonly string[]>;
  /** Where the site lives (`/` or `/news-site/`): the media of the global library. */
  basePath?: string;
  /** Which editions have a page folder (content/pages/<edition>/). */
  pageEditions?: readonly string[];
  /** The page schema's module (tests); src/schema/page.ts by default. */
  pageSchemaFile?: string;
}

const LABEL_OVERRIDES: Record<string, string> = { translationKey: "Translation key", src: "Photo", url: "Web address", alt: "Alt text" };

function label(name: string): string {
  if (LABEL_OVERRIDES[name]) return LABEL_OVERRIDES[name];
  const words = name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const DATE_FORMAT = { format: "YYYY-MM-DD HH:mm", date_format: "YYYY-MM-DD", time_format: "HH:mm", picker_utc: false };

interface FieldContext {
  kind: CmsKind;
  edition?: EditionConfig;
  config: SiteConfig;
  options: CmsOptions;
}

function hintOf(field: SchemaField, key: string, extra?: string): string | undefined {
  // A per-language form (`author.name.uk`) says what its field says, in that language.
  const perLanguage = /^(author\.(?:name|bio))\.([a-z]{2,3})$/.exec(key);
  const text =
    field.description ??
    HINTS[key] ??
    (perLanguage ? `${HINTS[perLanguage[1] as string] ?? ""} In the "${perLanguage[2]}" edition's language.`.trim() : undefined);
  return [text, extra].filter(Boolean).join(" ") || undefined;
}

/** One schema field as a Decap field; `key` is its path (`article.image.src`). */
export function cmsField(field: SchemaField, key: string, ctx: FieldContext): CmsField {
  const base = { name: field.name, label: label(field.name), required: field.required };
  const hint = (extra?: string) => {
    const h = hintOf(field, key, extra);
    return h ? { hint: h } : {};
  };
  const pattern = field.pattern ? { pattern: [field.pattern.source, field.pattern.message] } : {};
  const lang = ctx.edition?.lang ?? ctx.config.editions[0]?.lang ?? "en";
  // Intentions the types cannot tell: a photo path, ids of authors, the edition's language.
  if (key === "article.image.src" || key === "author.photo") return { ...base, widget: "image", choose_url: false, ...hint() };
  if (key === "article.authors") {
    // An author file's name is one text or a form per language (src/schema/author.ts), and a site may
    // hold both: the search looks at every form, and the picker shows the author's id (the file name,
    // made from the Latin name), which every author file has.
    const languages = ctx.config.editions.map((e) => e.lang);
    const nameField = describeObject(authorSchema(languages), { candidates: languages }).find((f) => f.name === "name");
    const forms = nameField?.kind === "object" ? ["name", ...[lang, ...languages.filter((l) => l !== lang)].map((l) => `name.${l}`)] : ["name"];
    return {
      ...base,
      widget: "relation",
      collection: "authors",
      value_field: "{{slug}}",
      search_fields: forms,
      display_fields: ["{{slug}}"],
      multiple: true,
      ...(field.minItems ? { min: field.minItems } : {}),
      ...hint(),
    };
  }
  if (key === "article.lang") return { ...base, widget: "hidden", default: lang, ...hint() };
  if (key === "article.tags") {
    const used = ctx.edition ? (ctx.options.tags?.get(ctx.edition.id) ?? []) : [];
    const offered = used.length ? `Tags in use: ${used.slice(0, 20).join(", ")}.` : undefined;
    return {
      ...base,
      widget: "list",
      allow_add: true,
      ...(field.minItems ? { min: field.minItems } : {}),
      ...(field.maxItems ? { max: field.maxItems } : {}),
      ...hint(offered),
    };
  }
  switch (field.kind) {
    case "date":
      return { ...base, widget: "datetime", ...DATE_FORMAT, ...(field.required ? {} : { default: "" }), ...hint() };
    case "boolean":
      return { ...base, widget: "boolean", default: false, ...hint() };
    case "number":
      return {
        ...base,
        widget: "number",
        value_type: "float",
        ...(field.min !== undefined ? { min: field.min } : {}),
        ...(field.max !== undefined ? { max: field.max } : {}),
        step: 0.05,
        ...hint(),
      };
    case "choice": {
      const titles = new Map(ctx.config.sections.map((s) => [s.id, s.title[lang] ?? s.id]));
      return { ...base, widget: "select", options: (field.options ?? []).map((o) => ({ label: titles.get(o) ?? o, value: o })), ...hint() };
    }
    case "object": {
      // Decap checks an optional object's required fields even when the object is left empty (an
      // article without a photo could not be saved): inside an optional object they are optional
      // in the form, say so, and the check (the local backend, `npm run check`) requires them.
      const inner = (field.fields ?? []).map((f) =>
        field.required || !f.required
          ? f
          : { ...f, required: false, description: `${hintOf(f, `${key}.${f.name}`) ?? ""} Required with ${label(field.name).toLowerCase()}.`.trim() },
      );
      return { ...base, widget: "object", collapsed: false, fields: inner.map((f) => cmsField(f, `${key}.${f.name}`, ctx)), ...hint() };
    }
    case "list":
    case "tuple": {
      const item = field.item as SchemaField;
      const limits = { ...(field.minItems ? { min: field.minItems } : {}), ...(field.maxItems ? { max: field.maxItems } : {}) };
      if (item.kind === "object") {
        return {
          ...base,
          widget: "list",
          collapsed: false,
          ...limits,
          fields: (item.fields ?? []).map((f) => cmsField(f, `${key}.${f.name}`, ctx)),
          ...hint(),
        };
      }
      const one = cmsField({ ...item, name: field.name, required: true }, key, ctx);
      const { name: _n, label: _l, hint: _h, required: _r, ...itemOptions } = one;
      return { ...base, widget: "list", ...limits, field: { name: field.name, label: label(field.name), ...itemOptions }, ...hint() };
    }
    case "string":
      return { ...base, widget: (field.maxLength ?? 0) > 300 ? "text" : "string", ...pattern, ...hint() };
    default:
      throw new Error(`src/cms/config.ts: no CMS widget for the schema field ${key} (a ${field.kind}); add one`);
  }
}

/** The schema's fields as the CMS's, plus the Markdown body of articles and pages. */
export function collectionFields(fields: readonly SchemaField[], kind: CmsKind, ctx: FieldContext, body: boolean): CmsField[] {
  const out = fields.map((f) => cmsField(f, `${kind}.${f.name}`, ctx));
  if (body) out.push({ name: "body", label: "Text", widget: "markdown", required: false, hint: HINTS[`${kind}.body`] });
  return out;
}

function schemaContext(config: SiteConfig, edition: EditionConfig): SchemaContext {
  return {
    timeZone: edition.timeZone ?? config.timeZone,
    sectionIds: config.sections.map((s) => s.id),
    languages: config.editions.map((e) => e.lang),
  };
}

function candidates(config: SiteConfig): string[] {
  return [...config.sections.map((s) => s.id), ...config.editions.map((e) => e.lang)];
}

/** The whole configuration. */
export async function cmsConfig(config: SiteConfig, options: CmsOptions = {}): Promise<CmsConfig> {
  const collections: CmsCollection[] = [];
  for (const edition of config.editions) {
    const ctx: FieldContext = { kind: "article", edition, config, options };
    const fields = describeObject(articleSchema(schemaContext(config, edition)), { candidates: candidates(config) });
    collections.push({
      name: `articles-${edition.id}`,
      label: `${edition.name}: articles (${edition.id})`,
      label_singular: `article (${edition.id})`,
      description: `Articles of the ${edition.id} edition, in content/articles/${edition.id}/ (${edition.lang}).`,
      folder: `content/articles/${edition.id}`,
      create: true,
      extension: "md",
      format: "frontmatter",
      // content/articles/eng/2025/03/<slug>.md: the month of the date field, the headline as the file name.
      path: "{{year}}/{{month}}/{{slug}}",
      slug: "{{slug}}",
      identifier_field: "title",
      summary: "{{title}} ({{date}})",
      sortable_fields: ["date", "title"],
      // Photos next to the article, referenced relative to it (./photo.jpg).
      media_folder: "",
      public_folder: "",
      fields: collectionFields(fields, "article", ctx, true),
    });
  }
  const languages = config.editions.map((e) => e.lang);
  const authorFields = describeObject(authorSchema(languages), { candidates: languages });
  const nameField = authorFields.find((f) => f.name === "name");
  collections.push({
    name: "authors",
    label: "Authors",
    label_singular: "author",
    folder: "content/authors",
    create: true,
    extension: "yaml",
    format: "yaml",
    slug: "{{slug}}",
    identifier_field: nameField?.kind === "object" ? `name.${languages[0]}` : "name",
    media_folder: "",
    public_folder: "",
    fields: collectionFields(authorFields, "author", { kind: "author", config, options }, false),
  });
  for (const edition of config.editions) {
    if (!options.pageEditions?.includes(edition.id)) continue;
    const schema = await pageSchema(schemaContext(config, edition), options.pageSchemaFile);
    if (!schema) break;
    const fields = describeObject(schema, { candidates: candidates(config) });
    collections.push({
      name: `pages-${edition.id}`,
      label: `${edition.name}: pages (${edition.id})`,
      label_singular: `page (${edition.id})`,
      folder: `content/pages/${edition.id}`,
      create: true,
      extension: "md",
      format: "frontmatter",
      slug: "{{slug}}",
      media_folder: "",
      public_folder: "",
      fields: collectionFields(fields, "page", { kind: "page", edition, config, options }, true),
    });
  }
  const backend = config.cms.backend;
  return {
    ...(options.localBackend
      ? { backend: { name: "proxy", proxy_url: options.localBackend, branch: backend?.branch ?? "main" } }
      : {
          backend: {
            name: backend?.name ?? "github",
            repo: backend?.repo,
            branch: backend?.branch ?? "main",
            ...(backend?.baseUrl ? { base_url: backend.baseUrl } : {}),
            commit_messages: { create: "Create {{collection}} “{{slug}}”", update: "Update {{collection}} “{{slug}}”" },
          },
          publish_mode: "editorial_workflow",
        }),
    // Uploads outside a collection's own field go to one folder; articles' photos go next to them.
    media_folder: "content/media",
    public_folder: `${options.basePath ?? "/"}media`,
    site_url: config.baseUrl,
    locale: "en",
    // Cyrillic headlines keep their letters in the file name; `npm run check` transliterates it.
    slug: { encoding: "unicode", clean_accents: false, sanitize_replacement: "-" },
    collections,
  };
}

export function cmsConfigYaml(config: CmsConfig): string {
  return `# Generated from the schemas by src/cms/config.ts: do not edit.\n${stringify(config, { lineWidth: 0 })}`;
}
