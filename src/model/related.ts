/**
 * Previous/next and related articles of one edition. Related articles are found
 * through the tag index, never by comparing every pair: for each of an article's
 * tags only the RELATED_WINDOW tag-mates nearest in time are counted, so the work is
 * bounded per article however big a tag grows, and a 2019 story gets 2019 neighbours.
 * Rank: shared tags, then recency, then URL (the edition order).
 */
import type { Article } from "../schema/article.ts";
import type { TagIndex } from "./tags.ts";

export const RELATED_COUNT = 5;
export const RELATED_WINDOW = 200;

export interface ArticleLinks {
  /** The article published just before this one. */
  previous?: Article;
  /** The article published just after this one. */
  next?: Article;
  related: Article[];
}

/** `articles` sorted newest first, as the tag lists; returns links by article URL. */
export function buildArticleLinks(articles: readonly Article[], tags: TagIndex, lang: (tag: string) => string): Map<string, ArticleLinks> {
  // Each tag's articles as edition positions, once: the inner loop then reads typed arrays only.
  const order = new Map<Article, number>(articles.map((a, i) => [a, i]));
  const positions = new Map<string, Int32Array>();
  for (const [slug, entry] of tags.bySlug)
    positions.set(
      slug,
      Int32Array.from(entry.articles, (a) => order.get(a) as number),
    );
  const slugs = new Map<string, string>();
  const slugOf = (tag: string) => {
    let slug = slugs.get(tag);
    if (slug === undefined) {
      slug = lang(tag);
      slugs.set(tag, slug);
    }
    return slug;
  };
  const counts = new Int32Array(articles.length);
  const links = new Map<string, ArticleLinks>();
  articles.forEach((article, self) => {
    const touched: number[] = [];
    for (const slug of new Set(article.tags.map(slugOf))) {
      const mates = positions.get(slug);
      if (!mates) continue;
      const [from, to] = windowAround(positionOf(mates, self), mates.length);
      for (let k = from; k < to; k++) {
        const other = mates[k] as number;
        if (other === self) continue;
        if (counts[other] === 0) touched.push(other);
        counts[other] = (counts[other] as number) + 1;
      }
    }
    const best = topRanked(touched, counts);
    for (const i of touched) counts[i] = 0;
    links.set(article.url, { previous: articles[self + 1], next: articles[self - 1], related: best.map((i) => articles[i] as Article) });
  });
  return links;
}

/** Binary search: tag lists are in edition order, so positions are increasing. */
function positionOf(mates: Int32Array, self: number): number {
  let lo = 0;
  let hi = mates.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((mates[mid] as number) < self) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function windowAround(position: number, length: number): [number, number] {
  const from = Math.max(0, Math.min(position - RELATED_WINDOW / 2, length - RELATED_WINDOW - 1));
  return [from, Math.min(length, from + RELATED_WINDOW + 1)];
}

/** The RELATED_COUNT best candidates: more shared tags first, then lower index (newer, then URL). */
function topRanked(candidates: readonly number[], counts: Int32Array): number[] {
  const top: number[] = [];
  const better = (a: number, b: number) => (counts[a] as number) > (counts[b] as number) || (counts[a] === counts[b] && a < b);
  for (const c of candidates) {
    if (top.length === RELATED_COUNT && !better(c, top[RELATED_COUNT - 1] as number)) continue;
    let at = top.length === RELATED_COUNT ? RELATED_COUNT - 1 : top.length;
    top[at] = c;
    while (at > 0 && better(c, top[at - 1] as number)) {
      top[at] = top[at - 1] as number;
      top[at - 1] = c;
      at--;
    }
  }
  return top;
}
