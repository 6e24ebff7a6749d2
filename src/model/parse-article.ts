/**
 * One article file in, a typed Article or its problems out. Pure (no I/O), so the
 * fuzz tests can throw anything at it: it returns, it never throws.
 */
import path from "node:path";
import { decodeUtf8, parseFrontMatter } from "../content/front-matter.ts";
import { firstParagraph, MAX_NESTING, tooDeepLine, typography } from "../content/markdown.ts";
import { yamlFieldLines } from "../content/yaml-positions.ts";
import { buildClock, type DateTime, dayParts } from "../dates.ts";
import type { Problem } from "../errors/problem.ts";
import { type Article, type ArticleFields, articleSchema, crossFieldIssues, TEMPLATE_TEXTS } from "../schema/article.ts";
import type { Author } from "../schema/author.ts";
import { describeForbidden, forbiddenCharacter } from "../schema/fields.ts";
import { fieldPath, issuesToProblems, knownKeysOf, type LocateContext, lineOf, suggest } from "../schema/issues.ts";
import type { EditionConfig, SiteConfig } from "../schema/site.ts";
import { RESERVED_SLUGS, fileSlug as slugFromFileName } from "../slug.ts";
import { dayUrl as dayPath } from "./paths.ts";

export const ARTICLES_DIR = "content/articles";

export interface ArticleEnv {
  config: SiteConfig;
  authors: ReadonlyMap<string, Author>;
  authorIds: string[];
  schemas: Map<string, ReturnType<typeof articleSchema>>;
  knownKeys: Record<string, readonly string[]>;
  /** The build clock: `updated` and corrections may not be later (see crossFieldIssues). */
  now: DateTime;
}

export function articleEnv(config: SiteConfig, authors: ReadonlyMap<string, Author>, now: DateTime = buildClock()): ArticleEnv {
  const languages = config.editions.map((x) => x.lang);
  const sectionIds = config.sections.map((s) => s.id);
  const schemas = new Map(config.editions.map((e) => [e.id, articleSchema({ timeZone: e.timeZone ?? config.timeZone, sectionIds, languages })]));
  const knownKeys = knownKeysOf(articleSchema({ timeZone: "UTC", sectionIds: [], languages: [] }));
  return { config, authors, authorIds: [...authors.keys()].sort(), schemas, knownKeys, now };
}

export type ParsedArticle =
  | { ok: true; article: Article; fileSlug: string; locate: (path: PropertyKey[]) => number }
  | { ok: false; problems: Problem[]; unparsed?: Unparsed };

/**
 * What can still be checked of an article that failed (src/pipeline/prepare.ts): the fields it
 * has valid, and its text, so an editor gets every error in one run.
 */
export type Unparsed = Pick<Article, "file" | "aliases" | "image" | "body" | "bodyStartLine">;

export function parseArticle(file: string, bytes: Uint8Array, env: ArticleEnv): ParsedArticle {
  const fail = (line: number | undefined, message: string, column?: number, field = ""): ParsedArticle => ({
    ok: false,
    problems: [{ file, line, column, field, message, severity: "error" }],
  });
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return fail(decoded.error.line, decoded.error.message);
  const parsed = parseFrontMatter(decoded.text);
  if (!parsed.ok) return fail(parsed.error.line, parsed.error.message, parsed.error.column);
  const fm = parsed.value;
  const ctx: LocateContext = { file, line: yamlFieldLines(fm.yamlText, fm.yamlStartLine), knownKeys: env.knownKeys };
  const edition = editionOf(file, fm.data, env.config);
  const schema = env.schemas.get(edition.id) as ReturnType<typeof articleSchema>;
  const result = schema.safeParse(fm.data);
  const problems: Problem[] = result.success ? [] : issuesToProblems(result.error.issues, ctx);
  // Whatever fields are valid are checked further even when others are not: every problem at once.
  const fields: Partial<ArticleFields> = result.success ? result.data : validFields(schema, fm.data);
  const problem = (field: string, path: PropertyKey[], message: string) =>
    problems.push({ file, line: lineOf(ctx, path), field, message, severity: "error" });

  fields.authors?.forEach((id, n) => {
    if (env.authors.has(id)) return;
    const hint = suggest(id, env.authorIds);
    const known = env.authorIds.join(", ") || "none";
    problem(
      `authors[${n}]`,
      ["authors", n],
      `unknown author "${id}"${hint ? `, did you mean "${hint}"?` : ""} (known ids: ${known}; add content/authors/${id}.yaml for a new author)`,
    );
  });
  if (fields.lang && fields.lang !== edition.lang) {
    problem("lang", ["lang"], `expected "${edition.lang}" for an article in the ${edition.id} folder, received "${fields.lang}"`);
  }
  for (const issue of crossFieldIssues(fields, env.now)) problem(fieldPath(issue.path), issue.path, issue.message);
  const base = path.basename(file, ".md");
  const fileSlug = slugFromFileName(base, edition.lang);
  const slug = fields.slug ?? fileSlug;
  if (!slug) problem("slug", ["slug"], "expected a file name or slug with letters or digits, received none");
  else if (RESERVED_SLUGS.has(slug)) problem("slug", ["slug"], `expected a slug other than the reserved name "${slug}"`);
  const bodyProblem = (index: number, message: string) =>
    problems.push({ file, line: fm.bodyStartLine + lineAt(fm.body, index), field: "", message, severity: "error" });
  // A brief: no text, but a summary or a source link to the original. Neither is nothing to publish.
  const brief = fm.body.trim() === "";
  if (brief) fm.body = "";
  if (brief && !(fields.summary ?? data(fm.data, "summary")) && !(fields.source?.url ?? sourceUrl(fm.data))) {
    problems.push({
      file,
      line: fm.closeLine,
      field: "",
      message: "expected the article text after the closing ---, received nothing (a brief without text needs a summary or a source with a url)",
      severity: "error",
    });
  }
  const forbidden = forbiddenCharacter(fm.body);
  if (forbidden) bodyProblem(forbidden.index, `expected article text without control characters, received ${describeForbidden(fm.body, forbidden)}`);
  const deep = tooDeepLine(fm.body);
  if (deep !== undefined) {
    problems.push({
      file,
      line: fm.bodyStartLine + deep,
      field: "",
      message: `expected lists and quotes nested at most ${MAX_NESTING} levels deep (a list in a list counts two, a quote in a quote one), received deeper nesting; its text and what follows would be lost`,
      severity: "error",
    });
  }
  // The template's placeholders may stay in a draft, never in a published article.
  if (fields.draft !== true) {
    const placeholder = (field: string, path: PropertyKey[], value: string) =>
      problem(field, path, `expected your own text, received the template's placeholder "${value}" (only a draft may keep it)`);
    // Every language's: an article moved to another edition's folder keeps the template it had.
    for (const template of Object.values(TEMPLATE_TEXTS)) {
      for (const value of [template.lead, template.details]) {
        const at = fm.body.indexOf(value);
        if (at !== -1) bodyProblem(at, `expected the article's own text, received the template's placeholder "${value}" (only a draft may keep it)`);
      }
      if (fields.summary === template.summary) placeholder("summary", ["summary"], template.summary);
      if (fields.image?.alt === template.alt) placeholder("image.alt", ["image", "alt"], template.alt);
      if (fields.image?.credit === template.credit) placeholder("image.credit", ["image", "credit"], template.credit);
      fields.background?.forEach((bullet, i) => {
        if (bullet === template.background) placeholder(`background[${i}]`, ["background", i], bullet);
      });
    }
  }
  if (!result.success || problems.length || !fields.date)
    return { ok: false, problems, unparsed: { file, aliases: fields.aliases, image: fields.image, body: fm.body, bodyStartLine: fm.bodyStartLine } };
  const valid = fields as ArticleFields;

  const { year, month, day } = dayParts(valid.date);
  const dayUrl = dayPath(edition, year, month, day);
  // Headline, summary and caption get the body's quotes and apostrophes (src/content/markdown.ts QUOTES).
  const typeset = (text: string) => typography(text, edition.lang);
  const title = typeset(valid.title);
  const summary = valid.summary === undefined ? undefined : typeset(valid.summary);
  const article: Article = {
    ...valid,
    title,
    ...(summary === undefined ? {} : { summary }),
    ...(valid.image?.caption === undefined ? {} : { image: { ...valid.image, caption: typeset(valid.image.caption) } }),
    file,
    edition: edition.id,
    slug,
    section: valid.section ?? env.config.defaultSection,
    url: `${dayUrl}${slug}/`,
    dayUrl,
    body: fm.body,
    // A brief with only a source link has no lead of its own: its headline stands in.
    description: summary ?? (typeset(firstParagraph(fm.body)) || title),
    bodyStartLine: fm.bodyStartLine,
  };
  return { ok: true, article, fileSlug, locate: (p) => lineOf(ctx, p) };
}

/** The edition folder (`content/articles/eng/...`) wins; else the `lang` field; else the default. */
function editionOf(file: string, data: unknown, config: SiteConfig): EditionConfig {
  const folder = file.slice(ARTICLES_DIR.length + 1).split("/")[0];
  const byFolder = config.editions.find((e) => e.id === folder);
  if (byFolder) return byFolder;
  const lang = (data as { lang?: unknown } | null)?.lang;
  return config.editions.find((e) => e.lang === lang) ?? (config.editions[0] as EditionConfig);
}

/** The fields of `data` that are valid on their own, parsed: what can still be checked when others are not. */
function validFields(schema: ReturnType<typeof articleSchema>, data: unknown): Partial<ArticleFields> {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return {};
  const fields: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const parsed = (field as { safeParse(v: unknown): { success: boolean; data?: unknown } }).safeParse((data as Record<string, unknown>)[key]);
    if (parsed.success && parsed.data !== undefined) fields[key] = parsed.data;
  }
  return fields as Partial<ArticleFields>;
}

/** A front-matter field as written, when the schema refused it (so the brief check does not add a second error). */
function data(front: unknown, key: string): unknown {
  return typeof front === "object" && front !== null ? (front as Record<string, unknown>)[key] : undefined;
}

function sourceUrl(front: unknown): unknown {
  const source = data(front, "source");
  return typeof source === "object" && source !== null ? (source as Record<string, unknown>).url : undefined;
}

/** The 0-based line of a character index in a text. */
function lineAt(text: string, index: number): number {
  let line = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}
