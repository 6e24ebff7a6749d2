/** One section (the seed's "All Sections"): its articles newest first, its newest pages numbered from the oldest. */
import type { SectionView } from "../src/pages/section.ts";
import type { RenderContext } from "./base.ts";
import { collectionPage } from "./collection.ts";
import { editionFor } from "./edition.ts";

export function sectionPage(ctx: RenderContext, page: SectionView): string {
  const { config } = editionFor(ctx.site, page.edition);
  return collectionPage(ctx, page, {
    name: page.section.title,
    introClass: "description",
    fallbackDescription: `${page.section.title} | ${config.name}`,
  });
}
