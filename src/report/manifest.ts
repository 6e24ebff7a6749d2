/**
 * The list of articles a build published (URL, file, title, a hash of the article's content),
 * kept in `.cache/report/articles.v8` so the next build can say what it added, changed and
 * removed. Only a build that published writes it: after a failed build the next one still
 * compares with the last published site. Kept as columns in node:v8's serialization: read and
 * written in a few milliseconds at 20,000 articles (as JSON, ~0.1 s each way).
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

export interface Manifest {
  /** The build clock of the build that wrote it. */
  builtAt: string;
  articles: ManifestEntry[];
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
export function align<A, B>(as: readonly A[], bs: readonly B[], same: (a: A, b: B) => boolean, reach = 8): { match: (B | undefined)[]; restB: B[] } {
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

/**
 * The published articles' entries: an article loaded from the same source (parse environment, path
 * and bytes) as an entry of `previous` has that entry, so a build makes entries for the articles that
 * changed alone. Found in order (`align`): the articles of the last build are in the same order now.
 */
export function manifestEntries(articles: readonly Article[], previous?: Manifest): ManifestEntry[] {
  const keys = articles.map((article) => {
    const loaded = sourceDigest(article);
    return loaded === undefined ? undefined : `${CONTENT_HASH_VERSION}:${loaded}`;
  });
  const { match, restB } = align(keys, previous?.articles ?? [], (key, entry) => key !== undefined && entry.source === key);
  // An article out of its place (a changed date moves it, but also changes its bytes): by source among the entries left.
  let known: Map<string, ManifestEntry> | undefined;
  return articles.map((article, i) => {
    const paired = match[i];
    if (paired) return paired;
    const key = keys[i];
    if (key === undefined) return manifestEntry(article);
    if (!known) {
      known = new Map();
      for (const entry of restB) if (typeof entry.source === "string") known.set(entry.source, entry);
    }
    return known.get(key) ?? manifestEntry(article);
  });
}

/** Bump when the file's columns change: a file of another version is not read (the build says it had nothing to compare with). */
const FILE_VERSION = 2;

/** The manifest as the file holds it: one array per field. */
interface Columns {
  version: number;
  builtAt: string;
  url: string[];
  file: string[];
  title: string[];
  edition: string[];
  date: string[];
  hash: string[];
  /** "" for an entry without a source. */
  source: string[];
}

const FIELDS = ["url", "file", "title", "edition", "date", "hash", "source"] as const;

/** The manifest's file contents (node:v8). */
export function serializeManifest(manifest: Manifest): Buffer {
  const columns: Columns = {
    version: FILE_VERSION,
    builtAt: manifest.builtAt,
    url: [],
    file: [],
    title: [],
    edition: [],
    date: [],
    hash: [],
    source: [],
  };
  for (const entry of manifest.articles) for (const field of FIELDS) columns[field].push(entry[field] ?? "");
  return serialize(columns);
}

export function readManifest(file: string): Manifest | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const data = deserialize(readFileSync(file)) as Columns;
    const n = data.url?.length;
    if (data.version !== FILE_VERSION || typeof data.builtAt !== "string" || !FIELDS.every((f) => Array.isArray(data[f]) && data[f].length === n))
      return undefined;
    const articles: ManifestEntry[] = [];
    for (let i = 0; i < n; i++) {
      const source = data.source[i] as string;
      articles.push({
        url: data.url[i] as string,
        file: data.file[i] as string,
        title: data.title[i] as string,
        edition: data.edition[i] as string,
        date: data.date[i] as string,
        hash: data.hash[i] as string,
        ...(source ? { source } : {}),
      });
    }
    return { builtAt: data.builtAt, articles };
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
 * that are the same object in both lists (`manifestEntries` keeps an unchanged article's) are paired in
 * order first (`align`); only the rest are compared by URL, in the current build's order.
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
