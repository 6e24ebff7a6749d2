/** One tag: its name, description and articles, paginated. */
import type { TagPage } from "../model/page-lists.ts";
import { type CollectionView, collectionFacts, collectionView } from "./lists.ts";
import { fileOfUrl, type PageType } from "./page-type.ts";
import { frozenView } from "./view.ts";

export interface TagView extends CollectionView {
  tag: { name: string; description?: string };
}

export const tagPages: PageType<TagPage, TagView> = {
  kind: "tag",
  cached: true,
  list: ({ site }) => site.pages.tag,
  file: fileOfUrl,
  sources: (_input, page) => ({ lists: [page.tag.articles], text: `${page.tag.name}\n${page.tag.description ?? ""}` }),
  facts: (_input, page) => collectionFacts(page, [page.tag.name, page.tag.description]),
  view: (input, page) => frozenView({ ...collectionView(input, page), tag: frozenView({ name: page.tag.name, description: page.tag.description }) }),
};
