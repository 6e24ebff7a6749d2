/** One section front: its articles, its newest pages up to the list limit, numbered from the oldest (src/model/pagination.ts). */
import type { SectionPage } from "../model/page-lists.ts";
import { type CollectionView, collectionFacts, collectionView } from "./lists.ts";
import { fileOfUrl, type PageType } from "./page-type.ts";
import { frozenView } from "./view.ts";

export interface SectionView extends CollectionView {
  section: { title: string };
}

export const sectionPages: PageType<SectionPage, SectionView> = {
  kind: "section",
  cached: true,
  list: ({ site }) => site.pages.section,
  file: fileOfUrl,
  // Its title is in the chrome's part of the keys (the editions' sections).
  sources: (_input, page) => ({ lists: [page.section.articles], text: "" }),
  facts: (_input, page) => collectionFacts(page, page.section.title),
  view: (input, page) => frozenView({ ...collectionView(input, page), section: frozenView({ title: page.section.title }) }),
};
