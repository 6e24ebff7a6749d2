/**
 * The article front matter schema: the single source of truth for what editors may
 * write. `ArticleFields` is inferred from it; `Article` adds what the pipeline derives.
 */
import { z } from "zod";
import { type DateTime, parseNewsroomDate } from "../dates.ts";
import { SLUG_PATTERN } from "../slug.ts";
import { decodePath, describe, forbiddenCharacter, httpUrl, isWebAddress, listOf, oneOf, text } from "./fields.ts";

/** At most this many tags per article: each tag is a page and a feed, so 10,000 tags would make a site of gigabytes. */
export const MAX_TAGS = 30;

/** `priority` runs from 1 (the lead story) to this; the home page shows the lead and four top stories. */
export const MAX_PRIORITY = 9;

/**
 * The text `npm run new` writes for the editor to replace, in the edition's language (src/scaffold.ts
 * writes these very strings; a language without its own gets the English). A draft may keep them;
 * a published article may not, in any of the languages.
 */
export const TEMPLATE_TEXTS = {
  en: {
    lead: "REQUIRED: the lead paragraph.",
    details: "**Details:** the body.",
    summary: "One sentence for lists and search engines",
    alt: "What the photo shows",
    credit: "Who took it",
    background: "A bullet of context",
  },
  uk: {
    lead: "ОБОВ’ЯЗКОВО: перший абзац, лід новини.",
    details: "**Подробиці:** текст новини.",
    summary: "Одне речення для списків і пошукових систем",
    alt: "Що видно на фото",
    credit: "Хто зняв фото",
    background: "Пункт передісторії",
  },
  ru: {
    lead: "ОБЯЗАТЕЛЬНО: первый абзац, лид новости.",
    details: "**Подробности:** текст новости.",
    summary: "Одно предложение для списков и поисковых систем",
    alt: "Что видно на фото",
    credit: "Кто снял фото",
    background: "Пункт предыстории",
  },
} as const;

export type TemplateText = { readonly [K in keyof (typeof TEMPLATE_TEXTS)["en"]]: string };

/** The English placeholders (the default template). */
export const TEMPLATE_TEXT: TemplateText = TEMPLATE_TEXTS.en;

/** The template of a language: its own, else the English one. */
export function templateText(lang: string): TemplateText {
  return (TEMPLATE_TEXTS as Record<string, TemplateText>)[lang] ?? TEMPLATE_TEXT;
}

export interface SchemaContext {
  /** IANA zone that naive times are read in. */
  timeZone: string;
  sectionIds: readonly string[];
  languages: readonly string[];
}

export function newsroomDate(zone: string) {
  return z
    .string({
      error: (iss) =>
        iss.input === undefined
          ? 'required: expected a date and time such as "2025-03-27 13:15", received nothing'
          : `expected a date and time such as "2025-03-27 13:15", received ${describe(iss.input)}`,
    })
    .transform((value, ctx): DateTime => {
      const parsed = parseNewsroomDate(value, zone);
      if (!parsed.ok) {
        ctx.issues.push({ code: "custom", message: parsed.message, input: value });
        return z.NEVER;
      }
      return parsed.value;
    });
}

/**
 * A path relative to the article (`./photo.jpg`); never an absolute path or `..` escape. With
 * `web`, also a web address (`https://host/photo.jpg`), whose host the site config must list
 * (checked with the photos, src/images/prepare-images.ts).
 */
function relativePath(what: string, { web = false } = {}) {
  const relative = (v: string) => !/^[a-z][a-z0-9+.-]*:/i.test(v) && !v.startsWith("/") && !v.startsWith("\\");
  return text(what, web ? 2000 : 500).refine((v) => relative(v) || (web && isWebAddress(v)), {
    error: (iss) =>
      `expected ${what} relative to the article such as "./photo.jpg"${web ? " or an https: address on a host in remoteImages.hosts" : ""}, received ${describe(iss.input)}`,
  });
}

/** One segment of an old URL: letters, digits, the punctuation URLs keep, percent escapes. */
const OLD_URL_SEGMENT = String.raw`(?:[\p{L}\p{N}._~!$&'()+,;=@-]|%[0-9A-Fa-f]{2})+`;
const OLD_URL = new RegExp(String.raw`^\/(?:${OLD_URL_SEGMENT}\/)*(?:${OLD_URL_SEGMENT})?$`, "u");

/**
 * An old URL of the article, as it was (`aliases`): a path from the site root, with or without
 * its trailing slash (`/find-help/988/partner-toolkit`), a file name (`/story.html`,
 * `/news.php`, `/item.aspx`) or percent-encoded (`/2016/11/sin%e2%80%8a-ready/`). Its redirect
 * page and `_redirects` line are placed by aliasPlace (src/model/url-registry.ts).
 */
function sitePath(what: string) {
  const example = 'such as "/eng/news/2025/03/27/old-slug/", "/find-help/partner-toolkit" or "/story.php"';
  return text(what, 300).superRefine((v, ctx) => {
    if (/[?#]/.test(v)) {
      ctx.addIssue({
        code: "custom",
        message: `expected ${what} without a query or fragment (a static site cannot tell /story.php?id=1 from /story.php?id=2), received ${describe(v)}`,
      });
      return;
    }
    const decoded = OLD_URL.test(v) ? decodePath(v) : undefined;
    const parts = decoded?.split("/") ?? [];
    if (decoded === undefined || parts.some((p) => p === "." || p === "..") || forbiddenCharacter(decoded) || /[\t\n\r]/.test(decoded)) {
      ctx.addIssue({ code: "custom", message: `expected ${what}: a path from the site root ${example}, received ${describe(v)}` });
    }
  });
}

/** `priority`: a whole number from 1 to MAX_PRIORITY, one message for every way to miss it. */
function priority() {
  const error = (iss: { input?: unknown }) => `expected a whole number from 1 (the lead story) to ${MAX_PRIORITY}, received ${describe(iss.input)}`;
  return z.number({ error }).int({ error }).min(1, { error }).max(MAX_PRIORITY, { error });
}

export function articleSchema(ctx: SchemaContext) {
  const source = z.preprocess(
    (v) => (typeof v === "string" ? { name: v } : v),
    z.strictObject(
      {
        name: text("the source's name", 300),
        url: httpUrl().optional(),
        via: text("who the source quotes", 300).optional(),
      },
      { error: (iss) => (iss.code === "invalid_type" ? `expected a source name or {name, url, via}, received ${describe(iss.input)}` : undefined) },
    ),
  );
  const size = (what: string) =>
    z
      .number({ error: (iss) => `expected the ${what} in pixels of a remote image, received ${describe(iss.input)}` })
      .int({ error: (iss) => `expected the ${what} in whole pixels, received ${describe(iss.input)}` })
      .min(1, { error: (iss) => `expected the ${what} in pixels of a remote image, received ${describe(iss.input)}` })
      .max(100_000, { error: (iss) => `expected the ${what} in pixels of a remote image, received ${describe(iss.input)}` });
  const image = z.strictObject(
    {
      // A web address is checked against remoteImages.hosts with the photos (src/images/prepare-images.ts).
      src: relativePath("an image path", { web: true }),
      alt: text("alt text describing the photo", 500),
      caption: text("a caption", 1000).optional(),
      credit: text("a photo credit", 300),
      focus: z
        .tuple([z.number().min(0).max(1), z.number().min(0).max(1)], { error: "expected a focal point [x, y] with both between 0 and 1" })
        .optional(),
      /** A remote image's size (a local photo's is read from its file): the page reserves its place before it loads. */
      width: size("width").optional(),
      height: size("height").optional(),
    },
    { error: (iss) => (iss.code === "invalid_type" ? `expected {src, alt, credit}, received ${describe(iss.input)}` : undefined) },
  );
  return z.strictObject(
    {
      title: text("a headline", 300),
      date: newsroomDate(ctx.timeZone),
      updated: newsroomDate(ctx.timeZone).optional(),
      authors: listOf(text("an author id", 100), "a list of author ids").refine((a) => a.length > 0, { error: "expected at least one author id" }),
      tags: listOf(text("a tag", 100), "a list of tags", { max: MAX_TAGS, items: "tags" }).refine((a) => a.length > 0, {
        error: "expected at least one tag",
      }),
      source: source.optional(),
      summary: text("a one-paragraph summary", 1000).optional(),
      image: image.optional(),
      background: listOf(text("a background bullet", 2000), "a list of background bullets").optional(),
      section: oneOf(ctx.sectionIds, "a section").optional(),
      slug: z
        .string({ error: (iss) => `expected a slug such as "coalition-meeting-paris", received ${describe(iss.input)}` })
        .max(100, { error: "expected a slug of at most 100 characters" })
        .regex(SLUG_PATTERN, {
          error: (iss) => `expected lowercase letters, digits and single dashes such as "coalition-meeting-paris", received ${describe(iss.input)}`,
        })
        .optional(),
      draft: z.boolean({ error: (iss) => `expected true or false, received ${describe(iss.input)}` }).optional(),
      /** Set in bold in the news feed (the seed's feed marks the day's main stories so). */
      important: z.boolean({ error: (iss) => `expected true or false, received ${describe(iss.input)}` }).optional(),
      /** The editors' order on the edition's home page: 1 is the lead story, 2 and on the top stories (src/pages/front.ts). */
      priority: priority().optional(),
      lang: z
        .string()
        .refine((v) => v !== "ua", { error: 'the ISO 639 code for Ukrainian is "uk", not "ua"' })
        .pipe(oneOf(ctx.languages, "an edition language"))
        .optional(),
      translationKey: z
        .string({ error: (iss) => `expected a key shared by the translations, received ${describe(iss.input)}` })
        .regex(/^[\p{L}\p{N}._-]{1,100}$/u, { error: "expected letters, digits, dots, dashes or underscores" })
        .optional(),
      corrections: z
        .array(
          z.strictObject(
            { date: newsroomDate(ctx.timeZone), text: text("what was corrected", 2000) },
            { error: (iss) => (iss.code === "invalid_type" ? `expected {date, text}, received ${describe(iss.input)}` : undefined) },
          ),
          { error: (iss) => `expected a list of {date, text}, received ${describe(iss.input)}` },
        )
        .optional(),
      aliases: listOf(sitePath("an old URL of this article"), "a list of old URLs such as /eng/news/2025/03/27/old-slug/").optional(),
    },
    { error: (iss) => (iss.code === "invalid_type" ? `expected front matter fields, received ${describe(iss.input)}` : undefined) },
  );
}

/** What an editor wrote, validated and normalised (dates resolved, lists as lists). */
export type ArticleFields = z.output<ReturnType<typeof articleSchema>>;

export interface FieldIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Checks between fields, on whatever fields are valid (so they are reported together with
 * the fields that are not): `updated` and corrections neither before `date` nor after the
 * build clock (`now`), or after `date` for an article still under embargo: a later time
 * would put a sitemap `lastmod` and a feed `updated` in the future.
 */
export function crossFieldIssues(a: Partial<ArticleFields>, now?: DateTime): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!a.date) return issues;
  const date = a.date;
  const embargoed = now !== undefined && date > now;
  const latest = now && !embargoed ? now.setZone(date.zone) : date;
  // As editors write times: the newsroom's clock, to the minute.
  const clock = (value: DateTime) => value.setZone(date.zone).toFormat("yyyy-MM-dd HH:mm");
  const zone = date.zoneName ?? "";
  const check = (value: DateTime, path: (string | number)[]) => {
    if (value < date) {
      issues.push({ path, message: `expected a time not earlier than date (${clock(date)} ${zone}), received ${clock(value)}` });
    } else if (now && value > latest) {
      const limit = embargoed
        ? `date (${clock(date)} ${zone}), as the article is still under embargo`
        : `the build's clock (${clock(latest)} ${zone})`;
      issues.push({ path, message: `expected a time not later than ${limit}, received ${clock(value)}` });
    }
  };
  if (a.updated) check(a.updated, ["updated"]);
  a.corrections?.forEach((fix, i) => {
    check(fix.date, ["corrections", i, "date"]);
  });
  return issues;
}

/** A validated article with everything the pipeline derives from it. */
export type Article = ArticleFields & {
  /** Source file relative to the repository. */
  file: string;
  /** Edition id (`uk`, `eng`, ...). */
  edition: string;
  slug: string;
  section: string;
  /** Site-relative URL path with the edition prefix: `/eng/news/2025/03/27/slug/`. */
  url: string;
  /** Newsroom-local day path: `/eng/news/2025/03/27/`. */
  dayUrl: string;
  /** Markdown body, rendered only when a page needs it. */
  body: string;
  /** Lead for lists and meta: `summary`, else the first paragraph as plain text. */
  description: string;
  bodyStartLine: number;
};
