/**
 * The edition's home page: the lead story large, the news-feed column beside it (after it on
 * phones), the top stories, then each section's latest headlines.
 */

import { formatDateline, isoWithOffset } from "../src/dates.ts";
import type { EditionChrome } from "../src/pages/chrome.ts";
import type { HomeView } from "../src/pages/home.ts";
import type { Teaser } from "../src/pages/teasers.ts";
import { html, type SafeHtml } from "../src/render/html.ts";
import { organization, webSite } from "../src/render/seo/json-ld.ts";
import { basePage, type RenderContext } from "./base.ts";
import { editionFor } from "./edition.ts";
import { feedColumn } from "./feed-column.ts";
import { teaserList } from "./list-items.ts";
import { picture } from "./picture.ts";

/** The lead photo spans the main column: 46rem beside the feed, the screen less its padding below 64rem (assets/site.css .front). */
const LEAD_SIZES = "(min-width: 64rem) 46rem, calc(100vw - 2rem)";

export function homePage(ctx: RenderContext, page: HomeView): string {
  const edition = editionFor(ctx.site, page.edition);
  const { ui, config } = edition;
  const { urls } = ctx.site;
  const main = html`<h1 class="visually-hidden">${config.name}</h1>
<div class="front">
${page.lead ? leadStory(ctx, edition, page.lead) : html`<p class="empty">${ui.noArticles}</p>`}
${feedColumn(ctx, edition, page.feed)}
${
  page.top.length
    ? html`<section class="front-top" aria-labelledby="top-heading">
<h2 id="top-heading" class="visually-hidden">${ui.topStories}</h2>
${teaserList(ctx, edition, page.top)}
</section>`
    : ""
}
${
  page.sections.length
    ? html`<div class="front-sections">
${page.sections.map((s) => {
  const title = edition.sections.find((x) => x.id === s.id)?.title ?? s.id;
  return html`<section class="front-section" aria-labelledby="section-${s.id}">
<h2 id="section-${s.id}"><a href="${urls.href(s.url)}">${title}</a></h2>
${teaserList(ctx, edition, s.items)}
</section>
`;
})}</div>`
    : ""
}
</div>`;
  const structuredData = [webSite(ctx.site, edition), organization(ctx.site, edition)];
  // The edition homes are each other's equivalents, so they carry hreflang alternates too.
  const { alternates } = page;
  return basePage(
    {
      ...ctx,
      edition,
      path: page.url,
      title: config.name,
      description: `${ui.latestNews} | ${config.name}`,
      structuredData,
      alternates,
      today: page.today,
    },
    main,
  );
}

function leadStory(ctx: RenderContext, edition: EditionChrome, a: Teaser): SafeHtml {
  const { urls } = ctx.site;
  return html`<article class="lead-story">
${a.thumb ? picture(a.thumb.picture, { alt: a.thumb.alt, urls, sizes: LEAD_SIZES, priority: true, className: "lead-picture" }) : ""}
<h2><a href="${urls.href(a.url)}">${a.title}</a></h2>
<p class="meta"><time datetime="${isoWithOffset(a.date)}">${formatDateline(a.date, edition.config.locale)}</time></p>
<p class="summary">${a.description}</p>
</article>`;
}
