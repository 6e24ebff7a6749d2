/**
 * Reads and validates everything editors wrote, before anything is written:
 * site config, authors and articles. Returns typed data, or throws one
 * ContentError listing every problem in every file.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { DateTime } from "luxon";
import { phase } from "../build/progress.ts";
import { listFiles, readAll } from "../content/files.ts";
import { parseYamlFile } from "../content/yaml-file.ts";
import { buildClock } from "../dates.ts";
import { ContentError } from "../errors/content-error.ts";
import type { Problem } from "../errors/problem.ts";
import type { Article } from "../schema/article.ts";
import { type Author, AuthorSchema } from "../schema/author.ts";
import { issuesToProblems } from "../schema/issues.ts";
import { type SiteConfig, SiteConfigSchema } from "../schema/site.ts";
import type { TagsFile } from "../schema/tags.ts";
import { loadTagsFile } from "./load-tags.ts";
import { ARTICLES_DIR, articleEnv, parseArticle } from "./parse-article.ts";

export const CONFIG_FILE = "content/site.config.ts";
export { ARTICLES_DIR };
export const AUTHORS_DIR = "content/authors";

export interface LoadedContent {
  root: string;
  config: SiteConfig;
  authors: Map<string, Author>;
  /** Every valid article, drafts included, in file order. */
  articles: Article[];
  /** Display names and descriptions from content/tags.yaml, per edition and slug. */
  tagsFile: TagsFile;
  warnings: Problem[];
}

export async function loadContent(root: string): Promise<LoadedContent> {
  const { content, problems } = await collectContent(root);
  if (problems.some((p) => p.severity === "error")) throw new ContentError(problems);
  return content;
}

/**
 * The valid part of the content with every problem, errors included, so later checks
 * (photos) can report theirs in the same run. Throws only when the site config is unusable.
 * `now` is the build clock (`updated` and corrections may not be later); default: buildClock().
 */
export async function collectContent(root: string, now: DateTime = buildClock()): Promise<{ content: LoadedContent; problems: Problem[] }> {
  const problems: Problem[] = [];
  const config = await readConfig(root, problems);
  if (!config) throw new ContentError(problems);
  const authors = await loadAuthors(root, problems);
  const articles = await loadArticles(root, config, authors, problems, now);
  const tagsFile = await loadTagsFile(
    root,
    config.editions.map((e) => e.id),
    problems,
  );
  return { content: { root, config, authors, articles, tagsFile, warnings: problems }, problems };
}

/** The validated site config alone (for scripts that need no articles). */
export async function loadConfig(root: string): Promise<SiteConfig> {
  const problems: Problem[] = [];
  const config = await readConfig(root, problems);
  if (!config) throw new ContentError(problems);
  return config;
}

async function readConfig(root: string, problems: Problem[]): Promise<SiteConfig | undefined> {
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
  const files = await listFiles(root, AUTHORS_DIR, ".yaml", problems);
  const buffers = readAll(root, files);
  const authors = new Map<string, Author>();
  const knownKeys = { "": Object.keys(AuthorSchema.shape) };
  files.forEach((file, i) => {
    const parsed = parseYamlFile(file, (buffers[i] as Buffer).toString("utf8"));
    if (!parsed.ok) {
      problems.push(parsed.problem);
      return;
    }
    const { data, text } = parsed;
    const id = path.basename(file, ".yaml");
    const result = AuthorSchema.safeParse(data);
    if (!result.success) {
      problems.push(...issuesToProblems(result.error.issues, { file, yamlText: text, yamlStartLine: 1, knownKeys }));
      return;
    }
    authors.set(id, { ...result.data, id, file });
  });
  return authors;
}

async function loadArticles(root: string, config: SiteConfig, authors: Map<string, Author>, problems: Problem[], now: DateTime): Promise<Article[]> {
  const files = await listFiles(root, ARTICLES_DIR, ".md", problems);
  const progress = phase("load", files.length, "articles");
  const env = articleEnv(config, authors, now);
  const articles: Article[] = [];
  const byUrl = new Map<string, Article>();
  for (const file of files) {
    progress.tick();
    // One file at a time: the raw bytes of a whole archive are never held at once.
    const parsed = parseArticle(file, readFileSync(path.join(root, file)), env);
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    const { article, locate } = parsed;
    const clash = byUrl.get(article.url);
    if (clash) {
      const field = article.slug === parsed.fileSlug ? "date" : "slug";
      problems.push({
        file,
        line: locate([field]),
        field,
        message: `gives the URL ${article.url}, which ${clash.file} already has; give one of them a different slug`,
        severity: "error",
      });
      continue;
    }
    byUrl.set(article.url, article);
    articles.push(article);
  }
  // A failed load prints no summary: the error list is the whole output.
  if (!problems.some((p) => p.severity === "error")) progress.done();
  return articles;
}

/** The last real change: the newest of published, updated and any correction. */
export function lastModified(article: Pick<Article, "date" | "updated" | "corrections">): DateTime {
  let last = article.updated && article.updated > article.date ? article.updated : article.date;
  for (const c of article.corrections ?? []) if (c.date > last) last = c.date;
  return last;
}
