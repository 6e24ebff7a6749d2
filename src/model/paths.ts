/** Site paths of every page type, per edition. Layouts turn them into links with `urls.href()`. */
import type { EditionConfig } from "../schema/site.ts";
import { slugify } from "../slug.ts";

type Prefixed = Pick<EditionConfig, "prefix">;

/** The one site-wide "not found" page most hosts serve for unknown paths. */
export const NOT_FOUND_PATH = "/404.html";

export function homeUrl(edition: Prefixed): string {
  return edition.prefix;
}

export function newsUrl(edition: Prefixed): string {
  return `${edition.prefix}news/`;
}

/** Page 1 of a list lives at the list's own URL; later pages at `<list>page/N/`. */
export function pagedUrl(listUrl: string, pageNumber: number): string {
  return pageNumber <= 1 ? listUrl : `${listUrl}page/${pageNumber}/`;
}

export function yearUrl(edition: Prefixed, year: string): string {
  return `${newsUrl(edition)}${year}/`;
}

export function monthUrl(edition: Prefixed, year: string, month: string): string {
  return `${yearUrl(edition, year)}${month}/`;
}

/** The newsroom-local day: `/eng/news/2025/03/27/`. */
export function dayUrl(edition: Prefixed, year: string, month: string, day: string): string {
  return `${monthUrl(edition, year, month)}${day}/`;
}

export function tagSlug(tag: string, lang: string): string {
  return slugify(tag, lang) || "tag";
}

export function tagsUrl(edition: Prefixed): string {
  return `${edition.prefix}tags/`;
}

export function tagSlugUrl(edition: Prefixed, slug: string): string {
  return `${tagsUrl(edition)}${slug}/`;
}

export function tagUrl(edition: EditionConfig, tag: string): string {
  return tagSlugUrl(edition, tagSlug(tag, edition.lang));
}

export function authorsUrl(edition: Prefixed): string {
  return `${edition.prefix}authors/`;
}

export function authorUrl(edition: Prefixed, id: string): string {
  return `${authorsUrl(edition)}${id}/`;
}
