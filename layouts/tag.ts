/** One tag: its name, description and articles newest first, paginated. */

import { tagsUrl } from "../src/model/paths.ts";
import type { TagView } from "../src/pages/tag.ts";
import type { RenderContext } from "./base.ts";
import { collectionPage } from "./collection.ts";
import { editionFor } from "./edition.ts";

export function tagPage(ctx: RenderContext, page: TagView): string {
  const { ui, config } = editionFor(ctx.site, page.edition);
  const { tag } = page;
  return collectionPage(ctx, page, {
    name: tag.name,
    intro: tag.description,
    introClass: "description",
    index: { label: ui.tags, path: tagsUrl(config) },
    fallbackDescription: `${ui.tags}: ${tag.name}`,
  });
}
