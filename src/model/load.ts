/**
 * Reads and validates everything editors wrote, before anything is written:
 * site config, authors and articles. Returns typed data, or throws one
 * ContentError listing every problem in every file.
 */

import { isUtf8 } from "node:buffer";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { DateTime } from "luxon";
import { listFiles, readAll, readWithStat } from "../content/files.ts";
import { type FileStat, StatAhead } from "../content/stat-ahead.ts";
import { parseYamlFile } from "../content/yaml-file.ts";
import { yamlFieldLines } from "../content/yaml-positions.ts";
import { buildClock } from "../dates.ts";
import { ContentError } from "../errors/content-error.ts";
import type { Problem } from "../errors/problem.ts";
import type { Article } from "../schema/article.ts";
import { type Author, authorSchema, PER_LANGUAGE_AUTHOR_FIELDS } from "../schema/author.ts";
import { describe } from "../schema/fields.ts";
import { issuesToProblems, knownKeysOf } from "../schema/issues.ts";
import type { StaticPage } from "../schema/page.ts";
import { perLanguageIssues } from "../schema/per-language.ts";
import { type SiteConfig, SiteConfigSchema } from "../schema/site.ts";
import type { TagsFile } from "../schema/tags.ts";
import { SLUG_PATTERN, slugify } from "../slug.ts";
import { importTs } from "../ts-import.ts";
import { deepFreeze } from "./freeze.ts";
import { loadTagsFile } from "./load-tags.ts";
import { ParseAhead } from "./parse-ahead.ts";
import { ARTICLES_DIR, articleEnv, type ParsedArticle, parseArticle, type Unparsed } from "./parse-article.ts";
import { type CachedParse, noteSource, ParseCache } from "./parse-cache.ts";
import { everyLanguage } from "./per-language.ts";
import { loadStaticPages } from "./static-pages.ts";

export const CONFIG_FILE = "content/site.config.ts";
const requireCache = createRequire(import.meta.url).cache;

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
  /** The static pages of content/pages/<edition>/, in file order. */
  pages: StaticPage[];
  warnings: Problem[];
}

export async function loadContent(root: string): Promise<LoadedContent> {
  const { content, problems } = await collectContent(root);
  if (problems.some((p) => p.severity === "error")) throw new ContentError(problems);
  return content;
}

export interface LoadOptions {
  /**
   * Articles whose files the parse cache knows by their stat are not read at load: each one's
   * body is read when first used, and a file changed since fails that read with an error naming
   * it (src/model/parse-cache.ts). For a build, which ends when it is done; a process that keeps
   * articles while editors edit (the preview) reads every body at load instead (the default).
   */
  lazyBodies?: boolean;
  /**
   * When the load started, in ms since the epoch (now by default): files changed within
   * RACY_MS of it have their stat not kept (src/model/parse-cache.ts). Tests give a later time
   * to have files they just wrote count as settled.
   */
  startedAt?: number;
  /** Write the parse cache after a load without errors (the default); a render thread, which loads after the build did, writes nothing. */
  save?: boolean;
  /** With lazy bodies, from how many article files their stats are taken on another thread (STAT_AHEAD_MIN_FILES); tests lower it. */
  statAheadFrom?: number;
  /** From how many article files a first load (an empty parse cache) shares the parsing with a thread (PARSE_AHEAD_MIN_FILES); tests lower it. */
  parseAheadFrom?: number;
  /** Tests: a first load waits for its parsing thread to claim its first folder, or all it will, before it starts (a small site would be parsed before the thread is up). */
  parseAheadWait?: "first" | "all";
}

/**
 * The valid part of the content with every problem, errors included, so later checks
 * (photos) can report theirs in the same run. Throws only when the site config is unusable.
 * `now` is the build clock (`updated` and corrections may not be later); default: buildClock().
 */
export async function collectContent(
  root: string,
  now: DateTime = buildClock(),
  onProgress?: LoadProgress,
  options: LoadOptions = {},
): Promise<{ content: LoadedContent; problems: Problem[]; unparsed: Unparsed[] }> {
  const problems: Problem[] = [];
  const unparsed: Unparsed[] = [];
  const config = await readConfig(root, problems);
  if (!config) throw new ContentError(problems);
  const authors = await loadAuthors(root, problems, editionLanguages(config));
  const articles = await loadArticles(root, config, authors, problems, now, onProgress, unparsed, options);
  const tagsFile = await loadTagsFile(
    root,
    config.editions.map((e) => e.id),
    problems,
  );
  const pages = await loadStaticPages(root, config, problems);
  return { content: { root, config, authors, articles, tagsFile, pages, warnings: problems }, problems, unparsed };
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
    // Imported by content, so that a process that lives on (the preview, tests) sees the file as it
    // is now: as an ES module (a project of "type": "module") under a new URL, or as CommonJS
    // (elsewhere) out of require's cache.
    const file = path.join(root, CONFIG_FILE);
    const version = createHash("sha1").update(readFileSync(file)).digest("hex").slice(0, 16);
    delete requireCache[file];
    raw = (await importTs(`${pathToFileURL(file).href}?v=${version}`)).default;
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

/** The editions' languages, in the editions' order, once each: the keys of per-language texts. */
export function editionLanguages(config: Pick<SiteConfig, "editions">): string[] {
  return [...new Set(config.editions.map((e) => e.lang))];
}

/** `languages`: editionLanguages(config); an author's `name` and `bio` are given in each of them. */
export async function loadAuthors(root: string, problems: Problem[], languages: readonly string[]): Promise<Map<string, Author>> {
  const files = await listFiles(root, AUTHORS_DIR, ".yaml", problems);
  const buffers = readAll(root, files);
  const authors = new Map<string, Author>();
  const schema = authorSchema(languages);
  const knownKeys = knownKeysOf(schema);
  files.forEach((file, i) => {
    const parsed = parseYamlFile(file, (buffers[i] as Buffer).toString("utf8"));
    if (!parsed.ok) {
      problems.push(parsed.problem);
      return;
    }
    const { data, text } = parsed;
    const id = path.basename(file, ".yaml");
    const idProblem = authorIdProblem(file, id);
    if (idProblem) problems.push(idProblem);
    if (typeof data !== "object" || data === null || Array.isArray(data)) {
      problems.push({
        file,
        line: 1,
        field: "",
        message: `expected a mapping of fields such as name:, received ${describe(data)}`,
        severity: "error",
      });
      return;
    }
    const result = schema.safeParse(data);
    if (!result.success) {
      // A field that is not in the file (an empty file has none) has no line of its own: the file's first.
      const issues = perLanguageIssues(result.error.issues, PER_LANGUAGE_AUTHOR_FIELDS, languages);
      const found = issuesToProblems(issues, { file, line: yamlFieldLines(text, 1), knownKeys });
      problems.push(...found.map((p) => ({ ...p, line: p.line || 1 })));
      return;
    }
    const taken = authors.get(id);
    if (taken) {
      // Two files in different folders of content/authors/ with one name would be one author.
      problems.push({
        file,
        line: 1,
        field: "",
        message: `expected a file name no other author file has, received "${id}.yaml", which ${taken.file} already has`,
        severity: "error",
      });
      return;
    }
    if (idProblem) return;
    const { name, bio, ...rest } = result.data;
    authors.set(id, {
      ...rest,
      id,
      file,
      name: everyLanguage(name, languages),
      ...(bio === undefined ? {} : { bio: everyLanguage(bio, languages) }),
    });
  });
  return authors;
}

/** An author's id is their file name, and it is a URL segment: lowercase letters, digits and hyphens. */
export function authorIdProblem(file: string, id: string): Problem | undefined {
  if (SLUG_PATTERN.test(id)) return undefined;
  // Ukrainian transliteration (the national standard), as the newsroom's article slugs use.
  const suggestion = slugify(id, "uk");
  return {
    file,
    line: 1,
    field: "",
    message: `expected a file name of lowercase letters, digits and hyphens (the author's id, part of their page's URL), received "${id}.yaml"${suggestion ? `: rename the file to ${suggestion}.yaml` : ""}`,
    severity: "error",
  };
}

/**
 * An article outside the edition folders (`content/articles/ENG/`, `fr/`, or no folder at all)
 * has no edition: an error naming the folders there are, rather than a guess.
 */
export function editionFolderProblem(file: string, config: SiteConfig): Problem | undefined {
  const ids = config.editions.map((e) => e.id);
  const rest = file.slice(ARTICLES_DIR.length + 1);
  const folder = rest.includes("/") ? (rest.split("/")[0] as string) : "";
  if (ids.includes(folder)) return undefined;
  const folders = ids.map((id) => `${ARTICLES_DIR}/${id}/`).join(", ");
  const hint = folder ? folderHint(folder, ids) : undefined;
  const received = folder ? `the folder "${folder}"` : `a file directly in ${ARTICLES_DIR}/`;
  return {
    file,
    line: 1,
    field: "",
    message: `expected an article in an edition's folder (${folders}), received ${received}${hint ? `, did you mean "${hint}"?` : ""}`,
    severity: "error",
  };
}

/** `ENG` → `eng`; `en`, `english` → `eng` (one edition's id and the folder start alike); else none. */
function folderHint(folder: string, ids: readonly string[]): string | undefined {
  const lower = folder.toLowerCase();
  const same = ids.find((id) => id.toLowerCase() === lower);
  if (same) return same;
  const alike = ids.filter((id) => lower.startsWith(id.toLowerCase()) || id.toLowerCase().startsWith(lower));
  return alike.length === 1 ? alike[0] : undefined;
}

/** Progress of loading the articles: `npm run build` prints it (src/pipeline/progress.ts), the model knows nothing of how. */
export type LoadProgress = (total: number) => { tick(): void; done(): void };

const silent: LoadProgress = () => ({ tick() {}, done() {} });

async function loadArticles(
  root: string,
  config: SiteConfig,
  authors: Map<string, Author>,
  problems: Problem[],
  now: DateTime,
  onProgress?: LoadProgress,
  /** Articles that failed, with what can still be checked of them. */
  unparsed: Unparsed[] = [],
  options: LoadOptions = {},
): Promise<Article[]> {
  // Articles parsed before, by their path and bytes (src/model/parse-cache.ts): a publish parses what changed.
  const startedAt = options.startedAt ?? Date.now();
  const cache = new ParseCache(root, config, authors, startedAt);
  const files = await listFiles(root, ARTICLES_DIR, ".md", problems);
  const progress = (onProgress ?? silent)(files.length);
  const env = articleEnv(config, authors, now);
  // Per file, string work counts at 100k files: path.join alone cost as much as a stat.
  const base = path.join(path.resolve(root), path.sep);
  const editionFolders = config.editions.map((e) => `${ARTICLES_DIR}/${e.id}/`);
  const inEditionFolder = (file: string) => {
    for (const folder of editionFolders) if (file.startsWith(folder)) return true;
    return false;
  };
  // Lazy bodies: every file's stat, taken on another thread ahead of this loop (src/content/stat-ahead.ts;
  // a load that throws leaves the worker to finish its list and stop by itself). Not when nothing is kept:
  // every file is read anyway, and that thread would only take a core from the parsing.
  const nothingKept = cache.empty();
  const ahead = options.lazyBodies && !nothingKept ? new StatAhead(base, files, options.statAheadFrom) : undefined;
  // A first load (nothing kept) of many files shares the parsing with a thread that takes folders from the end (src/model/parse-ahead.ts).
  const parsing = nothingKept
    ? await ParseAhead.start(root, files, inEditionFolder, { config, authors, now, startedAt, cache, from: options.parseAheadFrom })
    : undefined;
  if (options.parseAheadWait) parsing?.claimed(options.parseAheadWait, 60_000);
  const articles: Article[] = [];
  const byUrl = new Map<string, Article>();
  for (let n = 0; n < files.length; n++) {
    const file = files[n] as string;
    progress.tick();
    const misplaced = inEditionFolder(file) ? undefined : editionFolderProblem(file, config);
    if (misplaced) {
      problems.push(misplaced);
      continue;
    }
    const full = base + file;
    // Parsed on the other thread: its text, stat and hash as read there, its article a hit of the chunk it sent.
    let parsedAhead = parsing?.take(n, file);
    if (parsedAhead instanceof Promise) parsedAhead = await parsedAhead;
    // Lazy bodies: a file whose stat the table knows is neither read nor hashed now (its body is read when used).
    let stat: FileStat | undefined = parsedAhead ? parsedAhead.stat : ahead?.of(n);
    let hash = parsedAhead ? parsedAhead.hash : stat && cache.knownHash(file, stat);
    let bytes: Buffer | undefined;
    if (hash === undefined) {
      // One file at a time: the raw bytes of a whole archive are never held at once. Its stat is the one of the bytes read.
      ({ bytes, stat } = readWithStat(full));
      hash = ParseCache.hash(file, bytes);
    }
    let text = parsedAhead ? parsedAhead.text : bytes === undefined ? undefined : isUtf8(bytes) ? bytes.toString("utf8") : null;
    const hit = text === null ? undefined : cache.get(file, hash, stat as FileStat, now, text);
    if (!hit && bytes === undefined) {
      // Kept, but no longer valid at this clock: parsed again, from its bytes now.
      bytes = readFileSync(full);
      hash = ParseCache.hash(file, bytes);
      text = isUtf8(bytes) ? bytes.toString("utf8") : null;
    }
    // No closure per file here: 20k of them cost more than the rest of a cache hit.
    let fresh: ParsedArticle | undefined;
    if (!hit) {
      fresh = parseArticle(file, bytes ?? readFileSync(full), env);
      if (!fresh.ok) {
        problems.push(...fresh.problems);
        if (fresh.unparsed) unparsed.push(fresh.unparsed);
        continue;
      }
      if (typeof text === "string") cache.set(file, hash, stat as FileStat, text, fresh.article, fresh.fileSlug);
    }
    const parsed = (hit ?? fresh) as CachedParse;
    // The model never writes into an article: the preview's edits make new ones. A lazy body (an accessor) is not read to freeze it.
    const article = freezeArticle(parsed.article);
    // Hit or fresh parse alike, the same bytes in the same environment make the same article: a hit has its source noted by the cache.
    if (fresh) noteSource(article, cache.environment, hash);
    const clash = byUrl.get(article.url);
    if (clash) {
      const field = article.slug === parsed.fileSlug ? "date" : "slug";
      problems.push({
        file,
        // A cached article's line: from a parse of its file, now.
        line: (fresh?.ok ? fresh : (parseArticle(file, readFileSync(full), env) as { locate: (p: PropertyKey[]) => number })).locate([field]),
        field,
        message: `gives the URL ${article.url}, which ${clash.file} already has; give one of them a different slug`,
        severity: "error",
      });
      unparsed.push(article);
      continue;
    }
    byUrl.set(article.url, article);
    articles.push(article);
  }
  ahead?.close();
  parsing?.close();
  // A load with errors writes nothing (a failed build leaves only its report): the cache is kept by the next good one.
  if (options.save !== false && !problems.some((p) => p.severity === "error")) await cache.save();
  // A failed load prints no summary: the error list is the whole output.
  if (!problems.some((p) => p.severity === "error")) progress.done();
  return articles;
}

/** `deepFreeze` of an article, its body left alone: a lazy body is an accessor, read on first use only. */
function freezeArticle(article: Article): Article {
  const fields = article as unknown as Record<string, unknown>;
  for (const k of Object.keys(fields)) if (k !== "body") deepFreeze(fields[k]);
  return Object.freeze(article);
}

/** The last real change: the newest of published, updated and any correction. */
export function lastModified(article: Pick<Article, "date" | "updated" | "corrections">): DateTime {
  let last = article.updated && article.updated > article.date ? article.updated : article.date;
  for (const c of article.corrections ?? []) if (c.date > last) last = c.date;
  return last;
}
