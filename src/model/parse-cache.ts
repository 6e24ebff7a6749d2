/**
 * Parsed articles, cached by content (issue 19): a publish must not parse a whole archive's front
 * matter again. An article that parsed without a problem is kept under the hash of its path and
 * bytes, in one table per *parse environment*: the code that parses and validates (src/schema,
 * src/content, the parser, the dates, the dependencies' versions through package-lock.json), the
 * site config and the author ids. Whatever changes one of those starts a new table. The table is
 * an entry of a ContentStore (`.cache/articles/<environment>`), written whole, under a staging
 * name, when it changed, and the tables of other environments are pruned.
 *
 * What is kept is the article without its body (the body is sliced from the file's text, which
 * is read anyway to hash it) and its dates as instants (revived in the edition's zone), its fields
 * in the parse's order (pages' cache keys hash them in order). The only
 * check that depends on the clock (`updated` and corrections not later than it) is made again on
 * every hit: an article that would now fail it is parsed again, and reports the problem. Files
 * with a BOM or CR line endings are parsed every time (their text is normalised first).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { DateTime } from "luxon";
import { ContentStore } from "../content-store.ts";
import { newsroomZone } from "../dates.ts";
import { PROJECT_ROOT } from "../project.ts";
import type { Article } from "../schema/article.ts";
import type { Author } from "../schema/author.ts";
import type { SiteConfig } from "../schema/site.ts";

export const PARSE_CACHE_DIR = ".cache/articles";

/** Bump when what is stored changes in a way the environment's hash cannot see. */
const FORMAT = 1;

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

interface Stored {
  /** The article, its body a placeholder and its dates milliseconds since the epoch, in the parse's field order. */
  a: Record<string, unknown>;
  /** Where the body starts in the file's text; -1 for a brief (no body). */
  o: number;
  /** The slug the file name gives. */
  s: string;
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

/** Each loaded article's source digest (`noteSource`): its parse environment, path and bytes. */
const sources = new WeakMap<object, string>();

/**
 * Notes where a loaded article came from: the parse environment's key and the hash of its path
 * and bytes (`ParseCache.hash`). An article is a function of those alone (the clock only decides
 * whether it is valid), so the pair names its content: pages' cache keys use it for the whole
 * article instead of hashing its fields and body on every build (src/pages/keys.ts).
 */
export function noteSource(article: object, environment: string, fileHash: string): void {
  sources.set(article, `${environment}:${fileHash}`);
}

/** The source digest `noteSource` gave this article object, if it was loaded from a file. */
export function sourceDigest(article: object): string | undefined {
  return sources.get(article);
}

/** Notes the source of an article parsed outside a load (the preview's one-file update), as a load would have. */
export function noteParsedSource(article: object, file: string, bytes: Uint8Array, config: SiteConfig, authors: ReadonlyMap<string, Author>): void {
  noteSource(article, parseEnvironment(config, authors), ParseCache.hash(file, bytes));
}

export interface CachedParse {
  article: Article;
  fileSlug: string;
}

export class ParseCache {
  readonly #store: ContentStore;
  readonly #key: string;
  readonly #zones: (edition: string) => string;
  #table: Map<string, Stored> | undefined;
  readonly #used = new Set<string>();
  #changed = false;
  /** The parse environment's key (`parseEnvironment`): the table's name. */
  readonly environment: string;

  constructor(root: string, config: SiteConfig, authors: ReadonlyMap<string, Author>) {
    this.#store = new ContentStore(path.join(root, PARSE_CACHE_DIR));
    this.#key = parseEnvironment(config, authors);
    this.environment = this.#key;
    const zones = new Map(config.editions.map((e) => [e.id, e.timeZone ?? config.timeZone]));
    this.#zones = (edition) => zones.get(edition) ?? config.timeZone;
  }

  /** The hash a file is kept under: its path and its bytes. */
  static hash(file: string, bytes: Uint8Array): string {
    return createHash("sha256").update(file).update("\0").update(bytes).digest("hex").slice(0, 32);
  }

  #load(): Map<string, Stored> {
    if (this.#table) return this.#table;
    try {
      this.#table = new Map(Object.entries(JSON.parse(readFileSync(this.#store.path(this.#key), "utf8")) as Record<string, Stored>));
    } catch {
      this.#table = new Map();
    }
    return this.#table;
  }

  /** The article parsed from these bytes before, when still valid at `now`; `text` is the file decoded. */
  get(hash: string, text: string, now: DateTime): CachedParse | undefined {
    const stored = this.#load().get(hash);
    if (!stored || text.startsWith("\uFEFF") || text.includes("\r")) return undefined;
    const zone = newsroomZone(this.#zones(String(stored.a.edition)));
    const at = (ms: unknown) => DateTime.fromMillis(ms as number, { zone });
    // Field by field in the stored order, which is the parse's: a page's cache key hashes the article's fields in order.
    const a: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(stored.a)) {
      if (k === "date" || k === "updated") a[k] = at(v);
      else if (k === "corrections") a[k] = (v as Array<{ date: number }>).map((c) => ({ ...c, date: at(c.date) }));
      else if (k === "body") a[k] = stored.o < 0 ? "" : text.slice(stored.o);
      else a[k] = v;
    }
    const article = a as Article;
    // The clock check of crossFieldIssues, again: a time later than this build's clock is parsed (and reported) anew.
    if ((article.updated && article.updated > now) || article.corrections?.some((c) => c.date > now)) return undefined;
    this.#used.add(hash);
    return { article, fileSlug: stored.s };
  }

  /** Keeps a parse: `text` is the file decoded, whose end is the article's body. */
  set(hash: string, text: string, article: Article, fileSlug: string): void {
    if (text.startsWith("\uFEFF") || text.includes("\r")) return;
    const brief = article.body === "";
    if (!brief && !text.endsWith(article.body)) return;
    const a: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(article)) {
      if (k === "date" || k === "updated") a[k] = (v as DateTime).toMillis();
      else if (k === "corrections") a[k] = (v as Article["corrections"] & object).map((c) => ({ ...c, date: c.date.toMillis() }));
      // The body's place is kept; its text comes from the file.
      else if (k === "body") a[k] = 0;
      else a[k] = v;
    }
    this.#load().set(hash, { a, o: brief ? -1 : text.length - article.body.length, s: fileSlug });
    this.#used.add(hash);
    this.#changed = true;
  }

  /** After loading: writes the table when it gained or lost articles, and prunes other environments' tables. */
  async save(): Promise<void> {
    const table = this.#load();
    const unused = [...table.keys()].filter((k) => !this.#used.has(k));
    if (!this.#changed && unused.length === 0 && (await this.#store.has(this.#key))) return;
    for (const k of unused) table.delete(k);
    this.#store.keys();
    await this.#store.putBytes(this.#key, JSON.stringify(Object.fromEntries(table)));
    await this.#store.prune(new Set([this.#key]));
  }
}
