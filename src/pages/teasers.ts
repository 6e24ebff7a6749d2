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

export function teasers(articles: readonly Article[], images: ReadonlyMap<string, ArticleImages>): readonly Teaser[] {
  return Object.freeze(articles.map((a) => teaser(a, images)));
}
