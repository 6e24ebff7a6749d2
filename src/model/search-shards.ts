/** How each edition's search index is split into shards (src/pipeline/search-index.ts writes them, the search page lists them). */
import { dayParts } from "../dates.ts";
import type { Article } from "../schema/article.ts";
import type { EditionModel } from "./site.ts";

/**
 * One edition's articles of one Kyiv day, block of seven days, month or year, newest first. The
 * newest month is split into blocks of days 1–7, 8–14, 15–21, 22–28 and 29–31, and its newest
 * block into days: a new article re-indexes its day alone, whatever the month's volume.
 */
export interface SearchShard {
  /** Folder under the bundle and the `shard` filter the search page merges by: `eng-2025-12-27`, `eng-2025-12-w3`, `eng-2025-11`, `eng-2024`. */
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
 * never overlap in time, so newest first across shards is shard order.
 */
export function editionShards(edition: EditionModel): SearchShard[] {
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
