/** One newsroom-local day: its articles newest first, in the news feed's item layout. */
import { formatDay } from "../src/dates.ts";
import type { DayView } from "../src/pages/day.ts";
import { html } from "../src/render/html.ts";
import { basePage, type RenderContext } from "./base.ts";
import { dateCrumbs } from "./date-crumbs.ts";
import { editionFor } from "./edition.ts";
import { feedItems } from "./list-items.ts";

export function dayArchivePage(ctx: RenderContext, page: DayView): string {
  const edition = editionFor(ctx.site, page.edition);
  const { ui, config } = edition;
  const heading = formatDay(page.date, config.locale);
  const main = html`<h1>${heading}</h1>
<p class="count">${ui.articleCount(page.items.length)}</p>
${feedItems(ctx, page.items)}`;
  const breadcrumbs = dateCrumbs(edition, page.date, "day");
  return basePage(
    { ...ctx, edition, path: page.url, title: `${heading} | ${config.name}`, description: `${ui.newsFeed}: ${heading}`, breadcrumbs },
    main,
  );
}
