/** Article bodies with their photos as responsive <picture>s; shared by article pages and feeds. */

import { renderBody } from "../src/content/markdown.ts";
import type { ArticleImages } from "../src/images/plan.ts";
import type { SiteChrome } from "../src/pages/chrome.ts";
import type { Article } from "../src/schema/article.ts";
import { figure, picture } from "./picture.ts";

type RenderedBody = ReturnType<typeof renderBody>;

export function bodyRenderer(site: SiteChrome): (article: Article, photos: ArticleImages | undefined) => RenderedBody {
  return (article, photos) => {
    const edition = site.editions.get(article.edition);
    const label = edition?.ui.photo ?? "Photo";
    return renderBody(article.body, {
      lang: edition?.config.lang,
      picture: ({ src, alt, title, standalone }) => {
        const image = photos?.body.get(src);
        if (!image) throw new Error(`${article.file}: body image "${src}" was not prepared`);
        const markup = picture(image, { alt, urls: site.urls });
        return (standalone ? figure(markup, { text: title, creditLabel: label, className: "body-photo" }) : markup).value;
      },
    });
  };
}
