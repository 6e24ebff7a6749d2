/** A not-found page in its edition's language, linking to the edition's home and news feed: the site-wide `/404.html` (the first edition's) and each prefixed edition's own (`/eng/404.html`). */
import { homeUrl, newsUrl } from "../src/model/paths.ts";
import { editionFor } from "../src/pages/chrome.ts";
import type { NotFoundView } from "../src/pages/not-found.ts";
import { html } from "../src/render/html.ts";
import { basePage, type RenderContext } from "./base.ts";

export function notFoundPage(ctx: RenderContext, page: NotFoundView): string {
  const edition = editionFor(ctx.site, page.edition);
  const { ui, config } = edition;
  const href = (path: string) => ctx.site.urls.href(path);
  const main = html`<h1>${ui.notFoundTitle}</h1>
<p>${ui.notFoundText}</p>
<ul>
<li><a href="${href(homeUrl(config))}">${ui.home}</a></li>
<li><a href="${href(newsUrl(config))}">${ui.newsFeed}</a></li>
</ul>`;
  return basePage({ ...ctx, edition, path: page.url, title: `${ui.notFoundTitle} | ${config.name}`, description: ui.notFoundText }, main);
}
