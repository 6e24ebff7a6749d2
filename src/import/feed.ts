/**
 * An RSS 2.0 or Atom file, read with @rowanmanning/feed-parser: one article per entry. An
 * entry is someone's publication, so its link becomes the article's `source` (the feed's
 * title as the name). An entry with only a short description is a brief: that text is its
 * summary, with no body.
 */
import { parseFeed } from "@rowanmanning/feed-parser";
import { DateTime } from "luxon";
import { NewsroomError } from "../errors/content-error.ts";
import { hostOf, htmlToMarkdown, plainText } from "./html.ts";
import type { ImportedAuthor, ParsedArchive } from "./types.ts";
import { parseXml } from "./wxr.ts";

/** The longest description kept as a summary (the schema's limit); a longer one becomes the body. */
const SUMMARY_MAX = 1000;

/** A description that is only text (no images, lists, several paragraphs) can be a summary. */
function isPlainLead(html: string): boolean {
  return !/<(?:img|ul|ol|table|blockquote|pre|iframe|h[1-6])\b/i.test(html) && (html.match(/<p[\s>]/gi)?.length ?? 0) <= 1;
}

export function readFeed(xml: string, file: string): ParsedArchive {
  // Malformed XML is an error with its line: feed-parser would guess its way through it.
  parseXml(xml, file);
  let feed: ReturnType<typeof parseFeed>;
  try {
    feed = parseFeed(xml);
  } catch (error) {
    throw new NewsroomError(`${file}: expected an RSS 2.0 or Atom feed: ${(error as Error).message}`);
  }
  const kind = feed.meta.type === "atom" ? "Atom feed" : `RSS ${feed.meta.version ?? ""} feed`.replace("  ", " ");
  const feedTitle = plainText(feed.title ?? "") || undefined;
  const authors = new Map<string, ImportedAuthor>();
  const authorKey = (a: { name: string | null; email: string | null; url: string | null }) => {
    const name = plainText(a.name ?? "") || (a.email ?? "").replace(/@.*/, "");
    if (!name) return undefined;
    if (!authors.has(name)) authors.set(name, { key: name, name, url: a.url && /^https?:\/\//.test(a.url) ? a.url : undefined });
    return name;
  };
  const feedAuthors = feed.authors.map(authorKey).filter((k): k is string => k !== undefined);
  const parsed: ParsedArchive = {
    format: kind,
    kind: "feed",
    title: feedTitle,
    baseUrl: feed.url ?? undefined,
    language: feed.language ?? undefined,
    authors,
    items: [],
    skipped: [],
    attachments: [],
  };
  for (const entry of feed.items) {
    const title = plainText(entry.title ?? "");
    const link = entry.url ?? undefined;
    const label = title ? `"${title}"` : (link ?? entry.id ?? "an untitled entry");
    const notes: string[] = [];
    const base = link ?? feed.url ?? undefined;
    const content = entry.content?.trim() ?? "";
    const description = entry.description?.trim() ?? "";
    let markdown = "";
    let summary: string | undefined;
    if (content) {
      const converted = htmlToMarkdown(content, { baseUrl: base });
      markdown = converted.markdown;
      notes.push(...converted.notes);
      const lead = plainText(description);
      if (lead && lead.length <= SUMMARY_MAX && description !== content) summary = lead;
    } else if (description) {
      const lead = plainText(description);
      if (lead.length <= SUMMARY_MAX && isPlainLead(description)) summary = lead;
      else {
        const converted = htmlToMarkdown(description, { baseUrl: base });
        markdown = converted.markdown;
        notes.push(...converted.notes);
      }
    }
    if (!markdown && !summary && !link) {
      parsed.skipped.push({ label, reason: "no text and no link" });
      continue;
    }
    const keys = entry.authors.map(authorKey).filter((k): k is string => k !== undefined);
    const published = entry.published ?? entry.updated;
    const date = published ? DateTime.fromJSDate(published, { zone: "UTC" }) : undefined;
    const updated =
      entry.updated && entry.published && entry.updated > entry.published ? DateTime.fromJSDate(entry.updated, { zone: "UTC" }) : undefined;
    const categories = entry.categories.map((c) => plainText(c.label ?? c.term)).filter(Boolean);
    parsed.items.push({
      label,
      title,
      date: date?.isValid ? { value: date, local: false } : undefined,
      updated,
      draft: false,
      authorKeys: keys.length ? keys : feedAuthors,
      categories,
      tags: [],
      summary,
      markdown,
      source: link ? { name: feedTitle ?? hostOf(link) ?? link, url: link } : undefined,
      notes,
    });
  }
  return parsed;
}
