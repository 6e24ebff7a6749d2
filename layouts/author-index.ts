/** Every author with articles in the edition, with counts, by name. */
import type { AuthorIndexPage } from "../src/model/page-lists.ts";
import type { RenderContext } from "./base.ts";
import { countedIndexPage } from "./counted-index.ts";
import { editionFor } from "./edition.ts";

export function authorIndexPage(ctx: RenderContext, page: AuthorIndexPage): string {
  const authors = page.authors.map((a) => ({ path: a.url, label: a.author.name, count: a.articles.length }));
  return countedIndexPage(ctx, page, editionFor(ctx.site, page.edition).ui.authors, authors);
}
