/** Old URLs of renamed articles (`aliases`): a redirect page each, and the `_redirects` file for hosts that read one. */
import type { RedirectPage } from "../model/page-lists.ts";
import { editionNotFoundPages } from "./edition-not-found.ts";
import { fileOfUrl, type PageType } from "./page-type.ts";
import { frozenView } from "./view.ts";

export interface RedirectView {
  url: string;
  target: { url: string; title: string; edition: string };
}

export interface RedirectsFileView {
  /** Permanent redirects: an old URL as it is requested (percent-encoded, with or without its slash) and the article's URL. */
  moved: readonly { from: string; to: string }[];
  /** Missing pages under an edition's prefix get that edition's not-found page, status 404: `/eng/*` and `/eng/404.html`. */
  notFound: readonly { from: string; to: string }[];
}

export const redirectPages: PageType<RedirectPage, RedirectView> = {
  kind: "redirect",
  cached: true,
  list: ({ site }) => site.pages.redirects,
  file: fileOfUrl,
  view: (_input, { url, target }) => frozenView({ url, target: frozenView({ url: target.url, title: target.title, edition: target.edition }) }),
};

export const redirectsFile: PageType<{ file: string }, RedirectsFileView> = {
  kind: "redirects-file",
  cached: true,
  list: () => [{ file: "_redirects" }],
  file: (item) => item.file,
  view: (input) =>
    frozenView({
      moved: input.site.pages.redirectRules.map((r) => frozenView({ from: r.from, to: r.target.url })),
      notFound: editionNotFoundPages(input).map((p) => frozenView({ from: `${p.prefix}*`, to: p.url })),
    }),
};
