/**
 * What the edition's home page leads with: the editors' choice (`priority` in the front matter:
 * 1 the lead story, 2 and on the top stories), newest first when nobody chose. A priority holds
 * for PRIORITY_HOURS after the article's time, reckoned from the edition's newest article, so
 * yesterday's lead gives way by itself and a quiet night does not empty the front.
 */
import type { Article } from "../schema/article.ts";

export const PRIORITY_HOURS = 48;
/** Top stories under the lead. */
export const TOP_STORIES = 4;
/** Headlines per section block, after the lead and top stories. */
export const SECTION_STORIES = 4;

export interface Front {
  lead?: Article;
  top: readonly Article[];
}

/** `articles`: the edition's, newest first. */
export function chooseFront(articles: readonly Article[]): Front {
  const newest = articles[0];
  if (!newest) return { top: [] };
  const since = newest.date.toMillis() - PRIORITY_HOURS * 3_600_000;
  const chosen: Article[] = [];
  for (const a of articles) {
    if (a.date.toMillis() < since) break;
    if (a.priority !== undefined) chosen.push(a);
  }
  // Lower priority first; among equals, the newer (the sort is stable and `articles` is newest first).
  chosen.sort((a, b) => (a.priority as number) - (b.priority as number));
  const ordered = [...chosen, ...firstNotIn(articles, new Set(chosen), TOP_STORIES + 1)];
  const [lead, ...rest] = ordered;
  return { lead, top: rest.slice(0, TOP_STORIES) };
}

/** The first `count` of `articles` not in `shown`: read from the start, not filtered whole (an edition holds years of articles). */
export function firstNotIn(articles: readonly Article[], shown: ReadonlySet<Article | undefined>, count: number): Article[] {
  const out: Article[] = [];
  for (const a of articles) {
    if (out.length === count) break;
    if (!shown.has(a)) out.push(a);
  }
  return out;
}
