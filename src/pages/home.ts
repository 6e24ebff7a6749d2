/** The edition's home page: the latest articles. Shows today's date, so it is rendered by every build. */
import type { DateTime } from "../dates.ts";
import type { HomePage } from "../model/page-lists.ts";
import type { HreflangLink } from "../model/translations.ts";
import { fileOfUrl, type PageType } from "./page-type.ts";
import { type Teaser, teasers } from "./teasers.ts";
import { frozenView } from "./view.ts";

export interface HomeView {
  url: string;
  edition: string;
  latest: readonly Teaser[];
  /** The edition homes as alternates of one another. */
  alternates: readonly HreflangLink[];
  /** The build's clock: today's date above the masthead. */
  today: DateTime;
}

export const homePages: PageType<HomePage, HomeView> = {
  kind: "home",
  cached: false,
  clock: () => true,
  list: ({ site }) => site.pages.home,
  file: fileOfUrl,
  view: ({ site, images }, page) =>
    frozenView({
      url: page.url,
      edition: page.edition,
      latest: teasers(page.latest, images),
      alternates: site.translations.homeLinks,
      today: site.buildTime,
    }),
};
