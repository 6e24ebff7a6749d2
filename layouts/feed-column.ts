/**
 * The news-feed column (the seed's "Zelenskyy 19:58"): headlines with their Kyiv time under a
 * heading per day, important ones in bold, and a link to the whole news feed. The home page
 * renders the latest headlines into it; an article page renders its own day and, when scripts
 * run, assets/feed.js replaces that with the edition's latest headlines from `latest.json`.
 */
import { formatDay, formatTime, isoDay, isoWithOffset } from "../src/dates.ts";
import { latestNewsUrl, newsUrl } from "../src/model/paths.ts";
import type { Urls } from "../src/model/urls.ts";
import type { EditionChrome } from "../src/pages/chrome.ts";
import type { LatestNewsView } from "../src/pages/latest-news.ts";
import type { DayGroupView } from "../src/pages/news-feed.ts";
import type { Teaser } from "../src/pages/teasers.ts";
import { html, type SafeHtml } from "../src/render/html.ts";
import type { RenderContext } from "./base.ts";
import { editionFor } from "./edition.ts";

export interface FeedColumnOptions {
  /** The page's own article, marked `aria-current="page"` in the list. */
  current?: string;
  /** Load the edition's latest headlines in place of these (article pages; the home page has them already). */
  loadLatest?: boolean;
}

export function feedColumn(ctx: RenderContext, edition: EditionChrome, days: readonly DayGroupView[], options: FeedColumnOptions = {}): SafeHtml {
  const { urls } = ctx.site;
  const { ui, config } = edition;
  const latest = options.loadLatest ? html` data-latest="${urls.href(latestNewsUrl(config))}"` : "";
  return html`<section class="feed-column" aria-labelledby="feed-column-heading"${latest}>
<h2 id="feed-column-heading"><a href="${urls.href(newsUrl(config))}">${ui.newsFeed}</a></h2>
<div class="feed-days">
${days.map(
  (d) => html`<h3><a href="${urls.href(d.url)}"><time datetime="${isoDay(d.date)}">${formatDay(d.date, config.locale)}</time></a></h3>
<ul class="feed">
${d.items.map((a) => feedLine(ctx, a, options.current))}</ul>
`,
)}</div>
<p class="more"><a href="${urls.href(newsUrl(config))}">${ui.allNews} →</a></p>
</section>`;
}

function feedLine(ctx: RenderContext, a: Teaser, current: string | undefined): SafeHtml {
  const { urls } = ctx.site;
  if (a.url === current) return line(urls, a, true);
  let had = lines.get(a);
  if (had?.urls !== urls) {
    had = { urls, line: line(urls, a, false) };
    lines.set(a, had);
  }
  return had.line;
}

/**
 * Each headline's line as the column shows it on pages other than its own, made once: an article
 * page lists up to DAY_WINDOW headlines of its day, so a cold build made each line up to 15 times
 * (~250 MB of a 20k build's allocation, issue 19). A teaser never changes once made
 * (src/pages/teasers.ts); the URLs it is linked with are checked too.
 */
const lines = new WeakMap<Teaser, { urls: Urls; line: SafeHtml }>();

function line(urls: Urls, a: Teaser, current: boolean): SafeHtml {
  const title = a.important ? html`<strong>${a.title}</strong>` : a.title;
  return html`<li><time datetime="${isoWithOffset(a.date)}">${formatTime(a.date)}</time> <a href="${urls.href(a.url)}"${current ? html` aria-current="page"` : ""}>${title}</a></li>\n`;
}

/** `latest.json`: what assets/feed.js needs to draw the column, formatted here so the script stays small. */
export function latestNewsJson(ctx: RenderContext, view: LatestNewsView): string {
  const { config } = editionFor(ctx.site, view.edition);
  const href = (path: string) => ctx.site.urls.href(path);
  const days = view.days.map((d) => ({
    date: isoDay(d.date),
    label: formatDay(d.date, config.locale),
    url: href(d.url),
    items: d.items.map((a) => ({
      time: formatTime(a.date),
      datetime: isoWithOffset(a.date),
      title: a.title,
      url: href(a.url),
      ...(a.important ? { important: true } : {}),
    })),
  }));
  return `${JSON.stringify({ days })}\n`;
}
