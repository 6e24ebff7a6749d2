/** How each edition's search index is split into shards (src/pipeline/search-index.ts writes them, the search page lists them). */

import { factsOfBody } from "../content/body-facts.ts";
import { dayParts } from "../dates.ts";
import type { Article } from "../schema/article.ts";
import type { EditionModel } from "./site.ts";

/**
 * One edition's articles of one Kyiv day, block of seven days, month or year, newest first. The
 * newest month is split into blocks of days 1–7, 8–14, 15–21, 22–28 and 29–31, and its newest
 * block into days: a new article re-indexes its day alone, whatever the month's volume.
 */
export interface SearchShard {
  /** Folder under the bundle and the `shard` filter the search page merges by: `eng-2025-12-27`, `eng-2025-12-w3`, `eng-2025-11`, `eng-2024`; a part of a big one `eng-2024-p2` (`capShards`). */
  id: string;
  lang: string;
  articles: Article[];
}

/** Days 1–7 are block 1, 8–14 block 2 … 29–31 block 5. */
const block = (day: string) => Math.ceil(Number(day) / 7);

/**
 * The edition's shards, newest first: what the build writes and the search page loads
 * (layouts/search.ts). The edition's newest article (so the articles decide, not the build
 * clock) sets the tiers: its block of days has a shard per day (`eng-2025-12-27`), the earlier
 * blocks of its month one each (`eng-2025-12-w3`: days 15–21), the earlier months of its year
 * one each (`eng-2025-11`), and older years one each (`eng-2024`). A publish re-indexes its
 * day; the first article of a new block folds the last block's days into one shard (a week,
 * once), of a new month the last month's blocks (once a month), of a new year its months. Shards
 * never overlap in time, so newest first across shards is shard order. A shard with more text than
 * `SHARD_TEXT_LIMIT` is split into parts (`capShards`), which keep that order.
 */
export function editionShards(edition: EditionModel): SearchShard[] {
  return capShards(periodShards(edition), SHARD_TEXT_LIMIT);
}

/**
 * Characters of text (headline, summary and body as written) a shard holds at most. Pagefind's
 * process holds ~100 bytes per character while it writes a shard (a 20k archive's year shards of
 * ~1,330 articles took ~1.2 GiB each), so a bigger period is split into parts of about this much
 * text: ~350 articles of ~8 KB, ~0.35 GiB in Pagefind.
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
    const total = shard.articles.reduce((n, a) => n + textSize(a), 0);
    if (total <= limit) return [shard];
    const parts: Article[][] = [[]];
    let size = 0;
    for (const article of [...shard.articles].reverse()) {
      const n = textSize(article);
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
  for (const article of edition.articles) {
    const { year, month, day } = dayParts(article.date);
    let shard = `${id}-${year}`;
    if (year === newest?.year) {
      shard = `${id}-${year}-${month}`;
      if (month === newest.month)
        shard = block(day) === block(newest.day) ? `${id}-${year}-${month}-${day}` : `${id}-${year}-${month}-w${block(day)}`;
    }
    if (shard !== current) {
      current = shard;
      shards.push({ id: shard, lang, articles: [] });
    }
    shards.at(-1)?.articles.push(article);
  }
  return shards;
}
