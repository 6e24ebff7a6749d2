/**
 * Each edition's own not-found page, in its language (`/eng/404.html`), for every edition under a
 * prefix; the site's root keeps `/404.html`. Hosts that read `_redirects` serve it for a missing
 * page under the prefix (src/pages/redirects.ts); Cloudflare Pages finds the nearest 404.html itself.
 */
import { notFoundUrl } from "../model/paths.ts";
import type { NotFoundView } from "./not-found.ts";
import { fileOfUrl, type PageType, type SiteInput } from "./page-type.ts";
import { frozenView } from "./view.ts";

export interface EditionNotFound {
  url: string;
  edition: string;
  /** The paths it answers for, as `_redirects` writes them: `/eng/*`. */
  prefix: string;
}

export function editionNotFoundPages({ site }: Pick<SiteInput, "site">): EditionNotFound[] {
  return [...site.editions.values()]
    .filter((e) => e.config.prefix !== "/")
    .map((e) => ({ url: notFoundUrl(e.config), edition: e.config.id, prefix: e.config.prefix }));
}

export const editionNotFound: PageType<EditionNotFound, NotFoundView> = {
  kind: "edition-not-found",
  cached: true,
  list: editionNotFoundPages,
  file: fileOfUrl,
  view: (_input, { url, edition }) => frozenView({ url, edition }),
};
