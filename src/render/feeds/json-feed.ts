/** JSON Feed 1.1 (jsonfeed.org/version/1.1): the edition's `/feed.json` (REFERENCE.md §8). */
import { isoWithOffset } from "../../dates.ts";
import { LOGO_PATH } from "../../model/paths.ts";
import type { FeedView } from "../../pages/feeds.ts";
import { type FeedContext, feedEntry } from "./entry.ts";

export function jsonFeed(ctx: FeedContext, doc: FeedView, lang: string, description: string): string {
  const { urls } = ctx.site;
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: doc.title,
    home_page_url: urls.absolute(doc.pageUrl),
    feed_url: urls.absolute(doc.url),
    description,
    icon: urls.absolute(LOGO_PATH),
    language: lang,
    items: doc.items.map((a) => {
      const e = feedEntry(ctx, a);
      return {
        id: e.id,
        url: e.url,
        title: e.title,
        summary: e.summary,
        content_html: e.contentHtml,
        image: e.image?.url,
        date_published: isoWithOffset(e.published),
        date_modified: isoWithOffset(e.updated),
        authors: e.authors,
        tags: e.tags,
        language: lang,
      };
    }),
  };
  // `<` escaped as in JSON-LD, so the file stays inert even if served as HTML.
  return `${JSON.stringify(feed, null, 1).replace(/</g, "\\u003c")}\n`;
}
