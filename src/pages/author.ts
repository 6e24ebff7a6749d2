/** One author: name, photo, bio, website and articles in the edition, paginated. */
import type { AuthorPage } from "../model/page-lists.ts";
import type { Author } from "../schema/author.ts";
import { type CollectionView, collectionView } from "./lists.ts";
import { fileOfUrl, type PageType } from "./page-type.ts";
import { frozenView } from "./view.ts";

export interface AuthorView extends CollectionView {
  author: Pick<Author, "name" | "bio" | "url" | "picture">;
}

export const authorPages: PageType<AuthorPage, AuthorView> = {
  kind: "author",
  cached: true,
  list: ({ site }) => site.pages.author,
  file: fileOfUrl,
  view: (input, page) => {
    const { name, bio, url, picture } = page.entry.author;
    return frozenView({ ...collectionView(input, page), author: frozenView({ name, bio, url, picture }) });
  },
};
