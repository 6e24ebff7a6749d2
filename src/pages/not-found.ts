/** The site-wide `/404.html`, in the first edition's language. */
import { fileOfUrl, type PageType } from "./page-type.ts";
import { frozenView } from "./view.ts";

export interface NotFoundView {
  url: string;
  edition: string;
}

export const notFoundPages: PageType<{ url: string }, NotFoundView> = {
  kind: "not-found",
  cached: true,
  list: ({ site }) => site.pages.notFound,
  file: fileOfUrl,
  view: ({ site }, { url }) => {
    const first = [...site.editions.keys()][0];
    if (first === undefined) throw new Error("the site has no edition");
    return frozenView({ url, edition: first });
  },
};
