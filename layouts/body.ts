/** Article bodies with their photos as responsive <picture>s; shared by article pages and feeds. */

import { renderBody } from "../src/content/markdown.ts";
import type { ArticleImages } from "../src/images/plan.ts";
import { isRemoteImage } from "../src/images/remote.ts";
import { type AliasLinks, linkFragment, linkKey } from "../src/model/alias-links.ts";
import type { SiteChrome } from "../src/pages/chrome.ts";
import type { Article } from "../src/schema/article.ts";
import { figure, picture, remotePicture } from "./picture.ts";

type RenderedBody = ReturnType<typeof renderBody>;

/** `text`: given, it receives each rendered body's plain text (the search index's, from the same parse). */
export function bodyRenderer(
  site: SiteChrome,
  text?: (article: Article, plain: string) => void,
): (article: Article, photos: ArticleImages | undefined, aliasLinks: AliasLinks | undefined) => RenderedBody {
  return (article, photos, aliasLinks) => {
    const edition = site.editions.get(article.edition);
    const label = edition?.ui.photo ?? "Photo";
    return renderBody(article.body, {
      lang: edition?.config.lang,
      text: text ? (plain) => text(article, plain) : undefined,
      // A link to an old URL (`aliases`) goes straight to the article's current one.
      link: aliasLinks
        ? (href) => {
            const key = linkKey(href, site.urls);
            const target = key === undefined ? undefined : aliasLinks[key];
            return target === undefined ? undefined : site.urls.href(target) + linkFragment(href);
          }
        : undefined,
      picture: ({ src, alt, title, standalone }) => {
        const image = photos?.body.get(src);
        if (!image) throw new Error(`${article.file}: body image "${src}" was not prepared`);
        const markup = isRemoteImage(image) ? remotePicture(image, { alt }) : picture(image, { alt, urls: site.urls });
        return (standalone ? figure(markup, { text: title, creditLabel: label, className: "body-photo" }) : markup).value;
      },
    });
  };
}
