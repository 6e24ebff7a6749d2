/** Shared list markup: article teasers, feed items grouped by day, counted link lists and the pager. */
import { formatDateline, formatDay, formatTime, formatYear, isoDay, isoWithOffset } from "../src/dates.ts";
import { pagedUrl } from "../src/model/paths.ts";
import type { EditionChrome } from "../src/pages/chrome.ts";
import type { Paging, YearLink } from "../src/pages/lists.ts";
import type { DayGroupView } from "../src/pages/news-feed.ts";
import type { Teaser } from "../src/pages/teasers.ts";
import { html, type SafeHtml, trusted } from "../src/render/html.ts";
import type { RenderContext } from "./base.ts";
import { picture } from "./picture.ts";

/** Thumbnails are 7.5rem wide on lists (assets/site.css .thumb). */
const THUMB_SIZES = "7.5rem";

/** The list thumbnail: the lead photo's responsive <picture>. */
export function thumbnail(ctx: RenderContext, article: Teaser): SafeHtml | "" {
  if (!article.thumb) return "";
  return picture(article.thumb.picture, { alt: article.thumb.alt, urls: ctx.site.urls, sizes: THUMB_SIZES, className: "thumb" });
}

/** Headline, time, summary and thumbnail: home, tag and author lists. `level`: the headlines' heading level under the page's headings. */
export function teaserList(ctx: RenderContext, edition: EditionChrome, articles: readonly Teaser[], level: 2 | 3 = 3): SafeHtml {
  if (!articles.length) return html`<p class="empty">${edition.ui.noArticles}</p>`;
  const h = trusted(`h${level}`);
  return html`<ul class="teasers">
${articles.map(
  (a) => html`<li class="teaser">
${thumbnail(ctx, a)}<${h}><a href="${ctx.site.urls.href(a.url)}">${a.title}</a></${h}>
<p class="meta"><time datetime="${isoWithOffset(a.date)}">${formatDateline(a.date, edition.config.locale)}</time></p>
<p class="summary">${a.description}</p>
</li>
`,
)}</ul>`;
}

/** The news feed item, as the seed's "Zelenskyy 19:58": `HH:mm` and the headline, in bold when `important`. */
export function feedItems(ctx: RenderContext, articles: readonly Teaser[]): SafeHtml {
  return html`<ul class="feed">
${articles.map((a) => html`<li><time datetime="${isoWithOffset(a.date)}">${formatTime(a.date)}</time> <a href="${ctx.site.urls.href(a.url)}">${a.important ? html`<strong>${a.title}</strong>` : a.title}</a></li>\n`)}</ul>`;
}

/** Feed items under one heading per newsroom-local day, each linking to that day's archive. */
export function dayGroups(ctx: RenderContext, edition: EditionChrome, groups: readonly DayGroupView[]): SafeHtml {
  if (!groups.length) return html`<p class="empty">${edition.ui.noArticles}</p>`;
  return html`${groups.map(
    (g) => html`<section class="day">
<h2><a href="${ctx.site.urls.href(g.url)}"><time datetime="${isoDay(g.date)}">${formatDay(g.date, edition.config.locale)}</time></a></h2>
${feedItems(ctx, g.items)}
</section>
`,
  )}`;
}

export interface CountedLink {
  path: string;
  label: string | SafeHtml;
  count: number;
}

/** Tags, authors, months or days with their article counts. */
export function countedLinks(ctx: RenderContext, edition: EditionChrome, links: readonly CountedLink[]): SafeHtml {
  return html`<ul class="counted">
${links.map((l) => html`<li><a href="${ctx.site.urls.href(l.path)}">${l.label}</a> <span class="count">${edition.ui.articleCount(l.count)}</span></li>\n`)}</ul>`;
}

/**
 * The pager of a list numbered from its oldest page: the newer and older pages (`rel`), the current
 * page's number (`aria-current="page"`) and, on a list that keeps every page (a tag, an author), its
 * oldest page, `page/1/`; nothing for a single page. Nothing on a page depends on how many pages there
 * are, nor, on a list that keeps only its newest pages (the news feed, a section), on where they start.
 */
export function pager(ctx: RenderContext, edition: EditionChrome, page: Paging): SafeHtml | "" {
  if (!page.prevUrl && !page.nextUrl) return "";
  const { ui } = edition;
  const href = (path: string) => ctx.site.urls.href(path);
  const front = page.url === page.listUrl;
  const number = (n: number, url: string, current: boolean) =>
    html`<li><a href="${href(url)}" aria-label="${ui.pageN(n)}"${current ? html` aria-current="page"` : ""}>${n}</a></li>`;
  const oldest = !front && !page.windowed && page.pageNumber > 1 ? number(1, pagedUrl(page.listUrl, 1), false) : "";
  return html`<nav class="pager" aria-label="${ui.pagination}">
<ul>
${page.prevUrl ? html`<li class="prev"><a href="${href(page.prevUrl)}" rel="prev">← ${ui.previousPage}</a></li>` : ""}
${oldest}${front ? "" : number(page.pageNumber, page.url, true)}
${page.nextUrl ? html`<li class="next"><a href="${href(page.nextUrl)}" rel="next">${ui.nextPage} →</a></li>` : ""}
</ul>
</nav>`;
}

/** The edition's years, each a link to its archive; `older`: the list above stops before its oldest article, and says where the rest are. */
export function archiveYears(ctx: RenderContext, edition: EditionChrome, years: readonly YearLink[], older = false): SafeHtml | "" {
  const { ui } = edition;
  if (!years.length) return "";
  return html`<nav class="archive-years" aria-label="${ui.archive}"><h2>${ui.archive}</h2>
${older ? html`<p class="older">${ui.olderInArchive}</p>\n` : ""}<ul>${years.map((y) => html`<li><a href="${ctx.site.urls.href(y.url)}">${formatYear(y.date)}</a></li>`)}</ul></nav>`;
}

/** " · Page 2" for titles of numbered pages (counted from the oldest, without a total); nothing for the list's own page. */
export function pageSuffix(edition: EditionChrome, page: Paging): string {
  return page.url === page.listUrl ? "" : ` · ${edition.ui.pageN(page.pageNumber)}`;
}
