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
import { readdirSync, readFileSync, rmSync, type Stats } from "node:fs";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import { DateTime } from "luxon";
import { type ArticleNotes, attachNotes, notesFor, notesOf } from "../content/article-notes.ts";
import { type BodyFacts, bodyFacts, noteBodyFacts } from "../content/body-facts.ts";
import { ContentStore } from "../content-store.ts";
import { newsroomZone } from "../dates.ts";
import { ContentError } from "../errors/content-error.ts";
import { PROJECT_ROOT } from "../project.ts";
import type { Article } from "../schema/article.ts";
import type { Author } from "../schema/author.ts";
import type { SiteConfig } from "../schema/site.ts";

export const PARSE_CACHE_DIR = ".cache/articles";

/** Bump when what is stored changes in a way the environment's hash cannot see. */
const FORMAT = 5;

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

/**
 * A kept article, as a row: `[name, hash, stat or 0, file-name slug or 0, body offset, shape,
 * body facts, ...values]`. The body facts (src/content/body-facts.ts) are `[length, relative links
 * (1 or 0), images as [src, alt, line]]`: what a build needs of an unchanged body without reading it. The hash is of the file's path and bytes (`ParseCache.hash`); the stat is the
 * file's when it had these bytes (0 when it was racy: hashed again next time); the slug the file
 * name gives is kept where the article's is another; the body starts at the offset in the file's
 * text (-1: a brief, no body). The values are the article's fields in the parse's order, named by
 * the chunk's shape (a list of field names): its body and file placeholders, its dates
 * milliseconds since the epoch. Rows rather than objects: a table is a quarter smaller, and parsed
 * faster, without every article's field names.
 */
type Row = [string, string, StatKey | 0, string | 0, number, number, FactsRow, ...unknown[]];

type FactsRow = [number, 0 | 1, [string, string, number][]];

/** Where a row's body facts are, and where its values start. */
const FACTS = 6;
const VALUES = 7;

function factsRow(f: BodyFacts): FactsRow {
  return [f.length, f.relativeLinks ? 1 : 0, f.images.map((i) => [i.src, i.alt, i.line])];
}

/** The body facts of most articles have no image: one list for them all (nothing writes into it). */
const NO_IMAGES: BodyFacts["images"] = Object.freeze([]);

function factsOfRow(row: FactsRow): BodyFacts {
  const images = row[2].length === 0 ? NO_IMAGES : row[2].map(([src, alt, line]) => ({ src, alt, line }));
  return { length: row[0], relativeLinks: row[1] === 1, images };
}

/** One chunk: the articles of one folder. */
interface Chunk {
  format: number;
  dir: string;
  shapes: string[][];
  rows: Row[];
}

/** How a value of a row becomes a field: as it is, or as the field's kind says. */
const PLAIN = 0;
const BODY = 1;
const FILE = 2;
const DATE = 3;
const CORRECTIONS = 4;

/**
 * A chunk's shape as `get` uses it, worked out once per chunk rather than once per article: its
 * field names as property keys (a name read from a chunk is a new string each time, which V8
 * would look up in its table of names at every store), each field's kind, and where the edition is.
 */
interface Shape {
  /** Also its field names, in order: what a row of it holds. */
  keys: string[];
  kinds: Uint8Array;
  edition: number;
}

const KINDS: Record<string, number> = { body: BODY, file: FILE, date: DATE, updated: DATE, corrections: CORRECTIONS };

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
  kept: Map<string, Row>;
  shapes: Shape[];
  /**
   * This load's entries, by file name: what the chunk will hold. A kept row as it was (a hit whose
   * stat is the one kept: nothing of it changed), or what a parse or a changed stat gave.
   */
  now: Map<string, Fresh | Row>;
  changed: boolean;
}

interface Fresh {
  article: Article;
  f: FactsRow;
  o: number;
  s: string;
  h: string;
  t?: StatKey;
}

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

/**
 * Notes where a loaded article came from: the parse environment's key and the hash of its path
 * and bytes (`ParseCache.hash`). An article is a function of those alone (the clock only decides
 * whether it is valid), so the pair names its content: pages' cache keys use it for the whole
 * article instead of hashing its fields and body on every build (src/pages/keys.ts).
 */
export function noteSource(article: object, environment: string, fileHash: string): void {
  notesFor(article).source = `${environment}:${fileHash}`;
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
function statKey(stat: Stats): StatKey {
  return [stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino];
}

/** Whether a kept stat (0: none kept) is the file's now. */
function sameStat(kept: StatKey | 0, stat: Stats): boolean {
  return kept !== 0 && kept[0] === stat.size && kept[1] === stat.mtimeMs && kept[2] === stat.ctimeMs && kept[3] === stat.ino;
}

/** An article's folder and file name (`content/articles/eng/2025/03`, `x.md`). */
function split(file: string): [string, string] {
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
  /** The file `knownHash` last looked up, with its folder and row: `get` of the same file does not look again. */
  #last: { file: string; folder: Folder; name: string; row: Row | undefined } | undefined;
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
    let folder = this.#folders.get(dir);
    if (folder) return folder;
    const name = createHash("sha256").update(dir).digest("hex").slice(0, 20);
    const kept = new Map<string, Row>();
    let kinds: Shape[] = [];
    try {
      const chunk = deserialize(readFileSync(this.#chunks.path(name))) as Chunk;
      // A chunk of another format, or (however unlikely) of another folder under the same name, is not used.
      if (chunk.format === FORMAT && chunk.dir === dir) {
        kinds = chunk.shapes.map(shapeOf);
        for (const row of chunk.rows) kept.set(row[0], row);
      }
    } catch {
      // No chunk, a broken one, or no table: the folder's files are read and parsed.
    }
    folder = { name, kept, shapes: kinds, now: new Map(), changed: false };
    this.#folders.set(dir, folder);
    return folder;
  }

  /**
   * The hash of a file's bytes, when the table kept it for exactly this stat (the file is then
   * not read); undefined when the file must be read and hashed.
   */
  knownHash(file: string, stat: Stats): string | undefined {
    const [dir, name] = split(file);
    const folder = this.#folder(dir);
    const row = folder.kept.get(name);
    this.#last = { file, folder, name, row };
    return row && sameStat(row[2], stat) && !this.#racy(stat) ? row[1] : undefined;
  }

  #racy(stat: Stats): boolean {
    return stat.mtimeMs >= this.#racyFrom || stat.ctimeMs >= this.#racyFrom;
  }

  /**
   * The article parsed from these bytes before, when still valid at `now`. `text` is the file
   * decoded; without it (a file the stat shortcut did not read) the body is read on first use,
   * and checked against `hash`. `stat` is the file's now, kept for the next load.
   */
  get(file: string, hash: string, stat: Stats, now: DateTime, text?: string): CachedParse | undefined {
    const last = this.#last;
    this.#last = undefined;
    let folder: Folder;
    let name: string;
    let row: Row | undefined;
    // The row `knownHash` has just found for this file (nothing drops a row between the two calls).
    if (last?.file === file) ({ folder, name, row } = last);
    else {
      const [dir, base] = split(file);
      folder = this.#folder(dir);
      name = base;
      row = folder.kept.get(name);
    }
    if (!row || row[1] !== hash) return undefined;
    if (text !== undefined && (text.startsWith("\uFEFF") || text.includes("\r"))) return undefined;
    const shape = folder.shapes[row[5]];
    if (!shape) return undefined;
    // A new object, its fields added in the stored order (the parse's): articles of one shape share a hidden class
    // (a body made an accessor on an existing object would make it a slow dictionary).
    const offset = row[4];
    const facts = row[FACTS];
    if (!Array.isArray(facts)) return undefined;
    const zone = this.#zones(row[VALUES + shape.edition] as string);
    // The article's notes made whole at once, one object of one shape for every article.
    const notes: ArticleNotes = {
      source: `${this.environment}:${hash}`,
      facts: factsOfRow(facts),
      lazy: offset >= 0 && text === undefined ? { base: this.#base, file, hash, offset, body: undefined } : undefined,
    };
    const { keys, kinds } = shape;
    const b: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i] as string;
      const v = row[VALUES + i];
      switch (kinds[i]) {
        case BODY:
          if (notes.lazy) Object.defineProperty(b, "body", LAZY_BODY);
          else b.body = offset < 0 ? "" : (text as string).slice(offset);
          break;
        case FILE:
          b.file = file;
          break;
        case DATE:
          b[k] = DateTime.fromMillis(v as number, { zone });
          break;
        case CORRECTIONS:
          b[k] = (v as Array<{ date: number }>).map((c) => ({ ...c, date: DateTime.fromMillis(c.date, { zone }) }));
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
    const fileSlug = row[3] || article.slug;
    // The row kept as it is when the stat is the one kept (or none was, nor is now); else a copy with the stat now.
    const racy = this.#racy(stat);
    if (racy ? row[2] === 0 : sameStat(row[2], stat)) folder.now.set(name, row);
    else {
      const changed = row.slice() as Row;
      changed[2] = racy ? 0 : statKey(stat);
      folder.now.set(name, changed);
      folder.changed = true;
    }
    return { article, fileSlug };
  }

  /** Keeps a parse: `text` is the file decoded, whose end is the article's body; `stat` the file's. */
  set(file: string, hash: string, stat: Stats, text: string, article: Article, fileSlug: string): void {
    if (text.startsWith("\uFEFF") || text.includes("\r")) return;
    const brief = article.body === "";
    if (!brief && !text.endsWith(article.body)) return;
    const [dir, name] = split(file);
    const folder = this.#folder(dir);
    const t = this.#racy(stat) ? undefined : statKey(stat);
    const facts = bodyFacts(article.body, article.bodyStartLine);
    noteBodyFacts(article, facts);
    folder.now.set(name, {
      article,
      f: factsRow(facts),
      o: brief ? -1 : text.length - article.body.length,
      s: fileSlug,
      h: hash,
      ...(t ? { t } : {}),
    });
    folder.changed = true;
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
      const shapes = new Map<string, number>();
      const rows: Row[] = [];
      for (const [name, f] of folder.now) {
        if (Array.isArray(f)) {
          // A kept row, its values as they were written: only its shape's number is this chunk's.
          const id = (folder.shapes[f[5]] as Shape).keys.join("\n");
          let shape = shapes.get(id);
          if (shape === undefined) {
            shape = shapes.size;
            shapes.set(id, shape);
          }
          const row = shape === f[5] ? f : (f.slice() as Row);
          row[5] = shape;
          rows.push(row);
          continue;
        }
        const fields = stored(f.article);
        const keys = Object.keys(fields);
        const id = keys.join("\n");
        let shape = shapes.get(id);
        if (shape === undefined) {
          shape = shapes.size;
          shapes.set(id, shape);
        }
        rows.push([name, f.h, f.t ?? 0, f.s === f.article.slug ? 0 : f.s, f.o, shape, f.f, ...Object.values(fields)]);
      }
      const chunk: Chunk = { format: FORMAT, dir, shapes: [...shapes.keys()].map((id) => id.split("\n")), rows };
      chunks.push([folder.name, serialize(chunk)]);
    }
    if (chunks.length === 0 && others.length === 0 && present.every((n) => names.has(n))) return;
    await Promise.all(chunks.map(([name, bytes]) => this.#chunks.putBytes(name, bytes)));
    this.#chunks.keys();
    await this.#chunks.prune(names);
    this.#store.keys();
    await this.#store.prune(new Set([this.environment]));
  }
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
