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
 * The table is a base and a log (src/base-log.ts), so a publish writes its change, not the archive:
 * each article of the table has an id that does not move (in a base, its place in the base's order;
 * a later article, the next number), its links are kept as ids, and the order is a list of ids. A
 * build's change is a log entry: the ids taken out of the order and put in at their places (a new
 * article, or an edited one under a new id), the new articles' rows, and the links that differ, by
 * id. Reading applies the entries to the base's order (a few moves of a typed array each); a torn,
 * damaged or out-of-place entry, or one over another base, and every link is found afresh. Past
 * `LINKS_COMPACTION` a build writes a new base instead (ids renumbered to places) and the log goes.
 *
 * `verify` (NEWSROOM_PAGE_CACHE=verify) also builds every link and fails when the kept ones differ.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import { appendLog, type Compaction, compacts, type LogState, logEntries, logFrame, readLog } from "../base-log.ts";
import { writeWhole } from "../content-store.ts";
import { NewsroomError } from "../errors/content-error.ts";
import { PROJECT_ROOT } from "../project.ts";
import type { Article } from "../schema/article.ts";
import { sourceDigest } from "./parse-cache.ts";
import { type ArticleLinks, buildArticleLinks, type LinksLookup, linkFinder, memoSlug, nearChange } from "./related.ts";
import type { TagEntry, TagIndex } from "./tags.ts";

export const LINKS_CACHE_DIR = ".cache/links";

/**
 * When a build writes a new base instead of appending its change: a +1 build's entry is the new
 * article's row and a few hundred articles' links (~10 KB), a base at 100,000 articles ~20 MB; each
 * entry also costs a read a few moves of the order. The tests lower it.
 */
export const LINKS_COMPACTION: Compaction = { fraction: 0.25, entries: 100 };

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

/** Kept links that differ from links found afresh: a bug in the update (NEWSROOM_PAGE_CACHE=verify). */
export class LinksCacheError extends NewsroomError {
  override name = "LinksCacheError";
}

/**
 * How this process's editions got their links: updated from a kept table, or found afresh; and how the
 * table was written: a log entry appended, or a new base (the tests read it).
 */
export const linksCacheCounts = { kept: 0, fresh: 0, appended: 0, based: 0 };

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
  const logFile = path.join(options.root, LINKS_CACHE_DIR, `${edition.id}.log`);
  const key = `${code()}\0${edition.id}\0${edition.lang}`;
  const sources = articles.map((a) => sourceDigest(a));
  const loaded = !sources.includes(undefined);
  const table = loaded ? readTable(file, logFile, key) : undefined;
  const found = table && kept(table, articles, sources as string[], tags, lang);
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
  const written =
    (found && appendChange(logFile, found, articles, sources as string[], links)) ??
    save(file, logFile, key, articles, sources as string[], links, found?.reuse);
  linksCacheCounts[written.appended ? "appended" : "based"]++;
  return { links, change: found ? { table: written.generation, from: found.generation, differs: found.differs } : { table: written.generation } };
}

/**
 * The table as read: the base with the log's entries applied. Articles by id (see the module's
 * comment): a base's from 0, in its order; the log's after them, in the order the entries added them.
 */
interface Table {
  key: string;
  /** The base's name, which each log entry names. */
  base: string;
  /** The table's name as read: the last entry's, or the base's (the kept plan notes it). */
  generation: string;
  stored: LogState;
  /** The ids of the edition's articles in order (newest first): the first `size` of `order`. */
  order: Int32Array;
  size: number;
  /** By id: URL and source. */
  urls: string[];
  sources: string[];
  /** The tags of the base's articles (one JSON text, read when needed), and of the log's by id. */
  baseTags: string;
  /** The base's tags, parsed on first use (null: damaged). */
  parsedTags?: string[][] | null;
  addedTags: (string[] | undefined)[];
  /** By id: previous, next, then the related, as ids (-1: none): the base's from `starts[id]` to `starts[id + 1]` of `links`, or the log's. */
  links: Int32Array;
  starts: Int32Array;
  written: (Int32Array | undefined)[];
}

/** An article's kept links: the array and where they start and end in it. */
function span(table: Table, id: number): [Int32Array, number, number] {
  const own = table.written[id];
  if (own) return [own, 0, own.length];
  return [table.links, table.starts[id] as number, table.starts[id + 1] as number];
}

/** A stored article's tags; undefined when the base's tags are damaged (then every link is found afresh). */
function tagsOf(table: Table, id: number): string[] | undefined {
  if (id >= table.starts.length - 1) return table.addedTags[id] ?? [];
  if (table.parsedTags === undefined)
    try {
      const parsed: unknown = JSON.parse(table.baseTags);
      table.parsedTags = Array.isArray(parsed) ? (parsed as string[][]) : null;
    } catch {
      table.parsedTags = null;
    }
  if (table.parsedTags === null) return undefined;
  const tags = table.parsedTags[id] ?? [];
  return isStrings(tags) ? tags : undefined;
}

/** A kept article's links, decoded from the table on first use. */
class KeptLinks implements LinksLookup {
  readonly #decoded = new Map<string, ArticleLinks>();
  constructor(
    readonly table: Table,
    /** By id: the current article where unchanged, the old self of a removed or edited one. */
    readonly before: readonly Article[],
    /** Current URL → position in this build's list. */
    readonly now: ReadonlyMap<string, number>,
    /** Per position in this build's list: the id whose links are kept (-1: found again). */
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

function decode(table: Table, id: number, before: readonly Article[]): ArticleLinks {
  const [list, from, to] = span(table, id);
  const of = (p: number) => (p < 0 ? undefined : before[p]);
  const related: Article[] = [];
  for (let k = from + 2; k < to; k++) related.push(before[list[k] as number] as Article);
  return { previous: of(list[from] as number), next: of(list[from + 1] as number), related };
}

interface Kept {
  links: LinksLookup;
  same: boolean;
  generation: string;
  differs: ReadonlySet<string>;
  /**
   * For the table written next: each current article's id whose links are kept (-1: found again),
   * each id's position in this build's list where its article is unchanged (-1: removed or edited),
   * each current article's id of the same URL (-1: none), and each current article's position by its URL.
   */
  reuse: { table: Table; from: Int32Array; remap: Int32Array; back: Int32Array; now: ReadonlyMap<string, number> };
}

/** The links updated from the kept table, when the change is small. */
function kept(
  table: Table,
  articles: readonly Article[],
  sources: readonly string[],
  tags: TagIndex,
  lang: (tag: string) => string,
): Kept | undefined {
  const { order, size } = table;
  const ids = table.urls.length;
  const now = new Map<string, number>();
  for (let i = 0; i < articles.length; i++) now.set((articles[i] as Article).url, i);
  // The earlier edition, by id and by place: each unchanged article is the article itself; a removed or edited one, its old self (URL, file and tags).
  const changed: Article[] = [];
  const before: Article[] = new Array(ids);
  const beforeList: Article[] = new Array(size);
  // By id: the position in this build's list of its unchanged article (-1: removed, edited or out of the order), and its place in the table's order.
  const remap = new Int32Array(ids).fill(-1);
  const place = new Int32Array(ids).fill(-1);
  // Per position in this build's list, the table's id of the same URL (-1: none), and the places of the
  // table's URLs no article has now: where the table has a URL, without a map of the table's 100,000 URLs.
  const back = new Int32Array(articles.length).fill(-1);
  const gone = new Map<string, number>();
  for (let k = 0; k < size; k++) {
    const id = order[k] as number;
    place[id] = k;
    const url = table.urls[id] as string;
    const at = now.get(url);
    if (at === undefined) gone.set(url, k);
    else back[at] = id;
    if (at !== undefined && sources[at] === table.sources[id]) {
      before[id] = beforeList[k] = articles[at] as Article;
      remap[id] = at;
      continue;
    }
    const oldTags = tagsOf(table, id);
    if (!oldTags) return undefined;
    const old = { url, file: `(before) ${url}`, tags: oldTags } as unknown as Article;
    changed.push(old);
    before[id] = beforeList[k] = old;
  }
  const storedAt = (url: string): number | undefined => {
    const at = now.get(url);
    if (at === undefined) return gone.get(url);
    const id = back[at] as number;
    return id < 0 ? undefined : (place[id] as number);
  };
  // New and edited articles: those without an unchanged article of the table (sources compared once, above).
  for (let i = 0; i < articles.length; i++) {
    const id = back[i] as number;
    if (id < 0 || remap[id] !== i) changed.push(articles[i] as Article);
  }
  if (changed.length > MAX_CHANGED) return undefined;
  const same = changed.length === 0 && size === articles.length;
  const near = same
    ? new Set<Article>()
    : nearChange({ articles: beforeList, tags: tagLists(beforeList, changed, lang, tags, storedAt) }, articles, tags, lang, changed);
  // Each current article's id whose links are kept; -1 where they are found again (near the change: marked by
  // position, not looked up per article).
  const from = new Int32Array(articles.length);
  const isNear = new Uint8Array(articles.length);
  for (const article of near) {
    const i = now.get(article.url);
    if (i !== undefined && articles[i] === article) isNear[i] = 1;
  }
  for (let i = 0; i < articles.length; i++) {
    const id = isNear[i] ? -1 : (back[i] as number);
    if (id < 0 || remap[id] !== i) {
      from[i] = -1;
      continue;
    }
    // Every kept link leads to an article of this build: an old self left in one would be a bug, so everything is found afresh.
    const [list, start, end] = span(table, id);
    for (let p = start; p < end; p++) {
      const to = list[p] as number;
      if (to >= 0 && !((remap[to] as number) >= 0)) return undefined;
    }
    from[i] = id;
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
      const id = back[i] as number;
      if (id < 0 || !sameLinks(links, decode(table, id, before))) differs.add(article.url);
    }
  }
  return {
    links: new KeptLinks(table, before, now, from, fresh),
    same,
    generation: table.generation,
    differs,
    reuse: { table, from, remap, back, now },
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
 * The base on disk (node:v8): URLs and sources each one string (neither holds a newline), the tags one
 * JSON text, the links one array of ids (in a base, an article's id is its place) with where each
 * article's start. Reading 20,000 small arrays of JSON took ~0.1 s; these take a few milliseconds.
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

/** A build's change, as the log's entry (see the module's comment). */
interface LinksEntry {
  key: string;
  /** The base it follows, its place in the log (1, 2, …), and the table's name after it. */
  base: string;
  seq: number;
  generation: string;
  /** Ids taken out of the order, as pairs of place and id: places in the order before the entry, from the last. */
  removed: Int32Array;
  /** Ids put in, as pairs of place and id: places in the order after the entry, from the first. */
  inserted: Int32Array;
  /** The articles it adds (ids from the table's next on): URL, source and tags. */
  urls: string[];
  sources: string[];
  tags: string[][];
  /** The links it writes: per id of `ids`, from `starts[j]` to `starts[j + 1]` of `links` (ids; -1: none). */
  ids: Int32Array;
  starts: Int32Array;
  links: Int32Array;
}

/** The table: the base made under `key`, with its log applied; undefined when either is not to be trusted. */
function readTable(file: string, logFile: string, key: string): Table | undefined {
  let bytes: Buffer;
  let disk: OnDisk;
  try {
    bytes = readFileSync(file);
    disk = v8.deserialize(bytes) as OnDisk;
  } catch {
    return undefined;
  }
  if (disk?.key !== key || typeof disk.generation !== "string" || typeof disk.tags !== "string") return undefined;
  if (typeof disk.urls !== "string" || typeof disk.sources !== "string") return undefined;
  const split = (text: string) => (text === "" ? [] : text.split("\n"));
  const urls = split(disk.urls);
  const sources = split(disk.sources);
  const size = urls.length;
  if (!(disk.links instanceof Int32Array) || !(disk.starts instanceof Int32Array) || disk.starts.length !== size + 1 || sources.length !== size)
    return undefined;
  // Rows that run in order over the links, and links that are ids of the base or none (-1): else a damaged base.
  if (disk.starts[0] !== 0 || disk.starts[size] !== disk.links.length) return undefined;
  for (let k = 0; k < size; k++) if ((disk.starts[k + 1] as number) < (disk.starts[k] as number)) return undefined;
  for (const to of disk.links) if (to < -1 || to >= size) return undefined;
  const order = new Int32Array(size + 64);
  for (let k = 0; k < size; k++) order[k] = k;
  let log: Buffer;
  let entries: unknown[] | undefined;
  try {
    log = readLog(logFile);
    entries = logEntries(log);
  } catch {
    return undefined;
  }
  // A torn or damaged log: nothing is trusted, and every link is found afresh (and a new base written).
  if (!entries) return undefined;
  const table: Table = {
    key,
    base: disk.generation,
    generation: disk.generation,
    stored: { baseBytes: bytes.length, logBytes: log.length, entries: entries.length },
    order,
    size,
    urls,
    sources,
    baseTags: disk.tags,
    addedTags: [],
    links: disk.links,
    starts: disk.starts,
    written: [],
  };
  for (let i = 0; i < entries.length; i++) if (!applyEntry(table, entries[i] as LinksEntry, i + 1)) return undefined;
  return table;
}

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === "string");

/** Applies a log entry to the table; false when it is not the entry expected there (another base, out of place, malformed). */
function applyEntry(table: Table, entry: LinksEntry, seq: number): boolean {
  if (entry?.key !== table.key || entry.base !== table.base || entry.seq !== seq || typeof entry.generation !== "string") return false;
  const { removed, inserted, ids, starts, links } = entry;
  if (![removed, inserted, ids, starts, links].every((a) => a instanceof Int32Array)) return false;
  if (removed.length % 2 !== 0 || inserted.length % 2 !== 0 || starts.length !== ids.length + 1 || starts[ids.length] !== links.length) return false;
  if (!isStrings(entry.urls) || !isStrings(entry.sources) || !Array.isArray(entry.tags) || !entry.tags.every(isStrings)) return false;
  if (entry.sources.length !== entry.urls.length || entry.tags.length !== entry.urls.length) return false;
  for (let j = 0; j < entry.urls.length; j++) {
    table.addedTags[table.urls.length] = entry.tags[j];
    table.urls.push(entry.urls[j] as string);
    table.sources.push(entry.sources[j] as string);
  }
  const count = table.urls.length;
  for (let j = 0; j < removed.length; j += 2) {
    const at = removed[j] as number;
    if (!(at >= 0 && at < table.size && table.order[at] === removed[j + 1])) return false;
    table.order.copyWithin(at, at + 1, table.size);
    table.size--;
  }
  for (let j = 0; j < inserted.length; j += 2) {
    const at = inserted[j] as number;
    const id = inserted[j + 1] as number;
    if (!(at >= 0 && at <= table.size && id >= 0 && id < count)) return false;
    if (table.size === table.order.length) {
      const grown = new Int32Array(table.order.length * 2 + 64);
      grown.set(table.order);
      table.order = grown;
    }
    table.order.copyWithin(at + 1, at, table.size);
    table.order[at] = id;
    table.size++;
  }
  for (let j = 0; j < ids.length; j++) {
    const id = ids[j] as number;
    const from = starts[j] as number;
    const to = starts[j + 1] as number;
    if (!(id >= 0 && id < count && from <= to && to - from >= 2)) return false;
    const own = links.subarray(from, to);
    if (!own.every((to) => to >= -1 && to < count)) return false;
    table.written[id] = own;
  }
  table.generation = entry.generation;
  return true;
}

/**
 * Appends the build's change to the log and returns the table's new name; undefined when a new base
 * is due instead (`LINKS_COMPACTION`, or unchanged articles that are not in their earlier order).
 * Not fsynced: the table is a cache, and whatever a crash leaves is an earlier table (a base and a
 * prefix of its log) or one that is not trusted (a torn frame).
 */
function appendChange(
  logFile: string,
  found: Kept,
  articles: readonly Article[],
  sources: readonly string[],
  links: LinksLookup,
): { generation: string; appended: boolean } | undefined {
  const { table, from, remap, back, now } = found.reuse;
  const count = table.urls.length;
  // Each current article's id: an unchanged article's own; a new or edited one's, the next number.
  const idNow = new Int32Array(articles.length);
  const inserted: number[] = [];
  const added: Pick<LinksEntry, "urls" | "sources" | "tags"> = { urls: [], sources: [], tags: [] };
  let next = count;
  for (let i = 0; i < articles.length; i++) {
    const id = back[i] as number;
    if (id >= 0 && remap[id] === i) {
      idNow[i] = id;
      continue;
    }
    const article = articles[i] as Article;
    idNow[i] = next;
    inserted.push(i, next++);
    added.urls.push(article.url);
    added.sources.push(sources[i] as string);
    added.tags.push(article.tags);
  }
  // The ids of removed and edited articles come out; the others must be in this build's order already.
  const removed: number[] = [];
  let last = articles.length;
  for (let k = table.size - 1; k >= 0; k--) {
    const id = table.order[k] as number;
    const at = remap[id] as number;
    if (at < 0) removed.push(k, id);
    else if (at >= last) return undefined;
    else last = at;
  }
  const position = (a: Article | undefined) => {
    const i = a && now.get(a.url);
    return i === undefined ? -1 : (idNow[i] as number);
  };
  const ids: number[] = [];
  const starts: number[] = [0];
  const flat: number[] = [];
  for (let i = 0; i < articles.length; i++) {
    if ((from[i] as number) >= 0) continue;
    const id = idNow[i] as number;
    const article = articles[i] as Article;
    // Links found again that are as kept (the same articles, under the same ids) are not written again.
    if (id < count && !found.differs.has(article.url)) continue;
    const l = links.get(article.url);
    ids.push(id);
    flat.push(position(l?.previous), position(l?.next));
    for (const r of l?.related ?? []) flat.push(position(r));
    starts.push(flat.length);
  }
  const generation = randomUUID();
  const seq = table.stored.entries + 1;
  const entry: LinksEntry = {
    key: table.key,
    base: table.base,
    seq,
    generation,
    removed: Int32Array.from(removed),
    inserted: Int32Array.from(inserted),
    ...added,
    ids: Int32Array.from(ids),
    starts: Int32Array.from(starts),
    links: Int32Array.from(flat),
  };
  const frame = logFrame(entry);
  if (compacts(LINKS_COMPACTION, table.stored, seq, frame.length)) return undefined;
  appendLog(logFile, table.stored.logBytes, frame, { sync: false });
  return { generation, appended: true };
}

/**
 * Writes a new base for the next build (and removes the log) and returns its name. Links kept from
 * the table read (`reuse`) are copied from it, their ids moved to this build's places; the others are
 * written out.
 */
function save(
  file: string,
  logFile: string,
  key: string,
  articles: readonly Article[],
  sources: readonly string[],
  links: LinksLookup,
  reuse?: Kept["reuse"],
): { generation: string; appended: boolean } {
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
    const id = reuse ? (reuse.from[i] as number) : -1;
    if (reuse && id >= 0) {
      const { table, remap } = reuse;
      const [list, start, end] = span(table, id);
      for (let p = start; p < end; p++) {
        const to = list[p] as number;
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
  // The log of the base replaced (its entries name that base: never applied to this one), and the table's JSON form, which builds before this one kept.
  rmSync(logFile, { force: true });
  rmSync(file.replace(/\.v8$/, ".json"), { force: true });
  return { generation, appended: false };
}

function sameLinks(a: ArticleLinks | undefined, b: ArticleLinks | undefined): boolean {
  if (!a || !b) return a === b;
  return a.previous === b.previous && a.next === b.next && a.related.length === b.related.length && a.related.every((r, i) => r === b.related[i]);
}
