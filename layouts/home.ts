/** The edition's home page: the latest articles with thumbnails and a link to the full news feed. */

import { newsUrl } from "../src/model/paths.ts";
import type { HomeView } from "../src/pages/home.ts";
import { html } from "../src/render/html.ts";
import { organization, webSite } from "../src/render/seo/json-ld.ts";
import { basePage, type RenderContext } from "./base.ts";
import { editionFor } from "./edition.ts";
import { teaserList } from "./list-items.ts";

export function homePage(ctx: RenderContext, page: HomeView): string {
  const edition = editionFor(ctx.site, page.edition);
  const { ui, config } = edition;
  const main = html`<h1 class="visually-hidden">${config.name}</h1>
<h2>${ui.latestNews}</h2>
${teaserList(ctx, edition, page.latest)}
<p class="more"><a href="${ctx.site.urls.href(newsUrl(config))}">${ui.allNews} →</a></p>`;
  const structuredData = [webSite(ctx.site, edition), organization(ctx.site, edition)];
  // The edition homes are each other's equivalents, so they carry hreflang alternates too.
  const { alternates } = page;
  return basePage(
    {
      ...ctx,
      edition,
      path: page.url,
      title: config.name,
      description: `${ui.latestNews} | ${config.name}`,
      structuredData,
      alternates,
      today: page.today,
    },
    main,
  );
}
