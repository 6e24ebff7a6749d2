/**
 * What the load knows of an article object besides its fields: where it came from (its source
 * digest), its body's facts, and where its body is when it is read lazily (src/model/parse-cache.ts).
 *
 * Kept on the object itself, under a symbol and not enumerable, rather than in weak tables: one
 * property an article instead of three WeakMap entries (at 100,000 articles the weak tables cost
 * microseconds an entry to fill, and their entries work for every young-generation GC). Not
 * enumerable, so a copy (`{ ...article, title }`, as the preview's edits make) carries none of
 * them, as it was not in the tables: a copy with other fields must not claim the original's
 * source. JSON, node:v8 and structured clones do not see them, and `deepFreeze` (which freezes
 * `Object.values`) leaves the notes writable, so a source can be noted after the article is frozen.
 * An object frozen before its first note keeps its notes in a WeakMap instead.
 */
import type { BodyFacts } from "./body-facts.ts";

/** What a lazy body needs to be read: the article's file, its hash and where the body starts. */
export interface LazyBody {
  /** The repository's folder, ending in a separator: the file's path is this and `file`. */
  base: string;
  file: string;
  hash: string;
  offset: number;
  body?: string;
}

export interface ArticleNotes {
  /** The parse environment and the hash of the file's path and bytes (`noteSource`). */
  source?: string;
  facts?: BodyFacts;
  lazy?: LazyBody;
}

const NOTES = Symbol("newsroom.articleNotes");

/** The notes with the object they are of: an object whose prototype (or a proxy whose target) is an article reads the article's, and must not take them. */
interface Owned extends ArticleNotes {
  readonly owner: object;
}

const ofFrozen = new WeakMap<object, ArticleNotes>();

/** The notes of this very object (never of an object it was copied from or wraps), if it has any. */
export function notesOf(article: object): ArticleNotes | undefined {
  const own = (article as { [NOTES]?: Owned })[NOTES];
  return own?.owner === article ? own : ofFrozen.get(article);
}

/**
 * Gives an object that has no notes yet (an article being made, not frozen) these: one property
 * defined once, where `notesFor` would define it and then fill it field by field.
 */
export function attachNotes(article: object, notes: ArticleNotes): void {
  if (notesOf(article) || !Object.isExtensible(article) || Object.hasOwn(article, NOTES)) {
    Object.assign(notesFor(article), notes);
    return;
  }
  Object.defineProperty(article, NOTES, { value: { owner: article, ...notes } satisfies Owned });
}

/** The notes of this object, made empty on first use. */
export function notesFor(article: object): ArticleNotes {
  const known = notesOf(article);
  if (known) return known;
  if (!Object.isExtensible(article) || Object.hasOwn(article, NOTES)) {
    const made: ArticleNotes = {};
    ofFrozen.set(article, made);
    return made;
  }
  const made: Owned = { owner: article };
  Object.defineProperty(article, NOTES, { value: made });
  return made;
}
