/** The article page: the whole article, its photos, its neighbours in time, related articles, translations and the headlines of its day. */
import type { ArticleImages } from "../images/plan.ts";
import { type AliasLinks, aliasLinksOf } from "../model/alias-links.ts";
import { editionOf, unpublishedReason } from "../model/site.ts";
import type { DayArchive, Timeline } from "../model/timeline.ts";
import type { HreflangLink } from "../model/translations.ts";
import type { Article } from "../schema/article.ts";
import { dayWindow } from "./feed-column.ts";
import type { DayGroupView } from "./news-feed.ts";
import { fileOfUrl, type PageType } from "./page-type.ts";
import { type Teaser, teaser, teasers } from "./teasers.ts";
import { frozenView } from "./view.ts";

export interface ArticleView {
  article: Article;
  images?: ArticleImages;
  /** The body's links to old URLs (`aliases`) and the current URLs they are rendered as. */
  aliasLinks?: AliasLinks;
  /** In the preview: the banner of a draft or an article still under embargo. */
  unpublished?: "draft" | "embargo";
  previous?: Teaser;
  next?: Teaser;
  related: readonly Teaser[];
  /** The other published versions of a translated article, in edition order. */
  versions: readonly { url: string; edition: string }[];
  alternates: readonly HreflangLink[];
  /**
   * The news-feed column without scripts: up to DAY_WINDOW headlines of the article's own day
   * around it (none for a draft, which is on no day's list). The edition's latest headlines are
   * not in the view: the column loads them (src/pages/latest-news.ts), so a new article does not
   * change every article page.
   */
  day?: DayGroupView;
}

/** What an article's view is made from, kept with the view: a new model that gives the same parts gives the same view object. */
interface Made {
  versions: readonly Article[];
  view: ArticleView;
}

const made = new WeakMap<Article, Made>();

const dayIndexes = new WeakMap<Timeline, Map<string, DayArchive>>();

/** The published day an article is listed under, if any. */
export function dayOf(timeline: Timeline, article: Article): DayArchive | undefined {
  let index = dayIndexes.get(timeline);
  if (!index) {
    index = new Map(timeline.days.map((d) => [d.url, d]));
    dayIndexes.set(timeline, index);
  }
  const day = index.get(article.dayUrl);
  return day?.articles.includes(article) ? day : undefined;
}

const dayViews = new WeakMap<DayArchive, { items: readonly Teaser[]; view: DayGroupView }>();

/**
 * The column's day: its start, not its newest article's time, so a new article that day leaves the
 * other pages' views alone. Article pages of one day whose windows are the same list (every page of
 * a day of up to DAY_WINDOW articles) share one object, hashed once.
 */
function dayView(day: DayArchive, items: readonly Teaser[]): DayGroupView {
  const had = dayViews.get(day);
  if (had?.items === items) return had.view;
  const view: DayGroupView = frozenView({ url: day.url, date: day.date.startOf("day"), items });
  dayViews.set(day, { items, view });
  return view;
}

const sameItems = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export const articlePages: PageType<Article, ArticleView> = {
  kind: "article",
  cached: true,
  list: ({ site }) => site.articles,
  file: fileOfUrl,
  holds: (article) => [article],
  view({ site, images }, article) {
    const edition = editionOf(site, article);
    const links = edition.links.get(article.url);
    const day = dayOf(edition.timeline, article);
    const dayItems = day ? teasers(dayWindow(day.articles, article), images) : [];
    const photos = images.get(article.url);
    const unpublished = site.preview ? unpublishedReason(article, site.buildTime) : undefined;
    const previous = links?.previous && teaser(links.previous, images);
    const next = links?.next && teaser(links.next, images);
    const related = teasers(links?.related ?? [], images);
    const versions = site.translations.versionsOf(article);
    const alternates = site.translations.articleLinks(article);
    const aliasLinks = aliasLinksOf(site, article);
    // The preview's updates plan every page again: an article whose parts are the objects they were keeps its view (and its hash).
    const was = made.get(article);
    if (
      was &&
      was.view.images === photos &&
      was.view.aliasLinks === aliasLinks &&
      was.view.unpublished === unpublished &&
      was.view.previous === previous &&
      was.view.next === next &&
      sameItems(was.view.related, related) &&
      sameItems(was.versions, versions) &&
      sameItems(was.view.alternates, alternates) &&
      sameItems(was.view.day?.items ?? [], dayItems)
    )
      return was.view;
    const view = frozenView({
      article,
      images: photos,
      aliasLinks,
      unpublished,
      previous,
      next,
      related,
      versions: versions.filter((a) => a.url !== article.url).map((a) => frozenView({ url: a.url, edition: a.edition })),
      alternates,
      day: day ? dayView(day, dayItems) : undefined,
    });
    made.set(article, { versions, view });
    return view;
  },
};
