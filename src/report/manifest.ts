/**
 * The list of articles a build published (URL, file, title, a hash of the article's content),
 * kept in `.cache/report/articles.json` so the next build can say what it added, changed and
 * removed. Only a build that published writes it: after a failed build the next one still
 * compares with the last published site.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { isoWithOffset } from "../dates.ts";
import type { Article } from "../schema/article.ts";

export interface ManifestEntry {
  url: string;
  file: string;
  title: string;
  edition: string;
  /** ISO 8601 with the offset. */
  date: string;
  /** sha256 of everything the editor wrote: front matter fields and body. */
  hash: string;
}

export interface Manifest {
  /** The build clock of the build that wrote it. */
  builtAt: string;
  articles: ManifestEntry[];
}

/** Front matter and body as written (dates as ISO strings), without what the pipeline derives from the file's place. */
export function contentHash(article: Article): string {
  const { bodyStartLine: _line, description: _description, ...rest } = article;
  return createHash("sha256").update(JSON.stringify(rest)).digest("hex");
}

export function manifestEntry(article: Article): ManifestEntry {
  return {
    url: article.url,
    file: article.file,
    title: article.title,
    edition: article.edition,
    date: isoWithOffset(article.date),
    hash: contentHash(article),
  };
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
