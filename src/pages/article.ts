/** The article page: the whole article, its photos, its neighbours in time, related articles and translations. */
import type { ArticleImages } from "../images/plan.ts";
import { editionOf, unpublishedReason } from "../model/site.ts";
import type { HreflangLink } from "../model/translations.ts";
import type { Article } from "../schema/article.ts";
import { fileOfUrl, type PageType } from "./page-type.ts";
import { type Teaser, teaser, teasers } from "./teasers.ts";
import { frozenView } from "./view.ts";

export interface ArticleView {
  article: Article;
  images?: ArticleImages;
  /** In the preview: the banner of a draft or an article still under embargo. */
  unpublished?: "draft" | "embargo";
  previous?: Teaser;
  next?: Teaser;
  related: readonly Teaser[];
  /** The other published versions of a translated article, in edition order. */
  versions: readonly { url: string; edition: string }[];
  alternates: readonly HreflangLink[];
}

export const articlePages: PageType<Article, ArticleView> = {
  kind: "article",
  cached: true,
  list: ({ site }) => site.articles,
  file: fileOfUrl,
  view({ site, images }, article) {
    const links = editionOf(site, article).links.get(article.url);
    return frozenView({
      article,
      images: images.get(article.url),
      unpublished: site.preview ? unpublishedReason(article, site.buildTime) : undefined,
      previous: links?.previous && teaser(links.previous, images),
      next: links?.next && teaser(links.next, images),
      related: teasers(links?.related ?? [], images),
      versions: site.translations
        .versionsOf(article)
        .filter((a) => a.url !== article.url)
        .map((a) => frozenView({ url: a.url, edition: a.edition })),
      alternates: site.translations.articleLinks(article),
    });
  },
};
