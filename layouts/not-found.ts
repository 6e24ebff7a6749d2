/** The one site-wide `/404.html`, in the default edition's language, linking to its home and news feed. */
import { homeUrl, newsUrl } from "../src/model/paths.ts";
import { html } from "../src/render/html.ts";
import { basePage, type RenderContext } from "./base.ts";

export function notFoundPage(ctx: RenderContext, page: { url: string }): string {
  const edition = [...ctx.site.editions.values()][0];
  if (!edition) throw new Error("the site has no edition");
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
