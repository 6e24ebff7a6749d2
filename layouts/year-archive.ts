/** One year: its months (only those with articles) with counts, newest first. */
import { formatMonth, formatYear } from "../src/dates.ts";
import type { YearView } from "../src/pages/year.ts";
import { html } from "../src/render/html.ts";
import { basePage, type RenderContext } from "./base.ts";
import { dateCrumbs } from "./date-crumbs.ts";
import { editionFor } from "./edition.ts";
import { countedLinks } from "./list-items.ts";

export function yearArchivePage(ctx: RenderContext, page: YearView): string {
  const edition = editionFor(ctx.site, page.edition);
  const { ui, config } = edition;
  const heading = formatYear(page.date);
  const months = page.months.map((m) => ({ path: m.url, label: formatMonth(m.date, config.locale), count: m.count }));
  const main = html`<h1>${heading}</h1>
<p class="count">${ui.articleCount(page.count)}</p>
${countedLinks(ctx, edition, months)}`;
  const breadcrumbs = dateCrumbs(edition, page.date, "year");
  return basePage(
    { ...ctx, edition, path: page.url, title: `${ui.archive} ${heading} | ${config.name}`, description: `${ui.archive}: ${heading}`, breadcrumbs },
    main,
  );
}
