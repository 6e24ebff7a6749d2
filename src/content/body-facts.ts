/**
 * What a build needs to know of an article's body besides rendering it: its length (search shards
 * are sized by it), whether it may hold a relative link (`npm run check`'s link check parses those),
 * and its images. The parse cache keeps these with each article (src/model/parse-cache.ts), so a
 * build whose articles' bodies are read lazily reads only the bodies of the pages it renders.
 */
import { notesFor, notesOf } from "./article-notes.ts";
import { md } from "./markdown.ts";
import { decodeSrc } from "./markdown-images.ts";

export interface BodyImageRef {
  src: string;
  alt: string;
  /** 1-based line in the article file. */
  line: number;
}

export interface BodyFacts {
  /** In characters (UTF-16 units, as `body.length`). */
  length: number;
  relativeLinks: boolean;
  images: readonly BodyImageRef[];
}

export function bodyFacts(body: string, bodyStartLine: number): BodyFacts {
  return { length: body.length, relativeLinks: mayLinkRelatively(body), images: bodyImageRefs(body, bodyStartLine) };
}

/** Records the facts of an article's body, as the parse that made it (or the cache) found them. */
export function noteBodyFacts(article: object, facts: BodyFacts): void {
  notesFor(article).facts = facts;
}

/** The facts of `article`'s body: those recorded for it, or found in its body (which is then read). */
export function factsOfBody(article: { body: string; bodyStartLine: number }): BodyFacts {
  return notesOf(article)?.facts ?? bodyFacts(article.body, article.bodyStartLine);
}

/** Finds the images in an article body (`![alt](./photo.jpg "caption")`) with their lines in the file. Bodies without `![` are skipped without parsing. */
export function bodyImageRefs(body: string, bodyStartLine: number): BodyImageRef[] {
  if (!body.includes("![")) return [];
  const refs: BodyImageRef[] = [];
  for (const block of md.parse(body, {})) {
    if (block.type !== "inline" || !block.children || !block.map) continue;
    let line = bodyStartLine + block.map[0];
    for (const child of block.children) {
      if (child.type === "softbreak" || child.type === "hardbreak") line++;
      if (child.type === "image") refs.push({ src: decodeSrc(String(child.attrGet("src") ?? "")), alt: child.content.trim(), line });
    }
  }
  return refs;
}

const RELATIVE_TARGET = /^\s*<?(?![a-z][a-z0-9+.-]*:|\/|#|\))/i;

/** Might the body hold a relative link? Cheap: most bodies are skipped without a Markdown parse (~0.1 s at 20k). */
export function mayLinkRelatively(body: string): boolean {
  for (let i = body.indexOf("]("); i !== -1; i = body.indexOf("](", i + 2)) if (RELATIVE_TARGET.test(body.slice(i + 2, i + 42))) return true;
  // A reference definition (`[ref]: ../x/`): rare, so parsed.
  return body.includes("]:");
}
