/**
 * Parsed articles, cached by content (issue 19): a publish must not parse, read or even hash a
 * whole archive again. An article that parsed without a problem is kept under its path, with the
 * hash of its path and bytes and what `stat` said of the file, in one table per *parse
 * environment*: the code that parses and validates (src/schema, src/content, the parser, the
 * dates, the dependencies' versions through package-lock.json), the site config and the author
 * ids. Whatever changes one of those starts a new table; the tables of other environments are
 * pruned.
 *
 * A table is a folder of the ContentStore `.cache/articles/`, one chunk per folder of articles (a
 * month, in the newsroom's layout), each written whole under a staging name when one of its
 * articles changed: one new article rewrites one month's chunk, not the archive's. A chunk is in
 * node:v8's serialization: every load reads every chunk, and v8 reads them in about half the time
 * JSON took (~17 MB at 20k articles: ~0.1 s less per build), the values exactly as the parse gave
 * them (JSON wrote an undefined field's value as null).
 *
 * The stat shortcut (as git's index): a file whose size, mtime, ctime and inode are those kept is
 * taken to have the bytes kept, and is not read or hashed. A file changed within `RACY_MS` of the
 * load that recorded it could change again unseen within the same timestamp, so its stat is not
 * kept and it is hashed again next time. An edit that restores size and mtime still moves the
 * ctime, which no user can set; a fresh clone (CI) has new times everywhere, and is hashed whole,
 * but not parsed again. With lazy bodies (`lazyBodies` in src/model/load.ts), a file not read at load has
 * its body read when first asked for, and checked against the hash: a file changed under the
 * build fails it with a ContentError naming the file, never gives a wrong body.
 *
 * What is kept is the article without its body (the body is the file's text from an offset) and
 * its dates as instants (revived in the edition's zone), its fields in the parse's order (pages'
 * cache keys hash them in order). The only check that depends on the clock (`updated` and
 * corrections not later than it) is made again on every hit: an article that would now fail it
 * is parsed again, and reports the problem. Files with a BOM or CR line endings are parsed every
 * time (their text is normalised first).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import type { DateTime } from "luxon";
import { type ArticleNotes, attachNotes, notesFor, notesOf } from "../content/article-notes.ts";
import { type BodyFacts, type BodyImageRef, bodyFacts, noteBodyFacts } from "../content/body-facts.ts";
import type { FileStat } from "../content/stat-ahead.ts";
import { ContentStore } from "../content-store.ts";
import { instantIn, newsroomZone } from "../dates.ts";
import { ContentError } from "../errors/content-error.ts";
import { PROJECT_ROOT } from "../project.ts";
import type { Article } from "../schema/article.ts";
import type { Author } from "../schema/author.ts";
import type { SiteConfig } from "../schema/site.ts";

export const PARSE_CACHE_DIR = ".cache/articles";

/** Bump when what is stored changes in a way the environment's hash cannot see. */
const FORMAT = 6;

/**
 * A file whose mtime or ctime is this close to the load's start (or later) has its stat not
 * kept: it could change again within the same timestamp after it was read (git's "racy" files).
 * Two seconds also cover a file system whose clock is a little off the process's.
 */
export const RACY_MS = 2000;

/** The code an article's parse depends on: folders whole, and single files. */
const CODE = [
  "src/schema",
  "src/content",
  "src/model/parse-article.ts",
  "src/model/parse-cache.ts",
  "src/model/paths.ts",
  "src/dates.ts",
  "src/slug.ts",
  "package-lock.json",
];

/** What `stat` says of a file that the shortcut compares: size, mtime, ctime, inode. */
type StatKey = [number, number, number, number];

/** The length of a kept hash (`ParseCache.hash`): a chunk's hashes are one string of them. */
const HASH_LENGTH = 32;

/**
 * One chunk: the articles of one folder, in columns, one entry per article in file order: its file
 * name (the names one string, each ended by "\0"), the hash of its path and bytes (`ParseCache.hash`,
 * one string of them all), the file's stat when it had these bytes (size, mtime, ctime, inode; a size
 * of -1 when it was racy: hashed again next time), the slug the file name gives where the article's
 * is another (else 0), where the body starts in the file's text (-1: a brief, no body), its shape's
 * number, and its body facts (src/content/body-facts.ts: length, relative links 1 or 0, and the
 * images of the few bodies with any, as [article, src, alt, line] one after another): what a build
 * needs of an unchanged body without reading it. `values` holds the articles' fields one article
 * after another, each in the parse's order as its shape names them: its body and file placeholders,
 * its dates milliseconds since the epoch. Columns rather than a row an article: v8 reads numbers in
 * typed arrays and two long strings at once, where a row was an array, a stat array and a facts array
 * per article (a quarter of a load's young objects, each copied by the collector before the load ended).
 */
interface Chunk {
  format: number;
  dir: string;
  shapes: string[][];
  names: string;
  hashes: string;
  stats: Float64Array;
  slugs: (string | 0)[];
  offsets: Float64Array;
  shape: Uint16Array;
  lengths: Float64Array;
  links: Uint8Array;
  images: unknown[];
  values: unknown[];
}

/** The body facts of most articles have no image: one list for them all (nothing writes into it). */
const NO_IMAGES: BodyFacts["images"] = Object.freeze([]);

/** Whether a chunk read back has the columns, each as long as its names say; its article count, or -1. */
function chunkSize(chunk: Chunk): number {
  if (typeof chunk.names !== "string" || typeof chunk.hashes !== "string" || !Array.isArray(chunk.shapes)) return -1;
  if (!chunk.shapes.every((names) => Array.isArray(names) && names.every((name) => typeof name === "string"))) return -1;
  const n = chunk.names === "" ? 0 : chunk.names.split("\0").length - 1;
  const ok =
    chunk.hashes.length === n * HASH_LENGTH &&
    chunk.stats instanceof Float64Array &&
    chunk.stats.length === 4 * n &&
    Array.isArray(chunk.slugs) &&
    chunk.slugs.length === n &&
    chunk.offsets instanceof Float64Array &&
    chunk.offsets.length === n &&
    chunk.shape instanceof Uint16Array &&
    chunk.shape.length === n &&
    chunk.lengths instanceof Float64Array &&
    chunk.lengths.length === n &&
    chunk.links instanceof Uint8Array &&
    chunk.links.length === n &&
    Array.isArray(chunk.images) &&
    Array.isArray(chunk.values);
  return ok ? n : -1;
}

/**
 * Where each of a chunk's `n` articles' values start in `values`, when every article names one of its
 * shapes and the values are exactly as many as the shapes ask for; else undefined (a damaged chunk,
 * whose articles would read their neighbours' fields: its folder is parsed again).
 */
function valueStarts(chunk: Chunk, n: number, kinds: readonly Shape[]): Int32Array | undefined {
  const starts = new Int32Array(n);
  let at = 0;
  for (let i = 0; i < n; i++) {
    const shape = kinds[chunk.shape[i] as number];
    if (!shape) return undefined;
    starts[i] = at;
    at += shape.keys.length;
  }
  return at === chunk.values.length ? starts : undefined;
}

/** How an article's value becomes a field: as it is, or as the field's kind says. */
const PLAIN = 0;
const BODY = 1;
const FILE = 2;
const DATE = 3;
const CORRECTIONS = 4;
const SHARED = 5;
const SHARED_LIST = 6;

/**
 * A chunk's shape as `get` uses it, worked out once per chunk rather than once per article: its
 * field names as property keys (a name read from a chunk is a new string each time, which V8
 * would look up in its table of names at every store), each field's kind, and where the edition is.
 */
interface Shape {
  /** Also its field names, in order: what an article's values are. */
  keys: string[];
  kinds: Uint8Array;
  edition: number;
}

/**
 * Values many articles share (editions, sections, days, tags, authors) are read from a chunk as a new
 * string each (node:v8 makes every string it reads): kept as one string per value (`SHARED`, and each
 * string of a `SHARED_LIST`). At 100,000 articles ~800,000 strings fewer live through the build
 * (a publish: ~0.1 s less of the model and the scavenges, 4 pairs of +1 builds).
 */
const KINDS: Record<string, number> = {
  body: BODY,
  file: FILE,
  date: DATE,
  updated: DATE,
  corrections: CORRECTIONS,
  edition: SHARED,
  section: SHARED,
  dayUrl: SHARED,
  tags: SHARED_LIST,
  authors: SHARED_LIST,
};

/**
 * Shapes by their field names (joined): every chunk of a table holds the same few dozen shapes, each
 * worked out once per process (1,500 shapes in the 60 chunks of a 20k archive were ~15 ms of each load).
 */
const shapes = new Map<string, Shape>();

function shapeOf(names: string[]): Shape {
  const id = names.join("\n");
  let shape = shapes.get(id);
  if (!shape) {
    const keys = names.map((n) => Object.keys({ [n]: 0 })[0] as string);
    shape = {
      keys,
      kinds: Uint8Array.from(names, (n) => (Object.hasOwn(KINDS, n) ? (KINDS[n] as number) : PLAIN)),
      edition: names.indexOf("edition"),
    };
    shapes.set(id, shape);
  }
  return shape;
}

/** A chunk as the load goes: what was kept, and what this load found. */
interface Folder {
  name: string;
  /** The chunk read (an empty one when there was none), its articles by file name, its shapes, and where each article's values start. */
  chunk: Chunk;
  kept: Map<string, number>;
  shapes: Shape[];
  starts: Int32Array;
  images: Map<number, BodyImageRef[]>;
  /**
   * This load's entries, by file name: what the chunk will hold. A kept article by its number (a
   * hit whose stat is the one kept: nothing of it changed), one with the stat it has now, or what a parse gave.
   */
  now: Map<string, number | Restat | Fresh>;
  changed: boolean;
  /** The chunk as another thread serialized it (`adopt`): written as it is when this load kept every article of it unchanged. */
  bytes?: Uint8Array;
}

interface Restat {
  i: number;
  t: StatKey | undefined;
}

interface Fresh {
  article: Article;
  f: BodyFacts;
  o: number;
  s: string;
  h: string;
  t?: StatKey;
}

const EMPTY: Chunk = {
  format: FORMAT,
  dir: "",
  shapes: [],
  names: "",
  hashes: "",
  stats: new Float64Array(0),
  slugs: [],
  offsets: new Float64Array(0),
  shape: new Uint16Array(0),
  lengths: new Float64Array(0),
  links: new Uint8Array(0),
  images: [],
  values: [],
};

let codeDigest: string | undefined;

function code(): string {
  if (codeDigest) return codeDigest;
  const hash = createHash("sha256").update(`format ${FORMAT}\0icu ${process.versions.icu}\0`);
  const add = (file: string) =>
    hash
      .update(file)
      .update("\0")
      .update(readFileSync(path.join(PROJECT_ROOT, file)))
      .update("\0");
  for (const entry of CODE) {
    const full = path.join(PROJECT_ROOT, entry);
    if (!entry.includes(".")) for (const name of readdirSync(full).sort()) add(`${entry}/${name}`);
    else add(entry);
  }
  codeDigest = hash.digest("hex");
  return codeDigest;
}

/** The parse environment's key: the code, the config and the author ids. */
export function parseEnvironment(config: SiteConfig, authors: ReadonlyMap<string, Author>): string {
  return createHash("sha256")
    .update(code())
    .update("\0")
    .update(JSON.stringify(config))
    .update("\0")
    .update([...authors.keys()].sort().join("\n"))
    .digest("hex")
    .slice(0, 32);
}

/** An article's source digest: the parse environment and its file's hash (what keys and the kept tables compare). */
function sourceText(environment: string, fileHash: string): string {
  return `${environment}:${fileHash}`;
}

/**
 * Notes where a loaded article came from: the parse environment's key and the hash of its path
 * and bytes (`ParseCache.hash`). An article is a function of those alone (the clock only decides
 * whether it is valid), so the pair names its content: pages' cache keys use it for the whole
 * article instead of hashing its fields and body on every build (src/pages/keys.ts).
 */
export function noteSource(article: object, environment: string, fileHash: string): void {
  notesFor(article).source = sourceText(environment, fileHash);
}

/** The source digest `noteSource` gave this article object, if it was loaded from a file. */
export function sourceDigest(article: object): string | undefined {
  return notesOf(article)?.source;
}

/** Notes the source of an article parsed outside a load (the preview's one-file update), as a load would have. */
export function noteParsedSource(article: object, file: string, bytes: Uint8Array, config: SiteConfig, authors: ReadonlyMap<string, Author>): void {
  noteSource(article, parseEnvironment(config, authors), ParseCache.hash(file, bytes));
}

export interface CachedParse {
  article: Article;
  fileSlug: string;
}

/** The stat fields the shortcut compares. */
function statKey(stat: FileStat): StatKey {
  return [stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino];
}

/** Whether the stat kept for article `i` of a chunk (none: a size of -1) is the file's now. */
function sameStat(stats: Float64Array, i: number, stat: FileStat): boolean {
  const k = 4 * i;
  return stats[k] === stat.size && stats[k + 1] === stat.mtimeMs && stats[k + 2] === stat.ctimeMs && stats[k + 3] === stat.ino;
}

/** An article's folder and file name (`content/articles/eng/2025/03`, `x.md`). */
export function split(file: string): [string, string] {
  const slash = file.lastIndexOf("/");
  return slash < 0 ? ["", file] : [file.slice(0, slash), file.slice(slash + 1)];
}

/** The error of a body read after its file changed (or went) under the build. */
export function changedUnderBuild(file: string, received: string): ContentError {
  return new ContentError([
    {
      file,
      line: 1,
      field: "",
      message: `expected the file as this build loaded it, received ${received} while the build ran; build again`,
      severity: "error",
    },
  ]);
}

export class ParseCache {
  /** The repository's folder, ending in a separator: a file's path is this and its name. */
  readonly #base: string;
  readonly #store: ContentStore;
  /** The chunks of this environment's table. */
  readonly #chunks: ContentStore;
  readonly #zones: (edition: string) => ReturnType<typeof newsroomZone>;
  readonly #folders = new Map<string, Folder>();
  /** One string per value of the `SHARED` fields this cache read. */
  readonly #strings = new Map<string, string>();

  #shared(value: string): string {
    const known = this.#strings.get(value);
    if (known !== undefined) return known;
    this.#strings.set(value, value);
    return value;
  }
  /** The file `knownHash` last looked up, with its folder and number: `get` of the same file does not look again. */
  #last: { file: string; folder: Folder; name: string; i: number | undefined } | undefined;
  /** Times not older than this are racy (`RACY_MS`). */
  readonly #racyFrom: number;
  /** The parse environment's key (`parseEnvironment`): the table's name. */
  readonly environment: string;

  constructor(root: string, config: SiteConfig, authors: ReadonlyMap<string, Author>, startedAt = Date.now()) {
    this.#base = path.join(path.resolve(root), path.sep);
    this.#store = new ContentStore(path.join(root, PARSE_CACHE_DIR));
    this.environment = parseEnvironment(config, authors);
    this.#chunks = new ContentStore(this.#store.path(this.environment));
    this.#racyFrom = startedAt - RACY_MS;
    const zones = new Map(config.editions.map((e) => [e.id, newsroomZone(e.timeZone ?? config.timeZone)]));
    const fallback = newsroomZone(config.timeZone);
    this.#zones = (edition) => zones.get(edition) ?? fallback;
  }

  /** The hash a file is kept under: its path and its bytes. */
  static hash(file: string, bytes: Uint8Array): string {
    return createHash("sha256").update(file).update("\0").update(bytes).digest("hex").slice(0, 32);
  }

  #folder(dir: string): Folder {
    const folder = this.#folders.get(dir);
    if (folder) return folder;
    const name = chunkName(dir);
    let read: Chunk | undefined;
    try {
      read = deserialize(readFileSync(this.#chunks.path(name))) as Chunk;
    } catch {
      // No chunk, a broken one, or no table: the folder's files are read and parsed.
    }
    return this.#folderOf(dir, name, read);
  }

  /** A folder's entry from the chunk read for it (none, or one that does not hold up: its files are read and parsed). */
  #folderOf(dir: string, name: string, read: Chunk | undefined): Folder {
    let chunk = EMPTY;
    let n = 0;
    let kinds: Shape[] = [];
    let starts: Int32Array = new Int32Array(0);
    // A chunk of another format, or (however unlikely) of another folder under the same name, is not used.
    if (read?.format === FORMAT && read.dir === dir) {
      const size = chunkSize(read);
      const readKinds = size >= 0 ? read.shapes.map(shapeOf) : [];
      const readStarts = size >= 0 ? valueStarts(read, size, readKinds) : undefined;
      if (readStarts) [chunk, n, kinds, starts] = [read, size, readKinds, readStarts];
    }
    const kept = new Map<string, number>();
    let from = 0;
    for (let i = 0; i < n; i++) {
      const end = chunk.names.indexOf("\0", from);
      kept.set(chunk.names.slice(from, end), i);
      from = end + 1;
    }
    const images = new Map<number, BodyImageRef[]>();
    for (let k = 0; k + 3 < chunk.images.length; k += 4) {
      const i = chunk.images[k] as number;
      const list = images.get(i) ?? [];
      list.push({ src: chunk.images[k + 1] as string, alt: chunk.images[k + 2] as string, line: chunk.images[k + 3] as number });
      images.set(i, list);
    }
    const folder: Folder = { name, chunk, kept, shapes: kinds, starts, images, now: new Map(), changed: false };
    this.#folders.set(dir, folder);
    return folder;
  }

  /**
   * Whether this environment's table holds no chunk at all (a first build, or one after the code, the config or
   * the author list changed): every file will be parsed, which another thread can share (src/model/parse-ahead.ts).
   */
  empty(): boolean {
    try {
      return this.#chunks.keys().size === 0;
    } catch {
      // No table, or one of an older format (a file where the folder would be): nothing kept.
      return true;
    }
  }

  /**
   * Takes a folder's chunk as another thread's ParseCache made it (`chunkOf`), in place of the table's: its
   * articles are then hits, and the folder is written at `save`. Returns the chunk's file names in its order
   * (none when it does not hold up, or the folder was already looked at: its files are then read and parsed here).
   */
  adopt(dir: string, bytes: Uint8Array): string[] {
    if (this.#folders.has(dir)) return [];
    const folder = this.#folderOf(dir, chunkName(dir), deserialize(bytes) as Chunk);
    folder.changed = true;
    folder.bytes = bytes;
    return [...folder.kept.keys()];
  }

  /** The chunk this load's entries of `dir` make (what `save` would write), serialized; for `adopt` on another thread. */
  chunkOf(dir: string): Uint8Array | undefined {
    const folder = this.#folders.get(dir);
    return folder && folder.now.size > 0 ? serialize(columns(dir, folder)) : undefined;
  }

  /**
   * The hash of a file's bytes, when the table kept it for exactly this stat (the file is then
   * not read); undefined when the file must be read and hashed.
   */
  knownHash(file: string, stat: FileStat): string | undefined {
    const [dir, name] = split(file);
    const folder = this.#folder(dir);
    const i = folder.kept.get(name);
    this.#last = { file, folder, name, i };
    return i !== undefined && sameStat(folder.chunk.stats, i, stat) && !this.#racy(stat) ? hashOf(folder.chunk, i) : undefined;
  }

  #racy(stat: FileStat): boolean {
    return stat.mtimeMs >= this.#racyFrom || stat.ctimeMs >= this.#racyFrom;
  }

  /**
   * The article parsed from these bytes before, when still valid at `now`. `text` is the file
   * decoded; without it (a file the stat shortcut did not read) the body is read on first use,
   * and checked against `hash`. `stat` is the file's now, kept for the next load.
   */
  get(file: string, hash: string, stat: FileStat, now: DateTime, text?: string): CachedParse | undefined {
    const last = this.#last;
    this.#last = undefined;
    let folder: Folder;
    let name: string;
    let i: number | undefined;
    // The article `knownHash` has just found for this file (nothing drops one between the two calls).
    if (last?.file === file) ({ folder, name, i } = last);
    else {
      const [dir, base] = split(file);
      folder = this.#folder(dir);
      name = base;
      i = folder.kept.get(name);
    }
    if (i === undefined) return undefined;
    const chunk = folder.chunk;
    if (hashOf(chunk, i) !== hash) return undefined;
    if (text !== undefined && (text.startsWith("\uFEFF") || text.includes("\r"))) return undefined;
    const shape = folder.shapes[chunk.shape[i] as number];
    if (!shape) return undefined;
    // A new object, its fields added in the stored order (the parse's): articles of one shape share a hidden class
    // (a body made an accessor on an existing object would make it a slow dictionary).
    const offset = chunk.offsets[i] as number;
    const start = folder.starts[i] as number;
    const zone = this.#zones(chunk.values[start + shape.edition] as string);
    // The article's notes made whole at once, one object of one shape for every article.
    const notes: ArticleNotes = {
      source: sourceText(this.environment, hash),
      facts: { length: chunk.lengths[i] as number, relativeLinks: chunk.links[i] === 1, images: folder.images.get(i) ?? NO_IMAGES },
      lazy: offset >= 0 && text === undefined ? { base: this.#base, file, hash, offset, body: undefined } : undefined,
    };
    const { keys, kinds } = shape;
    const b: Record<string, unknown> = {};
    for (let j = 0; j < keys.length; j++) {
      const k = keys[j] as string;
      const v = chunk.values[start + j];
      switch (kinds[j]) {
        case BODY:
          if (notes.lazy) Object.defineProperty(b, "body", LAZY_BODY);
          else b.body = offset < 0 ? "" : (text as string).slice(offset);
          break;
        case FILE:
          b.file = file;
          break;
        case DATE:
          b[k] = instantIn(v as number, zone);
          break;
        case CORRECTIONS:
          b[k] = (v as Array<{ date: number }>).map((c) => ({ ...c, date: instantIn(c.date, zone) }));
          break;
        case SHARED:
          b[k] = typeof v === "string" ? this.#shared(v) : v;
          break;
        case SHARED_LIST:
          // The list is the one this chunk read (the article is frozen after, and so is the list): its strings are swapped in place.
          if (Array.isArray(v) && !Object.isFrozen(v)) for (let e = 0; e < v.length; e++) if (typeof v[e] === "string") v[e] = this.#shared(v[e]);
          b[k] = v;
          break;
        default:
          b[k] = v;
      }
    }
    const article = b as unknown as Article;
    // The clock check of crossFieldIssues, again: a time later than this build's clock is parsed (and reported) anew.
    const clock = now.toMillis();
    if ((article.updated && article.updated.toMillis() > clock) || article.corrections?.some((c) => c.date.toMillis() > clock)) {
      folder.kept.delete(name);
      return undefined;
    }
    attachNotes(article, notes);
    const fileSlug = chunk.slugs[i] || article.slug;
    // Kept as it is when the stat is the one kept (or none was, nor is now); else with the stat now.
    const racy = this.#racy(stat);
    if (racy ? chunk.stats[4 * i] === -1 : sameStat(chunk.stats, i, stat)) folder.now.set(name, i);
    else {
      folder.now.set(name, { i, t: racy ? undefined : statKey(stat) });
      folder.changed = true;
      folder.bytes = undefined;
    }
    return { article, fileSlug };
  }

  /** Keeps a parse: `text` is the file decoded, whose end is the article's body; `stat` the file's. Returns whether it was kept. */
  set(file: string, hash: string, stat: FileStat, text: string, article: Article, fileSlug: string): boolean {
    if (text.startsWith("\uFEFF") || text.includes("\r")) return false;
    const brief = article.body === "";
    if (!brief && !text.endsWith(article.body)) return false;
    const [dir, name] = split(file);
    const folder = this.#folder(dir);
    const t = this.#racy(stat) ? undefined : statKey(stat);
    const facts = bodyFacts(article.body, article.bodyStartLine);
    noteBodyFacts(article, facts);
    folder.now.set(name, {
      article,
      f: facts,
      o: brief ? -1 : text.length - article.body.length,
      s: fileSlug,
      h: hash,
      ...(t ? { t } : {}),
    });
    folder.changed = true;
    folder.bytes = undefined;
    return true;
  }

  /**
   * After a load without errors: writes the chunks that gained, lost or changed an article,
   * removes those of folders that have no articles any more, and prunes other environments' tables.
   */
  async save(): Promise<void> {
    const table = this.#chunks.dir;
    let present: string[] = [];
    try {
      present = readdirSync(table);
    } catch (error) {
      // A table of an older format in the folder's place (a file): replaced.
      if ((error as NodeJS.ErrnoException).code === "ENOTDIR") rmSync(table, { force: true });
    }
    let others: string[] = [];
    try {
      others = readdirSync(this.#store.dir).filter((n) => n !== this.environment);
    } catch {
      // No cache folder yet.
    }
    const names = new Set<string>();
    const chunks: Array<[string, Uint8Array]> = [];
    for (const [dir, folder] of this.#folders) {
      if (folder.now.size === 0) continue;
      names.add(folder.name);
      if (!folder.changed && folder.now.size === folder.kept.size) continue;
      chunks.push([folder.name, folder.bytes && whole(folder) ? folder.bytes : serialize(columns(dir, folder))]);
    }
    if (chunks.length === 0 && others.length === 0 && present.every((n) => names.has(n))) return;
    await Promise.all(chunks.map(([name, bytes]) => this.#chunks.putBytes(name, bytes)));
    this.#chunks.keys();
    await this.#chunks.prune(names);
    this.#store.keys();
    await this.#store.prune(new Set([this.environment]));
  }
}

/** Whether this load kept every article of the folder's chunk, each at its place with the stat the chunk holds: the chunk as it is. */
function whole(folder: Folder): boolean {
  if (folder.now.size !== folder.kept.size) return false;
  let i = 0;
  for (const entry of folder.now.values()) if (entry !== i++) return false;
  return true;
}

/** A folder's chunk's name in the table. */
function chunkName(dir: string): string {
  return createHash("sha256").update(dir).digest("hex").slice(0, 20);
}

/** The hash kept for article `i` of a chunk. */
function hashOf(chunk: Chunk, i: number): string {
  return chunk.hashes.slice(i * HASH_LENGTH, (i + 1) * HASH_LENGTH);
}

/** The chunk a folder's entries make: kept articles copied from the chunk read, parsed ones from their articles. */
function columns(dir: string, folder: Folder): Chunk {
  const shapes = new Map<string, number>();
  const shapeNumber = (names: readonly string[]) => {
    const id = names.join("\n");
    let shape = shapes.get(id);
    if (shape === undefined) {
      shape = shapes.size;
      shapes.set(id, shape);
    }
    return shape;
  };
  const n = folder.now.size;
  const names: string[] = [];
  const hashes: string[] = [];
  const stats = new Float64Array(4 * n).fill(-1);
  const slugs: (string | 0)[] = [];
  const offsets = new Float64Array(n);
  const shape = new Uint16Array(n);
  const lengths = new Float64Array(n);
  const links = new Uint8Array(n);
  const images: unknown[] = [];
  const values: unknown[] = [];
  const kept = folder.chunk;
  let at = 0;
  for (const [name, entry] of folder.now) {
    names.push(`${name}\0`);
    if (typeof entry === "number" || "i" in entry) {
      // Kept: its columns copied, its values as they were written; only its shape's number is this chunk's.
      const i = typeof entry === "number" ? entry : entry.i;
      const keys = (folder.shapes[kept.shape[i] as number] as Shape).keys;
      hashes.push(hashOf(kept, i));
      const t = typeof entry === "number" ? Array.from(kept.stats.subarray(4 * i, 4 * i + 4)) : entry.t;
      if (t) stats.set(t, 4 * at);
      slugs.push(kept.slugs[i] ?? 0);
      offsets[at] = kept.offsets[i] as number;
      shape[at] = shapeNumber(keys);
      lengths[at] = kept.lengths[i] as number;
      links[at] = kept.links[i] as number;
      for (const image of folder.images.get(i) ?? []) images.push(at, image.src, image.alt, image.line);
      const start = folder.starts[i] as number;
      for (let j = 0; j < keys.length; j++) values.push(kept.values[start + j]);
    } else {
      const fields = stored(entry.article);
      hashes.push(entry.h);
      if (entry.t) stats.set(entry.t, 4 * at);
      slugs.push(entry.s === entry.article.slug ? 0 : entry.s);
      offsets[at] = entry.o;
      shape[at] = shapeNumber(Object.keys(fields));
      lengths[at] = entry.f.length;
      links[at] = entry.f.relativeLinks ? 1 : 0;
      for (const image of entry.f.images) images.push(at, image.src, image.alt, image.line);
      for (const value of Object.values(fields)) values.push(value);
    }
    at++;
  }
  return {
    format: FORMAT,
    dir,
    shapes: [...shapes.keys()].map((id) => id.split("\n")),
    names: names.join(""),
    hashes: hashes.join(""),
    stats,
    slugs,
    offsets,
    shape,
    lengths,
    links,
    images,
    values,
  };
}

/**
 * An article as a table keeps it: its body and file placeholders (a lazy body stays unread; the
 * file is the chunk's folder and the entry's name), its dates milliseconds.
 */
function stored(article: Article): Record<string, unknown> {
  const a: Record<string, unknown> = {};
  const source = article as unknown as Record<string, unknown>;
  for (const k of Object.keys(source)) {
    if (k === "body" || k === "file") a[k] = 0;
    else if (k === "date" || k === "updated") a[k] = (source[k] as DateTime).toMillis();
    else if (k === "corrections") a[k] = (article.corrections ?? []).map((c) => ({ ...c, date: c.date.toMillis() }));
    else a[k] = source[k];
  }
  return a;
}

/**
 * The accessor of every lazy body, one function for all (articles with one accessor share their
 * hidden class, and stay fast to read): the file's text from the offset, read on first use once
 * its bytes are checked to be the ones loaded.
 */
/** Lazy bodies this process read (the tests read it: a build reads the bodies of the pages it renders, no others). */
export const lazyBodyCounts = { read: 0 };

function readBody(this: object): string {
  const lazy = notesOf(this)?.lazy;
  if (!lazy) throw new Error("an article's body was read through an object that is not the article");
  if (lazy.body !== undefined) return lazy.body;
  let bytes: Buffer;
  try {
    bytes = readFileSync(lazy.base + lazy.file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw changedUnderBuild(lazy.file, code === "ENOENT" ? "no file (it was removed)" : `an error reading it (${code ?? (error as Error).message})`);
  }
  if (ParseCache.hash(lazy.file, bytes) !== lazy.hash) throw changedUnderBuild(lazy.file, "other bytes (it was edited)");
  lazy.body = bytes.toString("utf8").slice(lazy.offset);
  lazyBodyCounts.read++;
  return lazy.body;
}

/** `article.body` as a lazy body (defined before the article is frozen; its notes hold where the body is). */
const LAZY_BODY: PropertyDescriptor = { get: readBody, enumerable: true, configurable: false };
