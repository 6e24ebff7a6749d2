/** One tag: its name, description and articles newest first, paginated. */

import type { TagPage } from "../src/model/page-lists.ts";
import { listFeedUrl, tagsUrl } from "../src/model/paths.ts";
import { html } from "../src/render/html.ts";
import { atomFeedLink } from "../src/render/seo/feed-links.ts";
import { basePage, type RenderContext } from "./base.ts";
import { editionFor } from "./edition.ts";
import { pager, pageSuffix, teaserList } from "./list-items.ts";

export function tagPage(ctx: RenderContext, page: TagPage): string {
  const edition = editionFor(ctx.site, page.edition);
  const { ui, config } = edition;
  const { tag } = page;
  const main = html`<h1>${tag.name}${pageSuffix(edition, page)}</h1>
${tag.description ? html`<p class="description">${tag.description}</p>` : ""}
<p class="count">${ui.articleCount(page.totalItems)}</p>
${teaserList(ctx, edition, page.items, 2)}
${pager(ctx, edition, page)}`;
  const breadcrumbs = [
    { label: ui.tags, path: tagsUrl(config) },
    page.pageNumber > 1 ? { label: tag.name, path: page.listUrl } : { label: tag.name },
  ];
  const feeds = [atomFeedLink(listFeedUrl(page.listUrl), `${tag.name} | ${config.name} (Atom)`)];
  const title = `${tag.name}${pageSuffix(edition, page)} | ${config.name}`;
  return basePage({ ...ctx, edition, path: page.url, title, description: tag.description ?? `${ui.tags}: ${tag.name}`, breadcrumbs, feeds }, main);
}
