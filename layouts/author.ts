/** One author: name, bio and their articles in this edition, newest first, paginated. */

import type { AuthorPage } from "../src/model/page-lists.ts";
import { authorsUrl, listFeedUrl } from "../src/model/paths.ts";
import { html } from "../src/render/html.ts";
import { atomFeedLink } from "../src/render/seo/feed-links.ts";
import { basePage, type RenderContext } from "./base.ts";
import { editionFor } from "./edition.ts";
import { pager, pageSuffix, teaserList } from "./list-items.ts";

export function authorPage(ctx: RenderContext, page: AuthorPage): string {
  const edition = editionFor(ctx.site, page.edition);
  const { ui, config } = edition;
  const { author } = page.entry;
  const main = html`<h1>${author.name}${pageSuffix(edition, page)}</h1>
${author.bio ? html`<p class="bio">${author.bio}</p>` : ""}
<p class="count">${ui.articleCount(page.totalItems)}</p>
${teaserList(ctx, edition, page.items, 2)}
${pager(ctx, edition, page)}`;
  const breadcrumbs = [
    { label: ui.authors, path: authorsUrl(config) },
    page.pageNumber > 1 ? { label: author.name, path: page.listUrl } : { label: author.name },
  ];
  const feeds = [atomFeedLink(listFeedUrl(page.listUrl), `${author.name} | ${config.name} (Atom)`)];
  const title = `${author.name}${pageSuffix(edition, page)} | ${config.name}`;
  return basePage({ ...ctx, edition, path: page.url, title, description: author.bio ?? `${ui.authors}: ${author.name}`, breadcrumbs, feeds }, main);
}
