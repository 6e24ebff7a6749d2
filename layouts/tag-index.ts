/** Every tag of the edition with its article count, by name. */
import type { TagIndexPage } from "../src/model/page-lists.ts";
import { html } from "../src/render/html.ts";
import { basePage, type RenderContext } from "./base.ts";
import { editionFor } from "./edition.ts";
import { countedLinks } from "./list-items.ts";

export function tagIndexPage(ctx: RenderContext, page: TagIndexPage): string {
  const edition = editionFor(ctx.site, page.edition);
  const { ui, config } = edition;
  const tags = page.tags.map((t) => ({ path: t.url, label: t.name, count: t.articles.length }));
  const main = html`<h1>${ui.tags}</h1>
${tags.length ? countedLinks(ctx, edition, tags) : html`<p class="empty">${ui.noArticles}</p>`}`;
  return basePage(
    {
      ...ctx,
      edition,
      path: page.url,
      title: `${ui.tags} | ${config.name}`,
      description: `${ui.tags} | ${config.name}`,
      breadcrumbs: [{ label: ui.tags }],
    },
    main,
  );
}
