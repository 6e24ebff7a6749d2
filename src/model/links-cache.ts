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
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import { writeWhole } from "../content-store.ts";
import { NewsroomError } from "../errors/content-error.ts";
import { PROJECT_ROOT } from "../project.ts";
import type { Article } from "../schema/article.ts";
import { sourceDigest } from "./parse-cache.ts";
import { type ArticleLinks, buildArticleLinks, type LinksLookup, linkFinder, memoSlug, nearChange } from "./related.ts";
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
  /** Names this table: a new one each time it is written (the kept plan notes which it planned with). */
  generation: string;
  /** The edition's articles in order (newest first), with each one's source and tags (one JSON text, read when needed). */
  urls: string[];
  sources: string[];
  tags: string;
  /** Per article from `starts[i]` to `starts[i + 1]`: previous, next, then the related, as positions in `urls` (-1: none). */
  links: Int32Array;
  starts: Int32Array;
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
 * What this build's links are against the kept table's, for the kept plan (src/pages/kept-plan.ts):
 * the table they were updated from and the table written for the next build (each named by its
 * generation), and the articles whose links may differ from the first.
 */
export interface LinksChange {
  /** The table these links are kept in for the next build. */
  table: string;
  /** The table they were updated from; undefined when they were found afresh (every article's links may differ). */
  from?: string;
  /** With `from`: new articles, and articles whose links were found again and differ (another article, or another version of one). */
  differs?: ReadonlySet<string>;
}

export interface CachedLinks {
  links: LinksLookup;
  /** Undefined when no table is kept (an article made in memory). */
  change?: LinksChange;
}

/**
 * The links of one edition's `articles` (newest first): from the kept table and the change since,
 * or found afresh; the table is then written for the next build. Kept links are read from the table
 * when asked for: a publish reads a few of them, not the archive's.
 */
export function cachedArticleLinks(
  options: LinksCacheOptions,
  edition: { id: string; lang: string; prefix: string; locale: string },
  articles: readonly Article[],
  tags: TagIndex,
  lang: (tag: string) => string,
): CachedLinks {
  const file = path.join(options.root, LINKS_CACHE_DIR, `${edition.id}.v8`);
  const key = `${code()}\0${edition.id}\0${edition.lang}`;
  const sources = articles.map((a) => sourceDigest(a));
  const loaded = !sources.includes(undefined);
  const found = loaded ? kept(file, key, articles, sources as string[], tags, lang) : undefined;
  const links: LinksLookup = found?.links ?? buildArticleLinks(articles, tags, lang);
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
  // A render thread (readOnly) reads the table the build's own thread has just written, and writes nothing.
  if (!loaded || options.readOnly) return { links };
  if (found?.same) return { links, change: { table: found.generation, from: found.generation, differs: new Set() } };
  const table = save(file, key, articles, sources as string[], links, found?.reuse);
  return { links, change: found ? { table, from: found.generation, differs: found.differs } : { table } };
}

/** A kept article's links, decoded from the table on first use. */
class KeptLinks implements LinksLookup {
  readonly #decoded = new Map<string, ArticleLinks>();
  constructor(
    readonly table: Stored,
    /** The table's articles: the current article where unchanged, the old self of a removed or edited one. */
    readonly before: readonly Article[],
    /** Current URL → position in this build's list. */
    readonly now: ReadonlyMap<string, number>,
    /** Per position in this build's list: the position in the table where its links are kept (-1: found again). */
    readonly from: Int32Array,
    /** Links found again (new articles and those near the change). */
    readonly fresh: ReadonlyMap<string, ArticleLinks>,
  ) {}
  get(url: string): ArticleLinks | undefined {
    const fresh = this.fresh.get(url);
    if (fresh) return fresh;
    let links = this.#decoded.get(url);
    if (links) return links;
    const i = this.now.get(url);
    const k = i === undefined ? -1 : (this.from[i] as number);
    if (k < 0) return undefined;
    links = decode(this.table, k, this.before);
    this.#decoded.set(url, links);
    return links;
  }
}

function decode(table: Stored, i: number, before: readonly Article[]): ArticleLinks {
  const from = table.starts[i] as number;
  const to = table.starts[i + 1] as number;
  const of = (p: number) => (p < 0 ? undefined : before[p]);
  const related: Article[] = [];
  for (let k = from + 2; k < to; k++) related.push(before[table.links[k] as number] as Article);
  return { previous: of(table.links[from] as number), next: of(table.links[from + 1] as number), related };
}

interface Kept {
  links: LinksLookup;
  same: boolean;
  generation: string;
  differs: ReadonlySet<string>;
  /**
   * For the table written next: each current article's position in the read table, where its links are
   * kept (-1: found again), and each current article's position by its URL.
   */
  reuse: { table: Stored; from: Int32Array; remap: Int32Array; now: ReadonlyMap<string, number> };
}

/** The links updated from the kept table, when it was made under `key` and the change is small. */
function kept(
  file: string,
  key: string,
  articles: readonly Article[],
  sources: readonly string[],
  tags: TagIndex,
  lang: (tag: string) => string,
): Kept | undefined {
  const stored = read(file);
  if (!stored) return undefined;
  if (stored.key !== key) return undefined;
  const count = stored.urls.length;
  const now = new Map<string, number>();
  for (let i = 0; i < articles.length; i++) now.set((articles[i] as Article).url, i);
  // The earlier edition: each unchanged article is the article itself; a removed or edited one, its old self (URL, file and tags).
  const changed: Article[] = [];
  // Position in this build's list of each table article (-1: removed or edited).
  const remap = new Int32Array(count);
  const before: Article[] = new Array(count);
  // Per position in this build's list, the table's article of the same URL (-1: none), and the table's
  // URLs no article has now: where the table has a URL, without a map of the table's 100,000 URLs.
  const back = new Int32Array(articles.length).fill(-1);
  const gone = new Map<string, number>();
  let tagsOfOld: string[][] | undefined;
  for (let i = 0; i < count; i++) {
    const url = stored.urls[i] as string;
    const at = now.get(url);
    if (at === undefined) gone.set(url, i);
    else back[at] = i;
    if (at !== undefined && sources[at] === stored.sources[i]) {
      before[i] = articles[at] as Article;
      remap[i] = at;
      continue;
    }
    tagsOfOld ??= JSON.parse(stored.tags) as string[][];
    const old = { url, file: `(before) ${url}`, tags: tagsOfOld[i] ?? [] } as unknown as Article;
    changed.push(old);
    before[i] = old;
    remap[i] = -1;
  }
  const storedAt = (url: string): number | undefined => {
    const at = now.get(url);
    if (at === undefined) return gone.get(url);
    const k = back[at] as number;
    return k < 0 ? undefined : k;
  };
  for (let i = 0; i < articles.length; i++) {
    const k = back[i] as number;
    if (k < 0 || stored.sources[k] !== sources[i]) changed.push(articles[i] as Article);
  }
  if (changed.length > MAX_CHANGED) return undefined;
  const same = changed.length === 0 && count === articles.length;
  const near = same
    ? new Set<Article>()
    : nearChange({ articles: before, tags: tagLists(before, changed, lang, tags, storedAt) }, articles, tags, lang, changed);
  // Each current article's position in the table where its links are kept; -1 where they are found again.
  const from = new Int32Array(articles.length);
  for (let i = 0; i < articles.length; i++) {
    const article = articles[i] as Article;
    const k = near.has(article) ? -1 : (back[i] as number);
    if (k < 0 || remap[k] !== i) {
      from[i] = -1;
      continue;
    }
    // Every kept link leads to an article of this build: an old self left in one would be a bug, so everything is found afresh.
    for (let p = stored.starts[k] as number; p < (stored.starts[k + 1] as number); p++) {
      const to = stored.links[p] as number;
      if (to >= 0 && (remap[to] as number) < 0) return undefined;
    }
    from[i] = k;
  }
  const fresh = new Map<string, ArticleLinks>();
  const differs = new Set<string>();
  if (!same) {
    const find = linkFinder(articles, tags, lang, (a) => now.get(a.url));
    for (let i = 0; i < articles.length; i++) {
      if ((from[i] as number) >= 0) continue;
      const article = articles[i] as Article;
      const links = find(i);
      fresh.set(article.url, links);
      const k = back[i] as number;
      if (k < 0 || !sameLinks(links, decode(stored, k, before))) differs.add(article.url);
    }
  }
  return {
    links: new KeptLinks(stored, before, now, from, fresh),
    same,
    generation: stored.generation,
    differs,
    reuse: { table: stored, from, remap, now },
  };
}

/**
 * The earlier edition's tag lists that the update reads: those of the changed articles' tags, each
 * its articles in edition order (as buildTagIndex lists them), without the names and warnings.
 * Made from this build's lists of those tags, not from every earlier article: an unchanged article
 * is in the same lists in the same order as before; the changed ones are taken out and the old
 * selves of removed and edited articles put back where the table had them.
 */
function tagLists(
  before: readonly Article[],
  changed: readonly Article[],
  lang: (tag: string) => string,
  tags: TagIndex,
  storedAt: (url: string) => number | undefined,
): TagIndex {
  const slugOf = memoSlug(lang);
  const changedNow = new Set(changed);
  const bySlug = new Map<string, TagEntry>();
  for (const article of changed)
    for (const tag of article.tags) {
      const slug = slugOf(tag);
      if (bySlug.has(slug)) continue;
      const articles = (tags.bySlug.get(slug)?.articles ?? []).filter((a) => !changedNow.has(a));
      bySlug.set(slug, { slug, url: "", name: "", articles });
    }
  // The old selves (in the table, not of this build), each once per slug, where the table had it.
  const at = (a: Article) => storedAt(a.url) as number;
  for (const old of changed) {
    const k = storedAt(old.url);
    if (k === undefined || before[k] !== old) continue;
    for (const slug of new Set(old.tags.map(slugOf))) {
      const list = bySlug.get(slug)?.articles;
      if (!list) continue;
      let i = list.length;
      while (i > 0 && at(list[i - 1] as Article) > k) i--;
      list.splice(i, 0, old);
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
  generation: string;
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
    if (typeof disk.generation !== "string" || typeof disk.tags !== "string") return undefined;
    const sources = split(disk.sources);
    if (sources.length !== urls.length) return undefined;
    return { key: disk.key, generation: disk.generation, urls, sources, tags: disk.tags, links: disk.links, starts: disk.starts };
  } catch {
    return undefined;
  }
}

/**
 * Writes the table for the next build and returns its generation. Links kept from the table read
 * (`reuse`) are copied from it, their positions moved to this build's; the others are written out.
 */
function save(
  file: string,
  key: string,
  articles: readonly Article[],
  sources: readonly string[],
  links: LinksLookup,
  reuse?: Kept["reuse"],
): string {
  // Positions of the links found again: by the update's map of URLs, or (every link found afresh) a map made here.
  let at: ((a: Article) => number | undefined) | undefined = reuse && ((a) => reuse.now.get(a.url));
  const pos = (a: Article | undefined) => {
    if (!at) {
      const map = new Map(articles.map((x, i) => [x, i]));
      at = (x) => map.get(x);
    }
    return a ? (at(a) ?? -1) : -1;
  };
  let flat = new Int32Array(Math.max(16, articles.length * 8));
  let length = 0;
  const push = (n: number) => {
    if (length === flat.length) {
      const grown = new Int32Array(flat.length * 2);
      grown.set(flat);
      flat = grown;
    }
    flat[length++] = n;
  };
  const starts = new Int32Array(articles.length + 1);
  for (let i = 0; i < articles.length; i++) {
    const k = reuse ? (reuse.from[i] as number) : -1;
    if (reuse && k >= 0) {
      const { table, remap } = reuse;
      for (let p = table.starts[k] as number; p < (table.starts[k + 1] as number); p++) {
        const to = table.links[p] as number;
        push(to < 0 ? -1 : (remap[to] as number));
      }
    } else {
      const l = links.get((articles[i] as Article).url);
      if (l) {
        push(pos(l.previous));
        push(pos(l.next));
        for (const r of l.related) push(pos(r));
      } else {
        push(-1);
        push(-1);
      }
    }
    starts[i + 1] = length;
  }
  const generation = randomUUID();
  const disk: OnDisk = {
    key,
    generation,
    urls: articles.map((a) => a.url).join("\n"),
    sources: sources.join("\n"),
    tags: JSON.stringify(articles.map((a) => a.tags)),
    links: flat.slice(0, length),
    starts,
  };
  mkdirSync(path.dirname(file), { recursive: true });
  writeWhole(file, v8.serialize(disk));
  // The table's JSON form, which builds before this one kept.
  rmSync(file.replace(/\.v8$/, ".json"), { force: true });
  return generation;
}

function sameLinks(a: ArticleLinks | undefined, b: ArticleLinks | undefined): boolean {
  if (!a || !b) return a === b;
  return a.previous === b.previous && a.next === b.next && a.related.length === b.related.length && a.related.every((r, i) => r === b.related[i]);
}
