/** The news feed: the newest articles first, under a heading per newsroom-local day, its newest `maxListPages` pages numbered from the oldest; the archive by year holds the rest. */
import type { NewsFeedView } from "../src/pages/news-feed.ts";
import { html } from "../src/render/html.ts";
import { basePage, type RenderContext } from "./base.ts";
import { editionFor } from "./edition.ts";
import { archiveYears, dayGroups, pager, pageSuffix } from "./list-items.ts";

export function newsFeedPage(ctx: RenderContext, page: NewsFeedView): string {
  const edition = editionFor(ctx.site, page.edition);
  const { ui, config } = edition;
  const main = html`<h1>${ui.newsFeed}${pageSuffix(edition, page)}</h1>
${dayGroups(ctx, edition, page.days)}
${pager(ctx, edition, page)}
${archiveYears(ctx, edition, page.years, page.truncated)}`;
  const title = `${ui.newsFeed}${pageSuffix(edition, page)} | ${config.name}`;
  // A numbered page leads back to the feed's own page, its newest articles, in one step.
  const breadcrumbs = page.url === page.listUrl ? undefined : [{ label: ui.newsFeed, path: page.listUrl }, { label: ui.pageN(page.pageNumber) }];
  return basePage({ ...ctx, edition, path: page.url, title, description: `${ui.newsFeed} | ${config.name}`, breadcrumbs }, main);
}
