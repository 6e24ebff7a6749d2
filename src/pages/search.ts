/** The edition's search page: the form, and the edition's search shards newest first. */
import type { SearchPage } from "../model/page-lists.ts";
import { editionShards } from "../model/search-shards.ts";
import type { EditionModel } from "../model/site.ts";
import { fileOfUrl, type PageType } from "./page-type.ts";
import { frozenView } from "./view.ts";

export interface SearchView {
  url: string;
  edition: string;
  /** Shard ids, newest first (none in the preview, which has no index). */
  shards: readonly string[];
}

export const searchPages: PageType<SearchPage, SearchView> = {
  kind: "search",
  cached: true,
  list: ({ site }) => site.pages.search,
  file: fileOfUrl,
  view: ({ site }, { url, edition }) =>
    frozenView({ url, edition, shards: site.preview ? [] : editionShards(site.editions.get(edition) as EditionModel).map((s) => s.id) }),
};
