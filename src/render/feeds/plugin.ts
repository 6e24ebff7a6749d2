/** Eleventy plugin: one template per feed format over the feed lists the model built (src/model/feed-lists.ts). */
import type { FeedDoc } from "../../model/feed-lists.ts";
import { addPageTemplate } from "../page-template.ts";
import type { EleventyConfigApi } from "../pages.ts";
import { atomFeed } from "./atom.ts";
import type { FeedContext } from "./entry.ts";
import { jsonFeed } from "./json-feed.ts";
import { rssFeed } from "./rss.ts";

export function feedsPlugin(config: EleventyConfigApi, ctx: FeedContext): void {
  const { site } = ctx;
  const edition = (doc: FeedDoc) => {
    const e = site.editions.get(doc.edition);
    if (!e) throw new Error(`no edition "${doc.edition}" for feed ${doc.url}`);
    return { lang: e.config.lang, description: `${e.ui.latestNews} | ${e.config.name}` };
  };
  const cached = <T extends { url: string }>(kind: "atom-feed" | "rss-feed" | "json-feed", list: readonly T[]) =>
    ctx.pageCache?.filter(kind, list) ?? list;
  addPageTemplate(config, "atom-feed", cached("atom-feed", site.feeds.atom), (doc) => atomFeed(ctx, doc, edition(doc).lang));
  addPageTemplate(config, "rss-feed", cached("rss-feed", site.feeds.rss), (doc) => rssFeed(ctx, doc, edition(doc).lang, edition(doc).description));
  addPageTemplate(config, "json-feed", cached("json-feed", site.feeds.json), (doc) =>
    jsonFeed(ctx, doc, edition(doc).lang, edition(doc).description),
  );
}
