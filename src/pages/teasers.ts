/**
 * What lists show of an article: its headline, time, URL, summary and thumbnail. One frozen
 * teaser per article (and photo), kept for as long as the article lives, so every list that
 * shows an article shares one object and one hash (src/pages/keys.ts).
 */

import type { DateTime } from "../dates.ts";
import type { ArticleImages, Picture } from "../images/plan.ts";
import type { Article } from "../schema/article.ts";
import { frozenView } from "./view.ts";

export interface Teaser {
  url: string;
  title: string;
  date: DateTime;
  description: string;
  /** The lead photo as a list thumbnail. */
  thumb?: { picture: Picture; alt: string };
  /** `important: true`: set in bold in the news feed. */
  important?: true;
}

const known = new WeakMap<Article, { lead: unknown; teaser: Teaser }>();

export function teaser(article: Article, images: ReadonlyMap<string, ArticleImages>): Teaser {
  const lead = images.get(article.url)?.lead;
  const had = known.get(article);
  if (had && had.lead === lead) return had.teaser;
  const t: Teaser = frozenView({
    url: article.url,
    title: article.title,
    date: article.date,
    description: article.description,
    thumb: lead && article.image ? frozenView({ picture: lead.picture, alt: article.image.alt }) : undefined,
    important: article.important ? true : undefined,
  });
  known.set(article, { lead, teaser: t });
  return t;
}

/** The teasers last made of each list of articles: pages that list the same array share one frozen list, and one hash. */
const lists = new WeakMap<readonly Article[], readonly Teaser[]>();

/**
 * The teasers of a list of articles. The same array of articles (a day's, which its day page,
 * its month and each of its article pages' columns list) gives the same frozen list while
 * every teaser in it is the one it was, so the list is hashed once however many pages show it.
 */
export function teasers(articles: readonly Article[], images: ReadonlyMap<string, ArticleImages>): readonly Teaser[] {
  const made = articles.map((a) => teaser(a, images));
  const had = lists.get(articles);
  if (had && had.length === made.length && had.every((t, i) => t === made[i])) return had;
  const list = Object.freeze(made);
  lists.set(articles, list);
  return list;
}
