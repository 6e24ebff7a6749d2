/**
 * The sections of one edition (news, politics, war ...), in the site config's order,
 * each with its articles newest first. A section without articles in the edition has
 * no page, no feed and no link in the header, as a tag without articles has none.
 */
import type { Article } from "../schema/article.ts";
import type { EditionConfig, SiteConfig } from "../schema/site.ts";
import { sectionUrl } from "./paths.ts";

export interface SectionEntry {
  id: string;
  title: string;
  url: string;
  /** Newest first. */
  articles: Article[];
}

export function buildSections(edition: EditionConfig, sections: SiteConfig["sections"], articles: readonly Article[]): SectionEntry[] {
  const entries = sections.map((s) => ({
    id: s.id,
    title: s.title[edition.lang] ?? s.id,
    url: sectionUrl(edition, s.id),
    articles: [] as Article[],
  }));
  const byId = new Map(entries.map((e) => [e.id, e]));
  for (const article of articles) byId.get(article.section)?.articles.push(article);
  return entries.filter((e) => e.articles.length > 0);
}
