/**
 * The list of articles a build published (URL, file, title, a hash of the article's content),
 * kept in `.cache/report/articles.json` so the next build can say what it added, changed and
 * removed. Only a build that published writes it: after a failed build the next one still
 * compares with the last published site.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
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
   * `sourceDigest`) with the version of `contentHash`: the next build takes `hash` from an entry with
   * the same source instead of hashing the article again.
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

/** `known`: content hashes of an earlier manifest by their `source` (`knownHashes`). */
export function manifestEntry(article: Article, known?: ReadonlyMap<string, string>): ManifestEntry {
  const loaded = sourceDigest(article);
  const source = loaded === undefined ? undefined : `${CONTENT_HASH_VERSION}:${loaded}`;
  return {
    url: article.url,
    file: article.file,
    title: article.title,
    edition: article.edition,
    date: new Date(article.date.toMillis()).toISOString(),
    hash: (source !== undefined && known?.get(source)) || contentHash(article),
    ...(source === undefined ? {} : { source }),
  };
}

/** The content hashes of a manifest's entries by their source: an article loaded from the same bytes has the same hash. */
export function knownHashes(manifest: Manifest | undefined): Map<string, string> {
  const known = new Map<string, string>();
  for (const entry of manifest?.articles ?? [])
    if (typeof entry.source === "string" && typeof entry.hash === "string") known.set(entry.source, entry.hash);
  return known;
}

export function readManifest(file: string): Manifest | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const data = JSON.parse(readFileSync(file, "utf8")) as Manifest;
    return Array.isArray(data.articles) && typeof data.builtAt === "string" ? data : undefined;
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
