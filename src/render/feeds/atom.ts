/**
 * Atom 1.0 (RFC 4287): the edition's `/feed.xml` and the feed of every tag, author and section page (REFERENCE.md §8);
 * tags' and authors' entries carry no `<content>`, only the summary and the link (src/pages/feeds.ts).
 * Titles and summaries are `type="html"` holding escaped text: a reader that renders them as
 * HTML (as many do, whatever the type) still shows `<script>` in a headline as text.
 */
import { type DateTime, isoWithOffset, latest } from "../../dates.ts";
import { LOGO_PATH } from "../../model/paths.ts";
import type { FeedView } from "../../pages/feeds.ts";
import { escapeHtml } from "../html.ts";
import { type SafeXml, xml, xmlDocument } from "../xml.ts";
import { type FeedContext, type FeedEntry, feedEntry } from "./entry.ts";

export function atomFeed(ctx: FeedContext, doc: FeedView, lang: string): string {
  const { urls } = ctx.site;
  const entries = doc.items.map((a) => feedEntry(ctx, a));
  return xmlDocument(xml`<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="${lang}">
<id>${urls.absolute(doc.url)}</id>
<title type="html">${escapeHtml(doc.title)}</title>
<link rel="self" type="application/atom+xml" href="${urls.absolute(doc.url)}"/>
<link rel="alternate" type="text/html" href="${urls.absolute(doc.pageUrl)}"/>
<updated>${isoWithOffset(feedUpdated(entries, doc.built))}</updated>
<logo>${urls.absolute(LOGO_PATH)}</logo>
${entries.map((e) => atomEntry(e, doc.fullText))}</feed>`);
}

/** The newest change among the entries; the build time for a feed with none. */
export function feedUpdated(entries: readonly FeedEntry[], built: DateTime | undefined): DateTime {
  const updated = latest(entries.map((e) => e.updated)) ?? built;
  if (!updated) throw new Error("an empty feed needs the build time");
  return updated;
}

/** Each entry's XML, with and without its full text, written once however many feeds carry it (entries are shared, src/render/feeds/entry.ts). */
const entryXml = { full: new WeakMap<FeedEntry, SafeXml>(), summary: new WeakMap<FeedEntry, SafeXml>() };

function atomEntry(e: FeedEntry, fullText: boolean): SafeXml {
  const known = fullText ? entryXml.full : entryXml.summary;
  let done = known.get(e);
  if (!done) {
    done = newAtomEntry(e, fullText);
    known.set(e, done);
  }
  return done;
}

function newAtomEntry(e: FeedEntry, fullText: boolean): SafeXml {
  return xml`<entry>
<id>${e.id}</id>
<title type="html">${escapeHtml(e.title)}</title>
<link rel="alternate" type="text/html" href="${e.url}"/>
<published>${isoWithOffset(e.published)}</published>
<updated>${isoWithOffset(e.updated)}</updated>
${e.authors.map((a) => xml`<author><name>${a.name}</name><uri>${a.url}</uri></author>\n`)}${e.tags.map((t) => xml`<category term="${t}"/>\n`)}<summary type="html">${escapeHtml(e.summary)}</summary>
${
  fullText
    ? xml`<content type="html">${e.contentHtml}</content>
`
    : ""
}${e.image ? xml`<link rel="enclosure" type="${e.image.type}" href="${e.image.url}"/>\n<media:content url="${e.image.url}" medium="image" type="${e.image.type}" width="${e.image.width}" height="${e.image.height}"><media:description type="plain">${e.image.alt}</media:description><media:credit>${e.image.credit}</media:credit></media:content>\n` : ""}</entry>
`;
}
