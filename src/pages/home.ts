/**
 * The edition's home page: the lead story and top stories (src/pages/front.ts), the sections'
 * latest headlines and the news-feed column. Shows today's date, so it is rendered by every build.
 */
import type { DateTime } from "../dates.ts";
import type { HomePage } from "../model/page-lists.ts";
import type { HreflangLink } from "../model/translations.ts";
import { FEED_COLUMN_SIZE, feedDays } from "./feed-column.ts";
import { chooseFront, firstNotIn, SECTION_STORIES } from "./front.ts";
import type { DayGroupView } from "./news-feed.ts";
import { fileOfUrl, type PageType } from "./page-type.ts";
import { type Teaser, teaser, teasers } from "./teasers.ts";
import { frozenView } from "./view.ts";

export interface HomeView {
  url: string;
  edition: string;
  lead?: Teaser;
  top: readonly Teaser[];
  /** Each section's newest headlines not already above (the default section's are the feed itself). */
  sections: readonly { id: string; url: string; items: readonly Teaser[] }[];
  /** The news-feed column: the edition's latest headlines by day. */
  feed: readonly DayGroupView[];
  /** The edition homes as alternates of one another. */
  alternates: readonly HreflangLink[];
  /** The build's clock: today's date above the masthead. */
  today: DateTime;
}

export const homePages: PageType<HomePage, HomeView> = {
  kind: "home",
  cached: true,
  clock: () => true,
  list: ({ site }) => site.pages.home,
  file: fileOfUrl,
  view: ({ site, images }, page) => {
    const edition = site.editions.get(page.edition);
    const articles = edition?.articles ?? [];
    const front = chooseFront(articles);
    const shown = new Set([front.lead, ...front.top]);
    const sections = (edition?.sections ?? [])
      .filter((s) => s.id !== site.config.defaultSection)
      .map((s) => frozenView({ id: s.id, url: s.url, items: teasers(firstNotIn(s.articles, shown, SECTION_STORIES), images) }))
      .filter((s) => s.items.length > 0);
    return frozenView({
      url: page.url,
      edition: page.edition,
      lead: front.lead && teaser(front.lead, images),
      top: teasers(front.top, images),
      sections: Object.freeze(sections),
      feed: feedDays(articles.slice(0, FEED_COLUMN_SIZE), images),
      alternates: site.translations.homeLinks,
      today: site.buildTime,
    });
  },
};
