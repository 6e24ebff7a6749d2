/** Every tag of the edition with its article count, by name. */
import type { TagIndexView } from "../src/pages/tag-index.ts";
import type { RenderContext } from "./base.ts";
import { countedIndexPage } from "./counted-index.ts";
import { editionFor } from "./edition.ts";

export function tagIndexPage(ctx: RenderContext, page: TagIndexView): string {
  const tags = page.tags.map((t) => ({ path: t.url, label: t.label, count: t.count }));
  return countedIndexPage(ctx, page, editionFor(ctx.site, page.edition).ui.tags, tags);
}
