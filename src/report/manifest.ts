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
 * The manifest's entries by their source: an article loaded from the same source (parse environment,
 * path and bytes) has the same entry, so a build makes entries for the articles that changed alone.
 */
export function entriesBySource(manifest: Manifest | undefined): Map<string, ManifestEntry> {
  const known = new Map<string, ManifestEntry>();
  for (const entry of manifest?.articles ?? []) if (typeof entry.source === "string") known.set(entry.source, entry);
  return known;
}

/** The published articles' entries: those loaded from the same source as an entry of `previous` are that entry. */
export function manifestEntries(articles: readonly Article[], previous?: Manifest): ManifestEntry[] {
  const known = entriesBySource(previous);
  return articles.map((article) => {
    const loaded = sourceDigest(article);
    const same = loaded === undefined ? undefined : known.get(`${CONTENT_HASH_VERSION}:${loaded}`);
    return same ?? manifestEntry(article);
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

/** By URL: a new URL is added (an article renamed to a new slug is one removed and one added). */
export function compare(previous: readonly ManifestEntry[], current: readonly ManifestEntry[]): Changes {
  const before = new Map(previous.map((e) => [e.url, e]));
  const now = new Set(current.map((e) => e.url));
  const added: ManifestEntry[] = [];
  const changed: ManifestEntry[] = [];
  for (const entry of current) {
    const old = before.get(entry.url);
    if (!old) added.push(entry);
    else if (old.hash !== entry.hash) changed.push(entry);
  }
  const removed = previous.filter((e) => !now.has(e.url));
  return { added, changed, removed };
}
