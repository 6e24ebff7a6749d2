/** An index page of counted links (all tags, all authors): heading, the list, breadcrumb. */
import { html } from "../src/render/html.ts";
import { basePage, type RenderContext } from "./base.ts";
import { editionFor } from "./edition.ts";
import { type CountedLink, countedLinks } from "./list-items.ts";

export function countedIndexPage(ctx: RenderContext, page: { url: string; edition: string }, heading: string, links: readonly CountedLink[]): string {
  const edition = editionFor(ctx.site, page.edition);
  const { ui, config } = edition;
  const main = html`<h1>${heading}</h1>
${links.length ? countedLinks(ctx, edition, links) : html`<p class="empty">${ui.noArticles}</p>`}`;
  const title = `${heading} | ${config.name}`;
  return basePage({ ...ctx, edition, path: page.url, title, description: title, breadcrumbs: [{ label: heading }] }, main);
}
