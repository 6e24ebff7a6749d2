/** The author index of one edition: only authors with articles in it, each with their articles newest first. */
import type { Article } from "../schema/article.ts";
import type { Author } from "../schema/author.ts";
import type { EditionConfig } from "../schema/site.ts";
import { authorUrl } from "./paths.ts";
import { inLanguage } from "./per-language.ts";

export interface AuthorEntry {
  author: Author;
  url: string;
  /** Newest first. */
  articles: Article[];
}

export interface AuthorIndex {
  byId: Map<string, AuthorEntry>;
  /** By name (the edition's form) in the edition's locale, then id. */
  list: AuthorEntry[];
}

/** `articles` must be sorted newest first. Every author id is known (load.ts checks it). */
export function buildAuthorIndex(
  edition: Pick<EditionConfig, "prefix" | "locale" | "lang">,
  articles: readonly Article[],
  authors: ReadonlyMap<string, Author>,
): AuthorIndex {
  const byId = new Map<string, AuthorEntry>();
  for (const article of articles) {
    // No set per article (100,000 of them at 100k): an article already listed under an author is that list's last.
    for (const id of article.authors) {
      let entry = byId.get(id);
      if (!entry) {
        const author = authors.get(id);
        if (!author) throw new Error(`${article.file}: unknown author "${id}" reached the model`);
        entry = { author, url: authorUrl(edition, id), articles: [] };
        byId.set(id, entry);
      }
      if (entry.articles[entry.articles.length - 1] !== article) entry.articles.push(article);
    }
  }
  const collator = new Intl.Collator(edition.locale);
  const name = (entry: AuthorEntry) => inLanguage(entry.author.name, edition.lang);
  const list = [...byId.values()].sort((a, b) => collator.compare(name(a), name(b)) || (a.author.id < b.author.id ? -1 : 1));
  return { byId, list };
}

/** An author's name in an edition's language; the id stands in for an author the model lacks. */
export function authorName(author: Pick<Author, "name"> | undefined, id: string, lang: string): string {
  return author ? inLanguage(author.name, lang) : id;
}
