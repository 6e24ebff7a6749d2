/**
 * Related links kept between builds (issue 19): finding every article's related articles costs
 * ~0.4 s at 20,000 articles, and a publish changes a few. Each edition's links are kept in
 * `.cache/links/<edition>.v8` with what they were found from: the edition's articles in order,
 * each one's source (src/model/parse-cache.ts `sourceDigest`: parse environment, path and bytes)
 * and tags. The next build compares: an article whose URL and source are as they were is
 * unchanged; the others (new, removed, edited) are the change, and `updateArticleLinks` finds
 * links again only around them, as the preview does after an edit. A stored table made by other
 * code, or a change of more than MAX_CHANGED articles, builds every link as before.
 *
 * `verify` (NEWSROOM_PAGE_CACHE=verify) also builds every link and fails when the kept ones differ.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import { NewsroomError } from "../errors/content-error.ts";
import { PROJECT_ROOT } from "../project.ts";
import type { Article } from "../schema/article.ts";
import { sourceDigest } from "./parse-cache.ts";
import { type ArticleLinks, buildArticleLinks, memoSlug, updateArticleLinks } from "./related.ts";
import type { TagEntry, TagIndex } from "./tags.ts";

export const LINKS_CACHE_DIR = ".cache/links";

/** Past this many changed articles, every link is found again (the update's cost grows with the change). */
const MAX_CHANGED = 200;

/** The code the links depend on: the model (order, tags, related links), the slugs and the dependencies. */
const CODE = ["src/model", "src/slug.ts", "package-lock.json"];

let codeDigest: string | undefined;

function code(): string {
  if (codeDigest) return codeDigest;
  const hash = createHash("sha256");
  const add = (file: string) =>
    hash
      .update(`${file}\0`)
      .update(readFileSync(path.join(PROJECT_ROOT, file)))
      .update("\0");
  for (const entry of CODE) {
    if (entry.includes(".")) add(entry);
    else for (const name of readdirSync(path.join(PROJECT_ROOT, entry)).sort()) add(`${entry}/${name}`);
  }
  codeDigest = hash.digest("hex");
  return codeDigest;
}

interface Stored {
  /** The code and the edition's language the table was made under. */
  key: string;
  /** The edition's articles in order (newest first), with each one's source and tags. */
  urls: string[];
  sources: string[];
  tags: string[][];
  /** Per article: previous, next, then the related, as positions in `urls` (-1: none). */
  links: number[][];
}

/** Kept links that differ from links found afresh: a bug in the update (NEWSROOM_PAGE_CACHE=verify). */
export class LinksCacheError extends NewsroomError {
  override name = "LinksCacheError";
}

/** How this process's editions got their links: updated from a kept table, or found afresh (the tests read it). */
export const linksCacheCounts = { kept: 0, fresh: 0 };

export interface LinksCacheOptions {
  root: string;
  verify?: boolean;
  /** Read the table, never write it (a render thread, src/pipeline/render-worker.ts: the build's own thread wrote it). */
  readOnly?: boolean;
}

/**
 * The links of one edition's `articles` (newest first): from the kept table and the change since,
 * or found afresh; the table is then written for the next build.
 */
export function cachedArticleLinks(
  options: LinksCacheOptions,
  edition: { id: string; lang: string; prefix: string; locale: string },
  articles: readonly Article[],
  tags: TagIndex,
  lang: (tag: string) => string,
): Map<string, ArticleLinks> {
  const file = path.join(options.root, LINKS_CACHE_DIR, `${edition.id}.v8`);
  const key = `${code()}\0${edition.id}\0${edition.lang}`;
  const sources = articles.map((a) => sourceDigest(a));
  const loaded = !sources.includes(undefined);
  const found = loaded ? kept(file, key, articles, sources as string[], tags, lang) : undefined;
  const links = found?.links ?? buildArticleLinks(articles, tags, lang);
  linksCacheCounts[found ? "kept" : "fresh"]++;
  if (options.verify) {
    const fresh = buildArticleLinks(articles, tags, lang);
    const wrong = articles.filter((a) => !sameLinks(links.get(a.url), fresh.get(a.url))).map((a) => a.file);
    if (wrong.length)
      throw new LinksCacheError(
        `related links: ${wrong.length} kept ${wrong.length === 1 ? "article's links differ" : "articles' links differ"} from links found afresh: ${wrong.slice(0, 20).join(", ")}`,
      );
  }
  // Written when it changed: a build with nothing new (or another edition's change) leaves it as it is.
  if (loaded && !found?.same && !options.readOnly) save(file, key, articles, sources as string[], links);
  return links;
}

/** The links updated from the kept table, when it was made under `key` and the change is small. */
function kept(
  file: string,
  key: string,
  articles: readonly Article[],
  sources: readonly string[],
  tags: TagIndex,
  lang: (tag: string) => string,
): { links: Map<string, ArticleLinks>; same: boolean } | undefined {
  const stored = read(file);
  if (!stored) return undefined;
  if (stored.key !== key || !Array.isArray(stored.urls) || stored.urls.length !== stored.links?.length) return undefined;
  const now = new Map(articles.map((a, i) => [a.url, i]));
  // The earlier edition: each unchanged article is the article itself; a removed or edited one, its old self (URL, file and tags).
  const changed: Article[] = [];
  const before = stored.urls.map((url, i) => {
    const at = now.get(url);
    if (at !== undefined && sources[at] === stored.sources[i]) return articles[at] as Article;
    const old = { url, file: `(before) ${url}`, tags: stored.tags[i] ?? [] } as unknown as Article;
    changed.push(old);
    return old;
  });
  const was = new Map(stored.urls.map((url, i) => [url, stored.sources[i]]));
  articles.forEach((a, i) => {
    if (was.get(a.url) !== sources[i]) changed.push(a);
  });
  if (changed.length > MAX_CHANGED) return undefined;
  const beforeLinks = new Map<string, ArticleLinks>();
  stored.links.forEach(([previous, next, ...related], i) => {
    const of = (p: number | undefined) => (p === undefined || p < 0 ? undefined : before[p]);
    beforeLinks.set(stored.urls[i] as string, { previous: of(previous), next: of(next), related: related.map((p) => before[p] as Article) });
  });
  // Nothing changed (a warm build): the kept links are the links, every one an article of this build.
  if (changed.length === 0 && stored.urls.length === articles.length) return { links: beforeLinks, same: true };
  const links = updateArticleLinks({ articles: before, tags: tagLists(before, changed, lang), links: beforeLinks }, articles, tags, lang, changed);
  // Every link leads to an article of this build: an old self left in a kept link would be a bug, so everything is found afresh.
  const current = new Set(articles);
  for (const l of links.values()) {
    if ((l.previous && !current.has(l.previous)) || (l.next && !current.has(l.next)) || l.related.some((a) => !current.has(a))) return undefined;
  }
  return { links, same: changed.length === 0 && stored.urls.length === articles.length };
}

/**
 * The earlier edition's tag lists that the update reads: those of the changed articles' tags, each
 * its articles in edition order (as buildTagIndex lists them), without the names and warnings.
 */
function tagLists(before: readonly Article[], changed: readonly Article[], lang: (tag: string) => string): TagIndex {
  const slugOf = memoSlug(lang);
  const bySlug = new Map<string, TagEntry>();
  for (const article of changed) for (const tag of article.tags) bySlug.set(slugOf(tag), { slug: slugOf(tag), url: "", name: "", articles: [] });
  for (const article of before) {
    for (const tag of article.tags) {
      const entry = bySlug.get(slugOf(tag));
      // Once per article, however many of its spellings give the slug.
      if (entry && entry.articles.at(-1) !== article) entry.articles.push(article);
    }
  }
  return { bySlug, list: [], warnings: [] };
}

/**
 * On disk (node:v8): URLs and sources each one string (neither holds a newline), the tags one JSON
 * text, the links one array of numbers with where each article's start. Reading 20,000 small arrays
 * of JSON took ~0.1 s; these take a few milliseconds.
 */
interface OnDisk {
  key: string;
  urls: string;
  sources: string;
  tags: string;
  links: Int32Array;
  starts: Int32Array;
}

function read(file: string): Stored | undefined {
  try {
    const disk = v8.deserialize(readFileSync(file)) as OnDisk;
    const split = (text: string) => (text === "" ? [] : text.split("\n"));
    const urls = split(disk.urls);
    if (!(disk.links instanceof Int32Array) || !(disk.starts instanceof Int32Array) || disk.starts.length !== urls.length + 1) return undefined;
    const links = urls.map((_, i) => Array.from(disk.links.subarray(disk.starts[i], disk.starts[i + 1])));
    return { key: disk.key, urls, sources: split(disk.sources), tags: JSON.parse(disk.tags) as string[][], links };
  } catch {
    return undefined;
  }
}

function save(file: string, key: string, articles: readonly Article[], sources: readonly string[], links: ReadonlyMap<string, ArticleLinks>): void {
  const at = new Map(articles.map((a, i) => [a, i]));
  const pos = (a: Article | undefined) => (a ? (at.get(a) ?? -1) : -1);
  const flat: number[] = [];
  const starts = [0];
  for (const a of articles) {
    const l = links.get(a.url);
    if (l) flat.push(pos(l.previous), pos(l.next), ...l.related.map(pos));
    else flat.push(-1, -1);
    starts.push(flat.length);
  }
  const disk: OnDisk = {
    key,
    urls: articles.map((a) => a.url).join("\n"),
    sources: sources.join("\n"),
    tags: JSON.stringify(articles.map((a) => a.tags)),
    links: Int32Array.from(flat),
    starts: Int32Array.from(starts),
  };
  mkdirSync(path.dirname(file), { recursive: true });
  const staging = `${file}.tmp-${process.pid}`;
  writeFileSync(staging, v8.serialize(disk));
  renameSync(staging, file);
  // The table's JSON form, which builds before this one kept.
  rmSync(file.replace(/\.v8$/, ".json"), { force: true });
}

function sameLinks(a: ArticleLinks | undefined, b: ArticleLinks | undefined): boolean {
  if (!a || !b) return a === b;
  return a.previous === b.previous && a.next === b.next && a.related.length === b.related.length && a.related.every((r, i) => r === b.related[i]);
}
