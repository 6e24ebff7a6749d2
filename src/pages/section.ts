/** One section front: its articles, paginated up to the list limit. */
import type { SectionPage } from "../model/page-lists.ts";
import { type CollectionView, collectionView } from "./lists.ts";
import { fileOfUrl, type PageType } from "./page-type.ts";

export interface SectionView extends CollectionView {
  section: { title: string };
}

export const sectionPages: PageType<SectionPage, SectionView> = {
  kind: "section",
  cached: true,
  list: ({ site }) => site.pages.section,
  file: fileOfUrl,
  view: (input, page) => Object.freeze({ ...collectionView(input, page), section: { title: page.section.title } }),
};
