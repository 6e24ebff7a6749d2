/** Site paths of the pages every layout links to, per edition. */
import type { EditionConfig } from "../schema/site.ts";
import { slugify } from "../slug.ts";

export function tagSlug(tag: string, lang: string): string {
  return slugify(tag, lang) || "tag";
}

export function tagUrl(edition: EditionConfig, tag: string): string {
  return `${edition.prefix}tags/${tagSlug(tag, edition.lang)}/`;
}

export function authorUrl(edition: EditionConfig, id: string): string {
  return `${edition.prefix}authors/${id}/`;
}
