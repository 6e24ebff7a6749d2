/** Every page of a site, listed through the registry (src/pages/index.ts): its type, its output file and its view. */

import type { Article } from "../schema/article.ts";
import { KINDS, type Kind, PAGE_TYPES } from "./index.ts";
import type { PageType, SiteInput } from "./page-type.ts";

export interface PlannedPage {
  kind: Kind;
  /** Output file relative to the site folder: `eng/tags/energy/index.html`. */
  file: string;
  view: unknown;
  /** Its key, when the plan made it (src/pages/kept-plan.ts); the page cache hashes the view otherwise. */
  key?: string;
  /** Why the plan made its view afresh rather than keeping its key (src/pages/kept-plan.ts): what the build report says of a rendered page. */
  why?: string;
}

/** The pages of the given types (every type by default), in the registry's order, each with its view. */
export function planPages(input: SiteInput, kinds: readonly Kind[] = KINDS): PlannedPage[] {
  const pages: PlannedPage[] = [];
  for (const kind of kinds) {
    const type = PAGE_TYPES[kind] as unknown as PageType<unknown, unknown>;
    for (const item of type.list(input)) pages.push({ kind, file: type.file(item), view: type.view(input, item) });
  }
  return pages;
}

/** Whether pages of this type may come from the rendered-page cache. */
export function isCached(kind: Kind): boolean {
  return PAGE_TYPES[kind].cached;
}

/**
 * The pages whose views hold `article` whole (page types with `holds`: its own page, the feeds
 * that carry it) and every page that shows the build's clock (`clock`): what an edit to an
 * article's text alone can change.
 */
export function planPagesHolding(input: SiteInput, article: Article): PlannedPage[] {
  const pages: PlannedPage[] = [];
  for (const kind of KINDS) {
    const { holds, clock, file, view, list } = PAGE_TYPES[kind] as unknown as PageType<unknown, unknown>;
    if (!holds && !clock) continue;
    for (const item of list(input)) {
      if (clock?.(item) || holds?.(item).includes(article)) pages.push({ kind, file: file(item), view: view(input, item) });
    }
  }
  return pages;
}
