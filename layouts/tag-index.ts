/** Every tag of the edition with its article count, by name. */
import type { TagIndexPage } from "../src/model/page-lists.ts";
import type { RenderContext } from "./base.ts";
import { countedIndexPage } from "./counted-index.ts";
import { editionFor } from "./edition.ts";

export function tagIndexPage(ctx: RenderContext, page: TagIndexPage): string {
  const tags = page.tags.map((t) => ({ path: t.url, label: t.name, count: t.articles.length }));
  return countedIndexPage(ctx, page, editionFor(ctx.site, page.edition).ui.tags, tags);
}
