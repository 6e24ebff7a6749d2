/** One month: its days (only those with articles), newest first, each linking to its archive and listing its headlines with their Kyiv times. */
import { formatDay, formatMonth, isoDay } from "../src/dates.ts";
import type { MonthView } from "../src/pages/month.ts";
import { html } from "../src/render/html.ts";
import { basePage, type RenderContext } from "./base.ts";
import { dateCrumbs } from "./date-crumbs.ts";
import { editionFor } from "./edition.ts";
import { feedItems } from "./list-items.ts";

export function monthArchivePage(ctx: RenderContext, page: MonthView): string {
  const edition = editionFor(ctx.site, page.edition);
  const { ui, config } = edition;
  const heading = formatMonth(page.date, config.locale);
  const days = page.days.map(
    (d) => html`<section class="day">
<h2><a href="${ctx.site.urls.href(d.url)}"><time datetime="${isoDay(d.date)}">${formatDay(d.date, config.locale)}</time></a> <span class="count">${ui.articleCount(d.items.length)}</span></h2>
${feedItems(ctx, d.items)}
</section>
`,
  );
  const main = html`<h1>${heading}</h1>
<p class="count">${ui.articleCount(page.count)}</p>
${days}`;
  const breadcrumbs = dateCrumbs(edition, page.date, "month");
  return basePage(
    { ...ctx, edition, path: page.url, title: `${heading} | ${config.name}`, description: `${ui.archive}: ${heading}`, breadcrumbs },
    main,
  );
}
