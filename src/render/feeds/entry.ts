/**
 * What every feed format says about one article, computed from the model in one place
 * so Atom, RSS and JSON Feed agree with each other and with the article page.
 *
 * The entry id is a `tag:` URI (RFC 4151) that never changes when the article is
 * updated: `tag:<host>,<YYYY-MM-DD of first publication, newsroom day>:<edition>/<slug>`,
 * e.g. `tag:example.org,2025-03-27:eng/paris-coalition-meeting-starts`. It does not
 * depend on the file name or folder; only changing the publication date or the slug
 * of a published article would change it (and its URL).
 */

import type { RenderContext } from "../../../layouts/base.ts";
import { renderInline } from "../../content/markdown.ts";
import { type DateTime, isoDay } from "../../dates.ts";
import { authorName } from "../../model/authors.ts";
import { lastModified } from "../../model/load.ts";
import { authorUrl } from "../../model/paths.ts";
import { editionFor, type SiteChrome } from "../../pages/chrome.ts";
import type { FeedItem } from "../../pages/feeds.ts";
import type { Article } from "../../schema/article.ts";
import { absolutizeUrls } from "../absolute-urls.ts";
import { escapeHtml } from "../html.ts";
import { type ShareImage, shareImage } from "../seo/images.ts";

export interface FeedContext {
  site: SiteChrome;
  bodies: RenderContext["bodies"];
}

export interface FeedEntry {
  id: string;
  /** Absolute URL of the article page. */
  url: string;
  title: string;
  published: DateTime;
  updated: DateTime;
  authors: { name: string; url: string }[];
  tags: string[];
  summary: string;
  /** The full article as HTML with absolute URLs. */
  contentHtml: string;
  image?: ShareImage;
}

export function entryId(site: SiteChrome, article: Article): string {
  return `tag:${new URL(site.config.baseUrl).hostname},${isoDay(article.date)}:${article.edition}/${article.slug}`;
}

/**
 * Entries by render context (its body cache) and article: an article is in up to a dozen feeds
 * (its edition's three, its tags', authors' and section's), and its entry, full text made
 * absolute included, is the same in each. A new context (each render pass, each preview update)
 * starts afresh.
 */
const known = new WeakMap<FeedContext["bodies"], WeakMap<Article, FeedEntry>>();

export function feedEntry(ctx: FeedContext, item: FeedItem): FeedEntry {
  const { article } = item;
  let entries = known.get(ctx.bodies);
  if (!entries) {
    entries = new WeakMap();
    known.set(ctx.bodies, entries);
  }
  let entry = entries.get(article);
  if (!entry) {
    entry = newEntry(ctx, item);
    entries.set(article, entry);
  }
  return entry;
}

function newEntry(ctx: FeedContext, { article, images, aliasLinks }: FeedItem): FeedEntry {
  const { site } = ctx;
  const edition = editionFor(site, article.edition).config;
  const url = site.urls.absolute(article.url);
  const image = shareImage(site, images, article);
  let content: string | undefined;
  return {
    id: entryId(site, article),
    url,
    title: article.title,
    published: article.date,
    updated: lastModified(article),
    authors: article.authors.map((id) => ({
      name: authorName(site.authors.get(id), id, edition.lang),
      url: site.urls.absolute(authorUrl(edition, id)),
    })),
    tags: article.tags,
    summary: article.description,
    // Made when a feed with full text asks: a tag's or an author's feed carries summaries only.
    get contentHtml() {
      content ??= absolutizeUrls(contentHtml(ctx, { article, images, aliasLinks }, image, edition.lang), url);
      return content;
    },
    image,
  };
}

/** Lead photo, lead, source, body and background bullets, as on the page. */
function contentHtml(ctx: FeedContext, { article, images, aliasLinks }: FeedItem, image: ShareImage | undefined, lang: string): string {
  const body = ctx.bodies.get(article, images, aliasLinks);
  const { ui } = editionFor(ctx.site, article.edition);
  const remote = images?.remoteLead;
  const figure = (img: string, credit: string) => `<figure>${img}<figcaption>${escapeHtml(credit)}</figcaption></figure>\n`;
  const photo = image?.credit
    ? figure(`<img src="${escapeHtml(image.url)}" width="${image.width}" height="${image.height}" alt="${escapeHtml(image.alt)}">`, image.credit)
    : remote && article.image
      ? figure(
          `<img src="${escapeHtml(remote.url)}"${remote.width && remote.height ? ` width="${remote.width}" height="${remote.height}"` : ""} alt="${escapeHtml(article.image.alt)}">`,
          article.image.credit,
        )
      : "";
  // A brief has no text: its summary is its lead, as on its page.
  const lead = body.lead || (article.body === "" && article.summary ? `<p>${escapeHtml(article.summary)}</p>\n` : "");
  const { source } = article;
  const sourceName = source?.url ? `<a href="${escapeHtml(source.url)}">${escapeHtml(source.name)}</a>` : escapeHtml(source?.name ?? "");
  const sourceLine = source
    ? `<p>${escapeHtml(ui.source)}: ${sourceName}${source.via ? ` ${escapeHtml(ui.withReferenceTo)} ${escapeHtml(source.via)}` : ""}</p>\n`
    : "";
  const background = article.background?.length ? `<ul>${article.background.map((b) => `<li>${renderInline(b, lang)}</li>`).join("")}</ul>\n` : "";
  return photo + lead + sourceLine + body.rest + background;
}
