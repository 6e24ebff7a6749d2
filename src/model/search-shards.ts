/** How each edition's search index is split into shards (src/pipeline/search-index.ts writes them, the search page lists them). */

import { factsOfBody } from "../content/body-facts.ts";
import { type DateTime, dayParts } from "../dates.ts";
import type { Article } from "../schema/article.ts";
import type { EditionModel } from "./site.ts";

/**
 * One edition's articles of one Kyiv day, month or year, newest first. The newest month is split
 * into days: publishing or correcting any article of it re-indexes that day's articles alone,
 * whatever the month's volume (~130 at 4,000 articles a month).
 */
export interface SearchShard {
  /** Folder under the bundle and the `shard` filter the search page merges by: `eng-2025-12-27`, `eng-2025-11`, `eng-2024`; a part of a big one `eng-2024-p2` (`capShards`). */
  id: string;
  lang: string;
  articles: Article[];
}

/**
 * The edition's shards, newest first: what the build writes and the search page loads
 * (layouts/search.ts). The edition's newest article (so the articles decide, not the build
 * clock) sets the tiers: each day of its month with articles has a shard (`eng-2025-12-27`), the
 * earlier months of its year one each (`eng-2025-11`), and older years one each (`eng-2024`). A
 * publish or a correction in the newest month re-indexes its day; the first article of a new
 * month folds the last month's days into one shard (once a month), of a new year its months.
 * Days rather than blocks of days: an article dated in an earlier week of the month (a
 * correction of last week's story, a back-dated piece) would re-index that week (~900 articles at
 * 4,000 a month, ~1.2 s of Pagefind); a day costs ~130. The page lists up to ~31 day shards more
 * than months would, which the search page asks several at a time (assets/search.js). Shards
 * never overlap in time, so newest first across shards is shard order. A shard with more text
 * than `SHARD_TEXT_LIMIT` is split into parts (`capShards`), which keep that order.
 */
export function editionShards(edition: EditionModel): SearchShard[] {
  let shards = shardsOf.get(edition);
  if (!shards) {
    shards = capShards(periodShards(edition), SHARD_TEXT_LIMIT);
    shardsOf.set(edition, shards);
  }
  return shards;
}

/**
 * Each edition's shards, made once: the search index and the search page's view both ask, and each
 * answer reads every article of the edition (its day and text size). An edition model never changes
 * once made (a new model has new editions).
 */
const shardsOf = new WeakMap<EditionModel, SearchShard[]>();

/**
 * Characters of text (headline, summary and body as written) a shard holds at most. A Pagefind
 * process alone holds 53–61 bytes per character while it writes a shard (3.0 M characters: 150 MiB;
 * src/pipeline/search-index.ts `pagefindMemory` counts 55), and a 20k archive's uncapped year shards
 * of ~1,330 articles took ~1.2 GiB each, so a bigger period is split into parts of about this much
 * text: ~350 articles of ~8 KB.
 */
export const SHARD_TEXT_LIMIT = 3_000_000;

/** Characters of text a shard holds (what `SHARD_TEXT_LIMIT` caps). */
export function shardTextSize(shard: SearchShard): number {
  return shard.articles.reduce((n, a) => n + textSize(a), 0);
}

/** What an article adds to its shard's size. */
function textSize(article: Article): number {
  return article.title.length + (article.summary?.length ?? 0) + factsOfBody(article).length;
}

/**
 * Splits each shard holding more than `limit` characters of text into parts, counted from its
 * oldest article (so a period that grows gets new parts at its new end and its older parts keep
 * their articles): `eng-2024-p1` is the oldest part, listed last, as shards go newest first.
 */
export function capShards(shards: readonly SearchShard[], limit: number): SearchShard[] {
  return shards.flatMap((shard) => {
    // Each article's size once: the split below goes through them again.
    const sizes = shard.articles.map(textSize);
    const total = sizes.reduce((n, size) => n + size, 0);
    if (total <= limit) return [shard];
    const parts: Article[][] = [[]];
    let size = 0;
    for (let i = shard.articles.length - 1; i >= 0; i--) {
      const article = shard.articles[i] as Article;
      const n = sizes[i] as number;
      const part = parts.at(-1) as Article[];
      if (part.length && size + n > limit) {
        parts.push([article]);
        size = n;
      } else {
        part.push(article);
        size += n;
      }
    }
    return parts.map((articles, i) => ({ id: `${shard.id}-p${i + 1}`, lang: shard.lang, articles: articles.reverse() })).reverse();
  });
}

/** The edition's shards by period alone, newest first. */
function periodShards(edition: EditionModel): SearchShard[] {
  const { id, lang } = edition.config;
  const first = edition.articles[0];
  const newest = first ? dayParts(first.date) : undefined;
  const shards: SearchShard[] = [];
  let current = "";
  // The shard's name is made once a day of articles (they come newest first): not once an article.
  let day: DateTime | undefined;
  for (const article of edition.articles) {
    const date = article.date;
    if (day === undefined || date.day !== day.day || date.month !== day.month || date.year !== day.year) {
      day = date;
      const { year, month, day: dd } = dayParts(date);
      let shard = `${id}-${year}`;
      if (year === newest?.year) shard = month === newest.month ? `${id}-${year}-${month}-${dd}` : `${id}-${year}-${month}`;
      if (shard !== current) {
        current = shard;
        shards.push({ id: shard, lang, articles: [] });
      }
    }
    shards.at(-1)?.articles.push(article);
  }
  return shards;
}
