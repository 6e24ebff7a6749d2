/** One month: its days (only those with articles) with counts, newest first. */
import { formatDay, formatMonth } from "../src/dates.ts";
import type { MonthView } from "../src/pages/month.ts";
import { html } from "../src/render/html.ts";
import { basePage, type RenderContext } from "./base.ts";
import { dateCrumbs } from "./date-crumbs.ts";
import { editionFor } from "./edition.ts";
import { countedLinks } from "./list-items.ts";

export function monthArchivePage(ctx: RenderContext, page: MonthView): string {
  const edition = editionFor(ctx.site, page.edition);
  const { ui, config } = edition;
  const heading = formatMonth(page.date, config.locale);
  const days = page.days.map((d) => ({ path: d.url, label: formatDay(d.date, config.locale), count: d.count }));
  const main = html`<h1>${heading}</h1>
<p class="count">${ui.articleCount(page.count)}</p>
${countedLinks(ctx, edition, days)}`;
  const breadcrumbs = dateCrumbs(edition, page.date, "month");
  return basePage(
    { ...ctx, edition, path: page.url, title: `${heading} | ${config.name}`, description: `${ui.archive}: ${heading}`, breadcrumbs },
    main,
  );
}
