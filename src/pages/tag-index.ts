/** Every tag of an edition with its count. */
import type { TagIndexPage } from "../model/page-lists.ts";
import type { CountedItem } from "./lists.ts";
import { fileOfUrl, type PageType } from "./page-type.ts";
import { frozenView } from "./view.ts";

export interface TagIndexView {
  url: string;
  edition: string;
  tags: readonly CountedItem[];
}

export const tagIndexPages: PageType<TagIndexPage, TagIndexView> = {
  kind: "tag-index",
  cached: true,
  list: ({ site }) => site.pages.tagIndex,
  file: fileOfUrl,
  view: (_input, { url, edition, tags }) =>
    frozenView({ url, edition, tags: tags.map((t) => frozenView({ url: t.url, label: t.name, count: t.articles.length })) }),
};
