/** A static page: its title, when it last changed in substance, and its text; linked from every page's footer. */
import { renderBody } from "../src/content/markdown.ts";
import { formatDateline, isoWithOffset } from "../src/dates.ts";
import type { StaticPageView } from "../src/pages/static-page.ts";
import { html, trusted } from "../src/render/html.ts";
import { basePage, type RenderContext } from "./base.ts";
import { editionFor } from "./edition.ts";

export function staticPage(ctx: RenderContext, page: StaticPageView): string {
  const edition = editionFor(ctx.site, page.edition);
  const { ui, config } = edition;
  const body = renderBody(page.body, { lang: config.lang });
  const updated = page.updated
    ? html`<p class="updated">${ui.updated}: <time datetime="${isoWithOffset(page.updated)}">${formatDateline(page.updated, config.locale)}</time></p>\n`
    : "";
  // The article's measure and text styles (assets/site.css); no lead: a page's first paragraph is text like the rest.
  const main = html`<article class="article static-page">
<h1>${page.title}</h1>
${updated}<div class="article-body">
${trusted(body.lead)}${trusted(body.rest)}</div>
</article>`;
  return basePage(
    {
      ...ctx,
      edition,
      path: page.url,
      title: `${page.title} | ${config.name}`,
      headline: page.title,
      description: page.description,
      alternates: page.alternates,
      breadcrumbs: [{ label: page.title }],
    },
    main,
  );
}
