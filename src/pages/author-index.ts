/** Every author with articles in an edition, with counts. */
import type { AuthorIndexPage } from "../model/page-lists.ts";
import { inLanguage } from "../model/per-language.ts";
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
  cached: true,
  list: ({ site }) => site.pages.authorIndex,
  file: fileOfUrl,
  view: ({ site }, { url, edition, authors }) => {
    const lang = site.editions.get(edition)?.config.lang;
    if (lang === undefined) throw new Error(`no edition "${edition}" in the site model`);
    return frozenView({
      url,
      edition,
      authors: authors.map((a) => frozenView({ url: a.url, label: inLanguage(a.author.name, lang), count: a.articles.length })),
    });
  },
};
