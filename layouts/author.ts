/** One author: name, photo, bio, website and their articles in this edition, newest first, paginated. */

import { authorsUrl } from "../src/model/paths.ts";
import type { AuthorView } from "../src/pages/author.ts";
import { html } from "../src/render/html.ts";
import type { RenderContext } from "./base.ts";
import { collectionPage } from "./collection.ts";
import { editionFor } from "./edition.ts";
import { picture } from "./picture.ts";

/** The photo's column width (assets/site.css `.author-photo`). */
const PHOTO_SIZES = "8rem";

export function authorPage(ctx: RenderContext, page: AuthorView): string {
  const { ui, config } = editionFor(ctx.site, page.edition);
  const { author } = page;
  const photo = author.picture
    ? picture(author.picture, { alt: author.name, urls: ctx.site.urls, sizes: PHOTO_SIZES, className: "author-photo" })
    : "";
  const website = author.url ? html`<p class="website"><a href="${author.url}" rel="me">${ui.website}</a></p>\n` : "";
  return collectionPage(ctx, page, {
    name: author.name,
    header: html`${photo}${photo ? "\n" : ""}${website}`,
    intro: author.bio,
    introClass: "bio",
    index: { label: ui.authors, path: authorsUrl(config) },
    fallbackDescription: `${ui.authors}: ${author.name}`,
  });
}
