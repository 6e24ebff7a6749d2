/** The article page: the whole article, its photos, its neighbours in time, related articles and translations. */
import type { ArticleImages } from "../images/plan.ts";
import { type AliasLinks, aliasLinksOf } from "../model/alias-links.ts";
import { editionOf, unpublishedReason } from "../model/site.ts";
import type { HreflangLink } from "../model/translations.ts";
import type { Article } from "../schema/article.ts";
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
}

/** What an article's view is made from, kept with the view: a new model that gives the same parts gives the same view object. */
interface Made {
  versions: readonly Article[];
  view: ArticleView;
}

const made = new WeakMap<Article, Made>();

const sameItems = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export const articlePages: PageType<Article, ArticleView> = {
  kind: "article",
  cached: true,
  list: ({ site }) => site.articles,
  file: fileOfUrl,
  holds: (article) => [article],
  view({ site, images }, article) {
    const links = editionOf(site, article).links.get(article.url);
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
      sameItems(was.view.alternates, alternates)
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
    });
    made.set(article, { versions, view });
    return view;
  },
};
