/** One author: name, photo, bio, website and articles in the edition, paginated; name and bio in the edition's language. */
import type { Picture } from "../images/plan.ts";
import type { AuthorPage } from "../model/page-lists.ts";
import { inLanguage } from "../model/per-language.ts";
import { type CollectionView, collectionFacts, collectionView } from "./lists.ts";
import { fileOfUrl, type PageType } from "./page-type.ts";
import { frozenView } from "./view.ts";

export interface AuthorView extends CollectionView {
  author: { name: string; bio?: string; url?: string; picture?: Picture };
}

export const authorPages: PageType<AuthorPage, AuthorView> = {
  kind: "author",
  cached: true,
  list: ({ site }) => site.pages.author,
  file: fileOfUrl,
  // The author's profile is in the chrome's part of the keys (src/pages/chrome.ts chromeDigestInput).
  sources: (_input, page) => ({ lists: [page.entry.articles], text: "" }),
  facts: (_input, page) => collectionFacts(page, page.entry.author),
  view: (input, page) => {
    const { name, bio, url, picture } = page.entry.author;
    const lang = input.site.editions.get(page.edition)?.config.lang;
    if (lang === undefined) throw new Error(`no edition "${page.edition}" in the site model`);
    return frozenView({
      ...collectionView(input, page),
      author: frozenView({ name: inLanguage(name, lang), bio: bio && inLanguage(bio, lang), url, picture }),
    });
  },
};
