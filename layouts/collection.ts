/**
 * A paginated page of one collection's articles (a tag, an author, a section): heading, an intro
 * paragraph, the count, teasers, pager, breadcrumbs up to the collection's index, and
 * the collection's own Atom feed.
 */

import { listFeedUrl } from "../src/model/paths.ts";
import type { CollectionView } from "../src/pages/lists.ts";
import { html, type SafeHtml } from "../src/render/html.ts";
import { atomFeedLink } from "../src/render/seo/feed-links.ts";
import { basePage, type RenderContext } from "./base.ts";
import { editionFor } from "./edition.ts";
import { archiveYears, pager, pageSuffix, teaserList } from "./list-items.ts";

export interface Collection {
  name: string;
  /** Tag description or author bio. */
  intro?: string;
  introClass: string;
  /** Shown before the intro: an author's photo and website. */
  header?: SafeHtml;
  /** The index page above it (all tags, all authors); none for a section. */
  index?: { label: string; path: string };
  /** Meta description when there is no intro. */
  fallbackDescription: string;
}

export function collectionPage(ctx: RenderContext, page: CollectionView, c: Collection): string {
  const edition = editionFor(ctx.site, page.edition);
  const { ui, config } = edition;
  const main = html`<h1>${c.name}${pageSuffix(edition, page)}</h1>
${c.header ?? ""}${c.intro ? html`<p class="${c.introClass}">${c.intro}</p>` : ""}
${page.totalItems === undefined ? "" : html`<p class="count">${ui.articleCount(page.totalItems)}</p>`}
${teaserList(ctx, edition, page.items, 2)}
${pager(ctx, edition, page)}
${page.years ? archiveYears(ctx, edition, page.years, true) : ""}`;
  // A numbered page ends its trail with itself ("Page 2"), so the way up on phones (the crumb above it) is the list.
  const here = page.url === page.listUrl ? [{ label: c.name }] : [{ label: c.name, path: page.listUrl }, { label: ui.pageN(page.pageNumber) }];
  const breadcrumbs = [...(c.index ? [c.index] : []), ...here];
  const feeds = [atomFeedLink(listFeedUrl(page.listUrl), `${c.name} | ${config.name} (Atom)`)];
  const title = `${c.name}${pageSuffix(edition, page)} | ${config.name}`;
  return basePage({ ...ctx, edition, path: page.url, title, description: c.intro ?? c.fallbackDescription, breadcrumbs, feeds }, main);
}
