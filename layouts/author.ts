/** One author: name, bio and their articles in this edition, newest first, paginated. */
import type { AuthorPage } from "../src/model/page-lists.ts";
import { authorsUrl } from "../src/model/paths.ts";
import type { RenderContext } from "./base.ts";
import { collectionPage } from "./collection.ts";
import { editionFor } from "./edition.ts";

export function authorPage(ctx: RenderContext, page: AuthorPage): string {
  const { ui, config } = editionFor(ctx.site, page.edition);
  const { author } = page.entry;
  return collectionPage(ctx, page, {
    name: author.name,
    intro: author.bio,
    introClass: "bio",
    index: { label: ui.authors, path: authorsUrl(config) },
    fallbackDescription: `${ui.authors}: ${author.name}`,
  });
}
