/** A static page (content/pages/<edition>/<name>.md): About, Contacts, the editorial and corrections policies. */
import type { DateTime } from "../dates.ts";
import type { StaticPageItem } from "../model/page-lists.ts";
import type { HreflangLink } from "../model/translations.ts";
import { fileOfUrl, type PageType } from "./page-type.ts";
import { frozenView } from "./view.ts";

export interface StaticPageView {
  url: string;
  edition: string;
  title: string;
  description: string;
  updated?: DateTime;
  /** Markdown, rendered by the layout with the edition's typography. */
  body: string;
  /** Its versions in the other editions, itself included; [] when it has none. */
  alternates: readonly HreflangLink[];
}

export const staticPages: PageType<StaticPageItem, StaticPageView> = {
  kind: "static-page",
  // A dozen pages, each rendered in a moment.
  cached: true,
  list: ({ site }) => site.pages.staticPage,
  file: fileOfUrl,
  view: (_input, { url, edition, page, alternates }) =>
    frozenView({ url, edition, title: page.title, description: page.description, updated: page.updated, body: page.body, alternates }),
};
