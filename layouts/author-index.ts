/** Every author with articles in the edition, with counts, by name. */
import type { AuthorIndexPage } from "../src/model/page-lists.ts";
import { html } from "../src/render/html.ts";
import { basePage, type RenderContext } from "./base.ts";
import { editionFor } from "./edition.ts";
import { countedLinks } from "./list-items.ts";

export function authorIndexPage(ctx: RenderContext, page: AuthorIndexPage): string {
  const edition = editionFor(ctx.site, page.edition);
  const { ui, config } = edition;
  const authors = page.authors.map((a) => ({ path: a.url, label: a.author.name, count: a.articles.length }));
  const main = html`<h1>${ui.authors}</h1>
${authors.length ? countedLinks(ctx, edition, authors) : html`<p class="empty">${ui.noArticles}</p>`}`;
  return basePage(
    {
      ...ctx,
      edition,
      path: page.url,
      title: `${ui.authors} | ${config.name}`,
      description: `${ui.authors} | ${config.name}`,
      breadcrumbs: [{ label: ui.authors }],
    },
    main,
  );
}
