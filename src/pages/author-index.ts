/** Every author with articles in an edition, with counts. */
import type { AuthorIndexPage } from "../model/page-lists.ts";
import type { CountedItem } from "./lists.ts";
import { fileOfUrl, type PageType } from "./page-type.ts";
import { frozenView } from "./view.ts";

export interface AuthorIndexView {
  url: string;
  edition: string;
  authors: readonly CountedItem[];
}

export const authorIndexPages: PageType<AuthorIndexPage, AuthorIndexView> = {
  kind: "author-index",
  cached: false,
  list: ({ site }) => site.pages.authorIndex,
  file: fileOfUrl,
  view: (_input, { url, edition, authors }) =>
    frozenView({ url, edition, authors: authors.map((a) => frozenView({ url: a.url, label: a.author.name, count: a.articles.length })) }),
};
