/**
 * One article file in, a typed Article or its problems out. Pure (no I/O), so the
 * fuzz tests can throw anything at it: it returns, it never throws.
 */
import path from "node:path";
import { decodeUtf8, parseFrontMatter } from "../content/front-matter.ts";
import { dayParts } from "../dates.ts";
import type { Problem } from "../errors/problem.ts";
import { firstParagraph } from "../render/markdown.ts";
import { type Article, articleSchema } from "../schema/article.ts";
import type { Author } from "../schema/author.ts";
import { issuesToProblems, type LocateContext, lineOf, suggest } from "../schema/issues.ts";
import type { EditionConfig, SiteConfig } from "../schema/site.ts";
import { RESERVED_SLUGS, SLUG_PATTERN, slugify } from "../slug.ts";
import { dayUrl as dayPath } from "./paths.ts";

export const ARTICLES_DIR = "content/articles";

export interface ArticleEnv {
  config: SiteConfig;
  authors: ReadonlyMap<string, Author>;
  authorIds: string[];
  schemas: Map<string, ReturnType<typeof articleSchema>>;
  knownKeys: Record<string, readonly string[]>;
}

export function articleEnv(config: SiteConfig, authors: ReadonlyMap<string, Author>): ArticleEnv {
  const languages = config.editions.map((x) => x.lang);
  const sectionIds = config.sections.map((s) => s.id);
  const schemas = new Map(config.editions.map((e) => [e.id, articleSchema({ timeZone: e.timeZone ?? config.timeZone, sectionIds, languages })]));
  const shape = articleSchema({ timeZone: "UTC", sectionIds: [], languages: [] }).shape;
  const knownKeys = {
    "": Object.keys(shape),
    source: ["name", "url", "via"],
    image: ["src", "alt", "caption", "credit", "focus"],
    "corrections[]": ["date", "text"],
  };
  return { config, authors, authorIds: [...authors.keys()].sort(), schemas, knownKeys };
}

export type ParsedArticle =
  | { ok: true; article: Article; fileSlug: string; locate: (path: PropertyKey[]) => number }
  | { ok: false; problems: Problem[] };

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
  const ctx: LocateContext = { file, yamlText: fm.yamlText, yamlStartLine: fm.yamlStartLine, knownKeys: env.knownKeys };
  const edition = editionOf(file, fm.data, env.config);
  const result = (env.schemas.get(edition.id) as ReturnType<typeof articleSchema>).safeParse(fm.data);
  if (!result.success) return { ok: false, problems: issuesToProblems(result.error.issues, ctx) };
  const fields = result.data;
  const problems: Problem[] = [];
  const problem = (field: string, path: PropertyKey[], message: string) =>
    problems.push({ file, line: lineOf(ctx, path), field, message, severity: "error" });

  fields.authors.forEach((id, n) => {
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
  const base = path.basename(file, ".md");
  const fileSlug = SLUG_PATTERN.test(base) && base.length <= 80 ? base : slugify(base, edition.lang);
  const slug = fields.slug ?? fileSlug;
  if (!slug) problem("slug", ["slug"], "expected a file name or slug with letters or digits, received none");
  else if (RESERVED_SLUGS.has(slug)) problem("slug", ["slug"], `expected a slug other than the reserved name "${slug}"`);
  if (problems.length) return { ok: false, problems };

  const { year, month, day } = dayParts(fields.date);
  const dayUrl = dayPath(edition, year, month, day);
  const article: Article = {
    ...fields,
    file,
    edition: edition.id,
    slug,
    section: fields.section ?? env.config.defaultSection,
    url: `${dayUrl}${slug}/`,
    dayUrl,
    body: fm.body,
    description: fields.summary ?? firstParagraph(fm.body),
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
