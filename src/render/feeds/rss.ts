/**
 * RSS 2.0: the edition's `/rss.xml`, with `guid isPermaLink="false"`, RFC 822 dates and `dc:creator`
 * per author (REFERENCE.md §8). Readers treat `title` and `description` as HTML, so their text is
 * HTML-escaped before it is XML-escaped.
 */
import { rfc822 } from "../../dates.ts";
import type { FeedView } from "../../pages/feeds.ts";
import { escapeHtml } from "../html.ts";
import { xml, xmlDocument } from "../xml.ts";
import { feedUpdated } from "./atom.ts";
import { type FeedContext, type FeedEntry, feedEntry } from "./entry.ts";

export function rssFeed(ctx: FeedContext, doc: FeedView, lang: string, description: string): string {
  const { urls } = ctx.site;
  const entries = doc.items.map((a) => feedEntry(ctx, a));
  return xmlDocument(xml`<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">
<channel>
<title>${escapeHtml(doc.title)}</title>
<link>${urls.absolute(doc.pageUrl)}</link>
<description>${escapeHtml(description)}</description>
<language>${lang}</language>
<lastBuildDate>${rfc822(feedUpdated(entries, doc.built))}</lastBuildDate>
<atom:link rel="self" type="application/rss+xml" href="${urls.absolute(doc.url)}"/>
${entries.map(rssItem)}</channel>
</rss>`);
}

function rssItem(e: FeedEntry) {
  return xml`<item>
<title>${escapeHtml(e.title)}</title>
<link>${e.url}</link>
<guid isPermaLink="false">${e.id}</guid>
<pubDate>${rfc822(e.published)}</pubDate>
${e.authors.map((a) => xml`<dc:creator>${a.name}</dc:creator>\n`)}${e.tags.map((t) => xml`<category>${t}</category>\n`)}<description>${escapeHtml(e.summary)}</description>
<content:encoded>${e.contentHtml}</content:encoded>
${e.image ? xml`<media:content url="${e.image.url}" medium="image" type="${e.image.type}" width="${e.image.width}" height="${e.image.height}"><media:description type="plain">${e.image.alt}</media:description><media:credit>${e.image.credit}</media:credit></media:content>\n` : ""}</item>
`;
}
