/** How each edition's search index is split into shards (src/pipeline/search-index.ts writes them, the search page lists them). */
import { dayParts } from "../dates.ts";
import type { Article } from "../schema/article.ts";
import type { EditionModel } from "./site.ts";

/** One edition's articles of one Kyiv month (in its newest year) or one Kyiv year (before), newest first. */
export interface SearchShard {
  /** Folder under the bundle and the `shard` filter the search page merges by: `eng-2025-12`, `eng-2024`. */
  id: string;
  lang: string;
  articles: Article[];
}

/**
 * The edition's shards, newest first: what the build writes and the search page loads
 * (layouts/search.ts). The year of the edition's newest article (so the articles decide, not
 * the build clock) is split by month, `eng-2025-12`, `eng-2025-11` ..., as new articles land
 * there; older years are one shard each, `eng-2024`. When a new year starts, the last one's
 * months become one year shard. Shards never overlap in time, so newest first across shards
 * is shard order.
 */
export function editionShards(edition: EditionModel): SearchShard[] {
  const { id, lang } = edition.config;
  const first = edition.articles[0];
  const newestYear = first ? dayParts(first.date).year : "";
  const shards: SearchShard[] = [];
  let current = "";
  for (const article of edition.articles) {
    const { year, month } = dayParts(article.date);
    const shard = year === newestYear ? `${id}-${year}-${month}` : `${id}-${year}`;
    if (shard !== current) {
      current = shard;
      shards.push({ id: shard, lang, articles: [] });
    }
    shards.at(-1)?.articles.push(article);
  }
  return shards;
}
