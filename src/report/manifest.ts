/**
 * The list of articles a build published (URL, file, title, a hash of the article's content),
 * kept in `.cache/report/articles.v8` so the next build can say what it added, changed and
 * removed. Only a build that published writes it: after a failed build the next one still
 * compares with the last published site. Kept as columns in node:v8's serialization, each one string
 * (`Columns`); an unchanged article is a row number of the last list, never an entry of its own.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { deserialize, serialize } from "node:v8";
import { sourceDigest } from "../model/parse-cache.ts";
import type { Article } from "../schema/article.ts";

export interface ManifestEntry {
  url: string;
  file: string;
  title: string;
  edition: string;
  /** Publication time, ISO 8601 in UTC (the report shows it on the newsroom's clock). */
  date: string;
  /** sha1 of everything the editor wrote: front matter fields and body (`contentHash`). */
  hash: string;
  /**
   * What the article was loaded from (its parse environment, path and bytes: src/model/parse-cache.ts
   * `sourceDigest`) with the version of `contentHash`: the next build takes the entry of an article
   * loaded from the same source as it is, instead of making it (and hashing the article) again.
   */
  source?: string;
}

/**
 * What the editor wrote (front matter and body) as one hash: a change to any of it is a changed
 * article. Times count as instants (`13:15` and `14:15+03:00` in winter are the same). Written
 * out by hand rather than through Luxon's toJSON, which would cost seconds at 100,000 articles.
 */
export function contentHash(article: Article): string {
  const { bodyStartLine: _line, description: _description, body, date, updated, corrections, ...rest } = article;
  const fixes = corrections?.map((c) => ({ ...c, date: c.date.toMillis() }));
  return createHash("sha1")
    .update(JSON.stringify([rest, date.toMillis(), updated?.toMillis() ?? null, fixes ?? null]))
    .update("\0")
    .update(body)
    .digest("hex");
}

/** Bump when `contentHash` hashes something else: hashes kept under another version are not reused. */
const CONTENT_HASH_VERSION = 1;

export function manifestEntry(article: Article): ManifestEntry {
  const loaded = sourceDigest(article);
  const source = loaded === undefined ? undefined : `${CONTENT_HASH_VERSION}:${loaded}`;
  return {
    url: article.url,
    file: article.file,
    title: article.title,
    edition: article.edition,
    date: new Date(article.date.toMillis()).toISOString(),
    hash: contentHash(article),
    ...(source === undefined ? {} : { source }),
  };
}

/**
 * Pairs the items of two lists that `same` says are one, in order, as one publish changes a list
 * of articles: a few added, removed or moved among many that stay in place. Walks both lists
 * once, looking up to `reach` items ahead on either side for where they meet again, so a +1 build
 * of a 100,000-article archive compares neighbours instead of building maps of every entry. `match`
 * has, for each item of `as`, its pair in `bs` (or undefined); `restB` is the items of `bs` left
 * unpaired, in their order. Items past the reach stay unpaired: callers compare those by a key.
 */
export function align<A, B>(as: readonly A[], bs: ArrayLike<B>, same: (a: A, b: B) => boolean, reach = 8): { match: (B | undefined)[]; restB: B[] } {
  const match = new Array<B | undefined>(as.length).fill(undefined);
  const restB: B[] = [];
  let i = 0;
  let j = 0;
  while (i < as.length && j < bs.length) {
    if (same(as[i] as A, bs[j] as B)) {
      match[i++] = bs[j++];
      continue;
    }
    let skipB = 0;
    let skipA = 0;
    for (let k = 1; k <= reach && !skipA && !skipB; k++) {
      if (j + k < bs.length && same(as[i] as A, bs[j + k] as B)) skipB = k;
      else if (i + k < as.length && same(as[i + k] as A, bs[j] as B)) skipA = k;
    }
    if (skipB) for (let k = 0; k < skipB; k++) restB.push(bs[j++] as B);
    else if (skipA) i += skipA;
    else {
      i++;
      restB.push(bs[j++] as B);
    }
  }
  while (j < bs.length) restB.push(bs[j++] as B);
  return { match, restB };
}

/** What a row of the file keeps of an article's source (`escapeCell`: a source digest holds neither a backslash nor a newline), or undefined. */
export function manifestKey(article: Article): string | undefined {
  const loaded = sourceDigest(article);
  return loaded === undefined ? undefined : escapeCell(`${CONTENT_HASH_VERSION}:${loaded}`);
}

/**
 * The published articles' list: an article loaded from the same source (parse environment, path and
 * bytes) as a row of `previous` is that row, so a build makes entries for the articles that changed
 * alone (an unchanged one is a number: at 100,000 articles, an object and seven strings each took
 * 0.2–0.35 s to read and 0.13–0.3 s to write on every build).
 */
export function manifestRows(articles: readonly Article[], previous?: StoredManifest): CurrentManifest {
  const rows = rowsByKey(articles.map(manifestKey), previous);
  return new CurrentManifest(
    rows.map((row, i) => row ?? manifestEntry(articles[i] as Article)),
    previous,
  );
}

/**
 * For each article's key (`manifestKey`), the row of `previous` it is, or undefined (an entry is made
 * for it). Found in order (`align`): the articles of the last build are in the same order now.
 */
export function rowsByKey(keys: readonly (string | undefined)[], previous?: StoredManifest): (number | undefined)[] {
  if (!previous) return keys.map(() => undefined);
  const rowsBefore = new Uint32Array(previous.count).map((_, j) => j);
  const { match, restB } = align(keys, rowsBefore, (key, j) => key !== undefined && previous.cellIs("source", j, key));
  // An article out of its place (a changed date moves it, but also changes its bytes): by source among the rows left.
  let known: Map<string, number> | undefined;
  return keys.map((key, i) => {
    const paired = match[i];
    if (paired !== undefined || key === undefined) return paired;
    if (!known) {
      known = new Map();
      for (const j of restB) known.set(previous.cell("source", j), j);
    }
    return known.get(key);
  });
}

/** This build's list: per article, the row of the last list it is (unchanged), or its new entry. */
export class CurrentManifest {
  constructor(
    readonly rows: readonly (number | ManifestEntry)[],
    readonly previous?: StoredManifest,
  ) {}
  get length(): number {
    return this.rows.length;
  }
  entry(i: number): ManifestEntry {
    const row = this.rows[i] as number | ManifestEntry;
    return typeof row === "number" ? (this.previous as StoredManifest).entry(row) : row;
  }
  /** Every entry, made: for the tests and small lists. */
  get entries(): ManifestEntry[] {
    return this.rows.map((_, i) => this.entry(i));
  }
}

/**
 * What changed since the last list: `compare` of the entries that are not rows of it and the rows of it
 * that no article is now (an unchanged row is the same URL and hash on both sides; URLs are unique).
 */
export function compareRows(previous: StoredManifest, current: CurrentManifest): Changes {
  const used = new Uint8Array(previous.count);
  const rest: ManifestEntry[] = [];
  for (const row of current.rows) {
    if (typeof row === "number") used[row] = 1;
    else rest.push(row);
  }
  const gone: ManifestEntry[] = [];
  for (let j = 0; j < previous.count; j++) if (!used[j]) gone.push(previous.entry(j));
  return compare(gone, rest);
}

/** What changed since the last published list, and when that was built. */
export interface Compared {
  builtAt: string;
  changes: Changes;
}

/** What changed between the last published list (none: nothing to compare with) and this build's. */
export function comparedWith(previous: StoredManifest | undefined, current: CurrentManifest): Compared | undefined {
  return previous ? { builtAt: previous.builtAt, changes: compareRows(previous, current) } : undefined;
}

/** Bump when the file's columns change: a file of another version is not read (the build says it had nothing to compare with). */
const FILE_VERSION = 3;

const FIELDS = ["url", "file", "title", "edition", "date", "hash", "source"] as const;
type Field = (typeof FIELDS)[number];

/**
 * The manifest as the file holds it: each column one string, its cells (`escapeCell`) joined by
 * newlines, which v8 writes and reads at once. "" is an entry without a source.
 */
type Columns = { version: number; builtAt: string; count: number } & Record<Field, string>;

/** A cell as the file keeps it: a backslash doubled and a newline written `\n` (a title may hold any character). */
export function escapeCell(text: string): string {
  return text.includes("\\") || text.includes("\n") ? text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n") : text;
}

function unescapeCell(cell: string): string {
  return cell.includes("\\") ? cell.replace(/\\(\\|n)/g, (_, c: string) => (c === "n" ? "\n" : "\\")) : cell;
}

/**
 * The last published list as its file holds it: each column's text and where each of its rows starts
 * (found once, when the file is read), a cell sliced out when asked for, an entry made when asked for.
 */
export class StoredManifest {
  readonly #text: Record<Field, string>;
  readonly #starts: Record<Field, Uint32Array>;
  constructor(
    readonly builtAt: string,
    readonly count: number,
    text: Record<Field, string>,
    starts: Record<Field, Uint32Array>,
  ) {
    this.#text = text;
    this.#starts = starts;
  }
  /** A cell as the file keeps it (`escapeCell`). */
  cell(field: Field, j: number): string {
    return this.cells(field, j, j + 1);
  }
  /** Whether a cell is `text` (as the file keeps it), without slicing it out. */
  cellIs(field: Field, j: number, text: string): boolean {
    const starts = this.#starts[field];
    const from = starts[j] as number;
    return (starts[j + 1] as number) - 1 - from === text.length && this.#text[field].startsWith(text, from);
  }
  /** Rows `from` to `to` (not included) of a column as the file keeps them, joined by newlines. */
  cells(field: Field, from: number, to: number): string {
    const starts = this.#starts[field];
    return this.#text[field].slice(starts[from], (starts[to] as number) - 1);
  }
  entry(j: number): ManifestEntry {
    const source = unescapeCell(this.cell("source", j));
    return {
      url: unescapeCell(this.cell("url", j)),
      file: unescapeCell(this.cell("file", j)),
      title: unescapeCell(this.cell("title", j)),
      edition: unescapeCell(this.cell("edition", j)),
      date: unescapeCell(this.cell("date", j)),
      hash: unescapeCell(this.cell("hash", j)),
      ...(source ? { source } : {}),
    };
  }
  /** Every entry, made: for the tests and small lists. */
  get articles(): ManifestEntry[] {
    return Array.from({ length: this.count }, (_, j) => this.entry(j));
  }
}

/**
 * The manifest's file contents (node:v8): this build's list. Unchanged rows that follow each other in
 * the last list are copied from its columns as one slice each (a +1 build copies a few long runs).
 */
export function serializeManifest(builtAt: string, current: CurrentManifest): Buffer {
  const columns = { version: FILE_VERSION, builtAt, count: current.length } as Columns;
  const { previous } = current;
  for (const field of FIELDS) {
    const pieces: string[] = [];
    // The run of the last list's rows being copied: [from, to).
    let from = -1;
    let to = -1;
    const flush = () => {
      if (from >= 0) pieces.push((previous as StoredManifest).cells(field, from, to));
      from = -1;
    };
    for (const row of current.rows) {
      if (typeof row === "number") {
        if (row === to && from >= 0) to++;
        else {
          flush();
          from = row;
          to = row + 1;
        }
      } else {
        flush();
        pieces.push(escapeCell(row[field] ?? ""));
      }
    }
    flush();
    columns[field] = pieces.join("\n");
  }
  return serialize(columns);
}

export function readManifest(file: string): StoredManifest | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const data = deserialize(readFileSync(file)) as Columns;
    const n = data.count;
    if (data.version !== FILE_VERSION || typeof data.builtAt !== "string" || !Number.isSafeInteger(n) || n < 0) return undefined;
    const starts = {} as Record<Field, Uint32Array>;
    for (const field of FIELDS) {
      const text = data[field];
      // A row takes at least its newline: a count past that is a damaged file (and no array is made for it).
      if (typeof text !== "string" || n > text.length + 1) return undefined;
      // Where each row starts, and one past the end; a column without a cell per entry is not read.
      const at = new Uint32Array(n + 1);
      let rows = 0;
      if (n > 0) {
        rows = 1;
        for (let nl = text.indexOf("\n"); nl !== -1 && rows <= n; nl = text.indexOf("\n", nl + 1)) at[rows++] = nl + 1;
      } else if (text !== "") return undefined;
      if (rows !== n) return undefined;
      at[n] = text.length + 1;
      starts[field] = at;
    }
    return new StoredManifest(data.builtAt, n, data, starts);
  } catch {
    // A torn or hand-edited file only costs the comparison: this build says it had nothing to compare with.
    return undefined;
  }
}

export interface Changes {
  added: ManifestEntry[];
  changed: ManifestEntry[];
  removed: ManifestEntry[];
}

/**
 * By URL: a new URL is added (an article renamed to a new slug is one removed and one added). Entries
 * that are the same object in both lists are paired in order first (`align`); only the rest are
 * compared by URL, in the current build's order. A build calls it through `compareRows`, with the
 * unchanged rows already left out.
 */
export function compare(previous: readonly ManifestEntry[], current: readonly ManifestEntry[]): Changes {
  const { match, restB } = align(current, previous, (a, b) => a === b);
  // URLs are unique in each list: an entry left unpaired cannot share its URL with a paired one.
  const rest = current.filter((_, i) => match[i] === undefined);
  const before = new Map(restB.map((e) => [e.url, e]));
  const now = new Set(rest.map((e) => e.url));
  const added: ManifestEntry[] = [];
  const changed: ManifestEntry[] = [];
  for (const entry of rest) {
    const old = before.get(entry.url);
    if (!old) added.push(entry);
    else if (old.hash !== entry.hash) changed.push(entry);
  }
  const removed = restB.filter((e) => !now.has(e.url));
  return { added, changed, removed };
}
