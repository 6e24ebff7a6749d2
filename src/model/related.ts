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
  const find = linkFinder(articles, tags, lang);
  const links = new Map<string, ArticleLinks>();
  articles.forEach((article, self) => {
    links.set(article.url, find(self));
  });
  return links;
}

/** Links by article URL: a map, or a table read on demand (src/model/links-cache.ts). */
export interface LinksLookup {
  get(url: string): ArticleLinks | undefined;
}

/** The links of one edition's articles, with what they were computed from. */
export interface EditionLinks {
  /** Newest first. */
  articles: readonly Article[];
  tags: TagIndex;
  links: LinksLookup;
}

/**
 * The links of `articles` after an edit, from the links `before` it: an article's links
 * can change only when a `changed` article (the old or the new version of an edited one)
 * was or is its neighbour in the edition, or was or is within a related window of it in
 * one of the changed article's tags. Only those are found again; every other article keeps
 * its links object. The result equals `buildArticleLinks` over the new lists.
 */
export function updateArticleLinks(
  before: EditionLinks,
  articles: readonly Article[],
  tags: TagIndex,
  lang: (tag: string) => string,
  changed: readonly Article[],
): Map<string, ArticleLinks> {
  const swapped = substitution(before, articles, lang, changed);
  if (swapped) {
    // The same lists but for one article in the same place: every count and rank is as it was.
    const [old, next] = swapped;
    const swap = (a: Article | undefined) => (a === old ? next : a);
    const links = new Map<string, ArticleLinks>();
    for (const article of articles) {
      const was = before.links.get((article === next ? old : article).url) as ArticleLinks;
      const touched = article === next || was.previous === old || was.next === old || was.related.includes(old);
      links.set(
        article.url,
        touched ? { previous: swap(was.previous), next: swap(was.next), related: was.related.map((a) => swap(a) as Article) } : was,
      );
    }
    return links;
  }
  const near = nearChange(before, articles, tags, lang, changed);
  const find = linkFinder(articles, tags, lang);
  const links = new Map<string, ArticleLinks>();
  articles.forEach((article, self) => {
    const kept = near.has(article) ? undefined : before.links.get(article.url);
    links.set(article.url, kept ?? find(self));
  });
  return links;
}

/**
 * The articles whose links a change may have changed (of the earlier and of the new lists): the
 * neighbours of each `changed` article in the edition, and its tag-mates within a related window.
 */
export function nearChange(
  before: Pick<EditionLinks, "articles" | "tags">,
  articles: readonly Article[],
  tags: TagIndex,
  lang: (tag: string) => string,
  changed: readonly Article[],
): Set<Article> {
  const near = new Set<Article>();
  const around = (list: readonly Article[], article: Article, reach: number) => {
    const at = list.indexOf(article);
    if (at < 0) return;
    for (let i = Math.max(0, at - reach); i <= Math.min(list.length - 1, at + reach); i++) near.add(list[i] as Article);
  };
  for (const [list, index] of [
    [before.articles, before.tags],
    [articles, tags],
  ] as const) {
    for (const article of changed) {
      around(list, article, 1);
      // A window holds RELATED_WINDOW + 1 tag-mates around the article; a change further away leaves it as it was.
      for (const slug of new Set(article.tags.map(lang))) around(index.bySlug.get(slug)?.articles ?? [], article, RELATED_WINDOW + 2);
    }
  }
  return near;
}

/**
 * The old and new version of an edited article when the edit left the edition's order and
 * the article's tags as they were (a headline, a summary, an author): both lists are then
 * the old ones with the one article swapped in its place, in the edition and in each tag.
 */
function substitution(
  before: EditionLinks,
  articles: readonly Article[],
  lang: (tag: string) => string,
  changed: readonly Article[],
): [Article, Article] | undefined {
  const [old, next] = changed;
  if (changed.length !== 2 || !old || !next || articles.length !== before.articles.length) return undefined;
  const at = before.articles.indexOf(old);
  if (at < 0 || articles[at] !== next || !before.links.get(old.url)) return undefined;
  const slugs = (a: Article) => [...new Set(a.tags.map(lang))].sort().join("\n");
  return slugs(old) === slugs(next) ? [old, next] : undefined;
}

/**
 * Finds the links of the article at a position of `articles`. `positionOf`, when the caller has one
 * (the links cache: a few articles' links found again), gives an article's position in `articles`:
 * each tag's window is then found in the tag's list by identity and only its articles are placed. Without
 * it, each tag's whole list is turned into positions once (a build that finds every article's links):
 * at 100,000 articles that cost a publish ~0.2-0.5 s for the few tags of its new article.
 */
export function linkFinder(
  articles: readonly Article[],
  tags: TagIndex,
  lang: (tag: string) => string,
  positionOf?: (article: Article) => number | undefined,
): (self: number) => ArticleLinks {
  // Each tag's articles as edition positions, on first use: the inner loop then reads typed arrays only.
  let order: Map<Article, number> | undefined;
  const positions = new Map<string, Int32Array | undefined>();
  const positionsOf = (slug: string) => {
    if (positions.has(slug)) return positions.get(slug);
    const entry = tags.bySlug.get(slug);
    order ??= new Map<Article, number>(articles.map((a, i) => [a, i]));
    const known = order;
    const mates = entry && Int32Array.from(entry.articles, (a) => known.get(a) as number);
    positions.set(slug, mates);
    return mates;
  };
  const slugOf = memoSlug(lang);
  const counts = new Int32Array(articles.length);
  // The articles an article's windows reach, in the order first reached: one buffer for every article
  // (each reaches each other article at most once), where an array per article grew to ~2,000 entries
  // at 20k articles (~345 MB of a cold build's allocation, issue 19).
  const touched = new Int32Array(articles.length);
  let reached = 0;
  const touch = (self: number, other: number) => {
    if (other === self) return;
    if (counts[other] === 0) touched[reached++] = other;
    counts[other] = (counts[other] as number) + 1;
  };
  // With `positionOf`: each tag's list's positions as far as they were asked for (position + 1; 0: not yet),
  // so the windows of a change's neighbours, which overlap, place each article once.
  const placed = new Map<string, Int32Array>();
  const placer = (slug: string, list: readonly Article[]) => {
    let known = placed.get(slug);
    if (!known) {
      known = new Int32Array(list.length);
      placed.set(slug, known);
    }
    const memo = known;
    const position = positionOf as (a: Article) => number | undefined;
    return (k: number): number => {
      let p = (memo[k] as number) - 1;
      if (p < 0) {
        p = position(list[k] as Article) ?? -1;
        memo[k] = p + 1;
      }
      return p;
    };
  };
  return (self) => {
    const article = articles[self] as Article;
    reached = 0;
    for (const slug of new Set(article.tags.map(slugOf))) {
      const list = positionOf ? tags.bySlug.get(slug)?.articles : undefined;
      // The article's index in its tag's list, by a binary search on positions (the list is in edition order).
      let at = -1;
      const placeIn = list && placer(slug, list);
      if (list && placeIn) {
        let lo = 0;
        let hi = list.length - 1;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (placeIn(mid) < self) lo = mid + 1;
          else hi = mid;
        }
        if (list[lo] === article) at = lo;
      }
      if (list && placeIn && at >= 0) {
        // The same window as below: the article's place in its tag's list is its index there.
        const [from, to] = windowAround(at, list.length);
        for (let k = from; k < to; k++) touch(self, placeIn(k));
        continue;
      }
      const mates = positionsOf(slug);
      if (!mates) continue;
      const [from, to] = windowAround(positionIn(mates, self), mates.length);
      for (let k = from; k < to; k++) touch(self, mates[k] as number);
    }
    const candidates = touched.subarray(0, reached);
    const best = topRanked(candidates, counts);
    for (const i of candidates) counts[i] = 0;
    return { previous: articles[self + 1], next: articles[self - 1], related: best.map((i) => articles[i] as Article) };
  };
}

/** Binary search: tag lists are in edition order, so positions are increasing. */
/** A tag's slug function that works out each tag's slug once. */
export function memoSlug(lang: (tag: string) => string): (tag: string) => string {
  const slugs = new Map<string, string>();
  return (tag) => {
    let slug = slugs.get(tag);
    if (slug === undefined) {
      slug = lang(tag);
      slugs.set(tag, slug);
    }
    return slug;
  };
}

function positionIn(mates: Int32Array, self: number): number {
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
function topRanked(candidates: Int32Array, counts: Int32Array): number[] {
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
