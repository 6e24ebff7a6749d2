/**
 * Reads and validates everything editors wrote, before anything is written:
 * site config, authors and articles. Returns typed data, or throws one
 * ContentError listing every problem in every file.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import yaml from "js-yaml";
import type { DateTime } from "luxon";
import { phase } from "../build/progress.ts";
import { listFiles, readAll } from "../content/files.ts";
import { parseFrontMatter } from "../content/front-matter.ts";
import { dayParts } from "../dates.ts";
import { ContentError } from "../errors/content-error.ts";
import type { Problem } from "../errors/problem.ts";
import { firstParagraph } from "../render/markdown.ts";
import { type Article, articleSchema } from "../schema/article.ts";
import { type Author, AuthorSchema } from "../schema/author.ts";
import { issuesToProblems, type LocateContext, lineOf, suggest } from "../schema/issues.ts";
import { type EditionConfig, type SiteConfig, SiteConfigSchema } from "../schema/site.ts";
import { slugify } from "../slug.ts";

export const CONFIG_FILE = "content/site.config.ts";
export const ARTICLES_DIR = "content/articles";
export const AUTHORS_DIR = "content/authors";

export interface LoadedContent {
  root: string;
  config: SiteConfig;
  authors: Map<string, Author>;
  /** Every valid article, drafts included, in file order. */
  articles: Article[];
  warnings: Problem[];
}

export async function loadContent(root: string): Promise<LoadedContent> {
  const problems: Problem[] = [];
  const config = await loadConfig(root, problems);
  if (!config) throw new ContentError(problems);
  const authors = await loadAuthors(root, problems);
  const articles = await loadArticles(root, config, authors, problems);
  const errors = problems.filter((p) => p.severity === "error");
  if (errors.length) throw new ContentError(problems);
  return { root, config, authors, articles, warnings: problems };
}

async function loadConfig(root: string, problems: Problem[]): Promise<SiteConfig | undefined> {
  let raw: unknown;
  try {
    raw = (await import(pathToFileURL(path.join(root, CONFIG_FILE)).href)).default;
  } catch (error) {
    problems.push({ file: CONFIG_FILE, field: "", message: `could not be loaded: ${(error as Error).message}`, severity: "error" });
    return undefined;
  }
  const result = SiteConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    problems.push({ file: CONFIG_FILE, field: issue.path.join("."), message: issue.message, severity: "error" });
  }
  return undefined;
}

async function loadAuthors(root: string, problems: Problem[]): Promise<Map<string, Author>> {
  const files = await listFiles(root, AUTHORS_DIR, ".yaml");
  const buffers = await readAll(root, files);
  const authors = new Map<string, Author>();
  const knownKeys = { "": Object.keys(AuthorSchema.shape) };
  files.forEach((file, i) => {
    const text = (buffers[i] as Buffer).toString("utf8").replace(/^\uFEFF/, "");
    const id = path.basename(file, ".yaml");
    let data: unknown;
    try {
      data = yaml.load(text, { schema: yaml.CORE_SCHEMA });
    } catch (error) {
      const e = error as yaml.YAMLException;
      problems.push({
        file,
        line: e.mark.line + 1,
        column: e.mark.column + 1,
        field: "",
        message: `YAML syntax error: ${e.reason}`,
        severity: "error",
      });
      return;
    }
    const result = AuthorSchema.safeParse(data ?? {});
    if (!result.success) {
      problems.push(...issuesToProblems(result.error.issues, { file, yamlText: text, yamlStartLine: 1, knownKeys }));
      return;
    }
    authors.set(id, { ...result.data, id, file });
  });
  return authors;
}

const ARTICLE_KEYS = (): Record<string, readonly string[]> => {
  const shape = articleSchema({ timeZone: "UTC", sectionIds: [], languages: [] }).shape;
  return { "": Object.keys(shape), source: ["name", "url", "via"], image: ["src", "alt", "caption", "credit", "focus"] };
};

async function loadArticles(root: string, config: SiteConfig, authors: Map<string, Author>, problems: Problem[]): Promise<Article[]> {
  const files = await listFiles(root, ARTICLES_DIR, ".md");
  const progress = phase("load", files.length, "articles");
  const buffers = await readAll(root, files);
  const knownKeys = ARTICLE_KEYS();
  const schemas = new Map(
    config.editions.map((e) => [
      e.id,
      articleSchema({
        timeZone: e.timeZone ?? config.timeZone,
        sectionIds: config.sections.map((s) => s.id),
        languages: config.editions.map((x) => x.lang),
      }),
    ]),
  );
  const authorIds = [...authors.keys()].sort();
  const articles: Article[] = [];
  const byUrl = new Map<string, Article>();

  files.forEach((file, i) => {
    progress.tick();
    const parsed = parseFrontMatter((buffers[i] as Buffer).toString("utf8"));
    if (!parsed.ok) {
      problems.push({ file, line: parsed.error.line, column: parsed.error.column, field: "", message: parsed.error.message, severity: "error" });
      return;
    }
    const fm = parsed.value;
    const ctx: LocateContext = { file, yamlText: fm.yamlText, yamlStartLine: fm.yamlStartLine, knownKeys };
    const edition = editionOf(file, fm.data, config);
    const result = (schemas.get(edition.id) as ReturnType<typeof articleSchema>).safeParse(fm.data);
    if (!result.success) {
      problems.push(...issuesToProblems(result.error.issues, ctx));
      return;
    }
    const fields = result.data;
    let ok = true;
    fields.authors.forEach((id, n) => {
      if (authors.has(id)) return;
      ok = false;
      const hint = suggest(id, authorIds);
      problems.push({
        file,
        line: lineOf(ctx, ["authors", n]),
        field: `authors[${n}]`,
        message: `unknown author "${id}"${hint ? `, did you mean "${hint}"?` : ""} (known ids: ${authorIds.join(", ") || "none"}; add content/authors/${id}.yaml for a new author)`,
        severity: "error",
      });
    });
    if (fields.lang && fields.lang !== edition.lang) {
      ok = false;
      problems.push({
        file,
        line: lineOf(ctx, ["lang"]),
        field: "lang",
        message: `expected "${edition.lang}" for an article in the ${edition.id} folder, received "${fields.lang}"`,
        severity: "error",
      });
    }
    const fileSlug = slugify(path.basename(file, ".md"), edition.lang);
    const slug = fields.slug ?? fileSlug;
    if (!slug) {
      ok = false;
      problems.push({
        file,
        line: 1,
        field: "slug",
        message: "expected a file name or slug with letters or digits, received none",
        severity: "error",
      });
    }
    if (!ok) return;
    const { year, month, day } = dayParts(fields.date);
    const dayUrl = `${edition.prefix}news/${year}/${month}/${day}/`;
    const article: Article = {
      ...fields,
      file,
      edition: edition.id,
      slug,
      section: fields.section ?? config.defaultSection,
      url: `${dayUrl}${slug}/`,
      dayUrl,
      body: fm.body,
      description: fields.summary ?? firstParagraph(fm.body),
      bodyStartLine: fm.bodyStartLine,
    };
    const clash = byUrl.get(article.url);
    if (clash) {
      problems.push({
        file,
        line: fields.slug ? lineOf(ctx, ["slug"]) : lineOf(ctx, ["date"]),
        field: fields.slug ? "slug" : "date",
        message: `gives the URL ${article.url}, which ${clash.file} already has; give one of them a different slug`,
        severity: "error",
      });
      return;
    }
    byUrl.set(article.url, article);
    articles.push(article);
  });
  // A failed load prints no summary: the error list is the whole output.
  if (!problems.some((p) => p.severity === "error")) progress.done();
  return articles;
}

/** The edition folder (`content/articles/eng/...`) wins; else the `lang` field; else the default. */
function editionOf(file: string, data: unknown, config: SiteConfig): EditionConfig {
  const folder = file.slice(ARTICLES_DIR.length + 1).split("/")[0];
  const byFolder = config.editions.find((e) => e.id === folder);
  if (byFolder) return byFolder;
  const lang = (data as { lang?: unknown } | null)?.lang;
  return config.editions.find((e) => e.lang === lang) ?? (config.editions[0] as EditionConfig);
}

/** The newest of published and updated. */
export function lastModified(article: Pick<Article, "date" | "updated">): DateTime {
  return article.updated ?? article.date;
}
