/** Every author with articles in the edition, with counts, by name. */
import type { AuthorIndexView } from "../src/pages/author-index.ts";
import type { RenderContext } from "./base.ts";
import { countedIndexPage } from "./counted-index.ts";
import { editionFor } from "./edition.ts";

export function authorIndexPage(ctx: RenderContext, page: AuthorIndexView): string {
  const authors = page.authors.map((a) => ({ path: a.url, label: a.label, count: a.count }));
  return countedIndexPage(ctx, page, editionFor(ctx.site, page.edition).ui.authors, authors);
}
