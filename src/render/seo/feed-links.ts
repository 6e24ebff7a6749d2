/** `<link rel="alternate">` to feeds: the edition's three feeds on every page, plus a tag's or author's own Atom feed. */
import { feedUrl } from "../../model/paths.ts";
import type { EditionChrome, SiteChrome } from "../../pages/chrome.ts";
import { html, type SafeHtml } from "../html.ts";

export interface FeedLink {
  /** Site path of the feed. */
  path: string;
  title: string;
  type: string;
}

export function editionFeeds(edition: EditionChrome): FeedLink[] {
  const { config } = edition;
  return [
    { path: feedUrl(config, "atom"), title: `${config.name} (Atom)`, type: "application/atom+xml" },
    { path: feedUrl(config, "rss"), title: `${config.name} (RSS)`, type: "application/rss+xml" },
    { path: feedUrl(config, "json"), title: `${config.name} (JSON Feed)`, type: "application/feed+json" },
  ];
}

export function atomFeedLink(path: string, title: string): FeedLink {
  return { path, title, type: "application/atom+xml" };
}

export function feedLinks(site: SiteChrome, feeds: readonly FeedLink[]): SafeHtml {
  return html`${feeds.map((f) => html`<link rel="alternate" type="${f.type}" title="${f.title}" href="${site.urls.href(f.path)}">\n`)}`;
}
