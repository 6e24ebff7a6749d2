/** The news feed: every article newest first, under a heading per newsroom-local day, paginated. */
import { formatYear } from "../src/dates.ts";
import type { FeedPage } from "../src/model/page-lists.ts";
import { html } from "../src/render/html.ts";
import { basePage, type RenderContext } from "./base.ts";
import { editionFor } from "./edition.ts";
import { dayGroups, pager, pageSuffix } from "./list-items.ts";

export function newsFeedPage(ctx: RenderContext, page: FeedPage): string {
  const edition = editionFor(ctx.site, page.edition);
  const { ui, config } = edition;
  const years = edition.timeline.years;
  const main = html`<h1>${ui.newsFeed}${pageSuffix(edition, page)}</h1>
${dayGroups(ctx, edition, page.days)}
${pager(ctx, edition, page)}
${
  years.length
    ? html`<nav class="archive-years" aria-label="${ui.archive}"><h2>${ui.archive}</h2>
<ul>${years.map((y) => html`<li><a href="${ctx.site.urls.href(y.url)}">${formatYear(y.date)}</a></li>`)}</ul></nav>`
    : ""
}`;
  const title = `${ui.newsFeed}${pageSuffix(edition, page)} | ${config.name}`;
  return basePage({ ...ctx, edition, path: page.url, title, description: `${ui.newsFeed} | ${config.name}` }, main);
}
