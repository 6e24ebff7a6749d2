/**
 * A WordPress export (WXR: Tools → Export → All content), read with fast-xml-parser: posts
 * with their authors, categories, tags, excerpt, featured image and old address; pages and
 * WordPress's own records (menus, revisions, blocks …) reported as skipped; attachments listed
 * (and used for galleries and missing alt text).
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { DateTime } from "luxon";
import { NewsroomError } from "../errors/content-error.ts";
import { type Attachment, decodeEntities, escapeAttr, htmlToMarkdown, plainText } from "./html.ts";
import type { ImportedAuthor, ParsedArchive, Skipped } from "./types.ts";

type Node = Record<string, unknown>;

const LISTS = new Set(["item", "category", "wp:author", "wp:postmeta", "wp:comment", "wp:category", "wp:tag", "wp:term"]);

/** Text of an element (CDATA and text merged), whatever shape the parser gave it. */
function str(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value && typeof value === "object" && "#text" in value) return str((value as Node)["#text"]);
  return "";
}

function list(value: unknown): Node[] {
  return Array.isArray(value) ? (value as Node[]) : value && typeof value === "object" ? [value as Node] : [];
}

/** The XML well-formed, or an error naming the line and column. */
export function parseXml(xml: string, file: string): Node {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new NewsroomError(`${file}:${valid.err.line}:${valid.err.col}  expected well-formed XML: ${valid.err.msg}`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => LISTS.has(name),
  });
  return parser.parse(xml) as Node;
}

export function isWxr(xml: string): boolean {
  return /xmlns:wp="http:\/\/wordpress\.org\/export\//.test(xml.slice(0, 5000)) || xml.includes("<wp:wxr_version>");
}

function gmtDate(value: string): DateTime | undefined {
  if (!value || value.startsWith("0000-00-00")) return undefined;
  const d = DateTime.fromSQL(value, { zone: "UTC" });
  return d.isValid ? d : undefined;
}

/** WordPress records that are not content: counted, not listed one by one. */
const WORDPRESS_RECORDS = new Set([
  "revision",
  "nav_menu_item",
  "custom_css",
  "customize_changeset",
  "oembed_cache",
  "user_request",
  "wp_block",
  "wp_template",
  "wp_template_part",
  "wp_global_styles",
  "wp_navigation",
  "wp_font_family",
  "wp_font_face",
]);

export function readWxr(xml: string, file: string): ParsedArchive {
  const doc = parseXml(xml, file);
  const channel = (doc.rss as Node | undefined)?.channel as Node | undefined;
  if (!channel) throw new NewsroomError(`${file}: expected a WordPress export (<rss><channel> with wp: elements), found no <channel>`);
  const version = str(channel["wp:wxr_version"]);
  const baseUrl = str(channel["wp:base_blog_url"]) || str(channel.link) || str(channel["wp:base_site_url"]) || undefined;
  const authors = new Map<string, ImportedAuthor>();
  for (const a of list(channel["wp:author"])) {
    const login = str(a["wp:author_login"]);
    if (!login) continue;
    const display = plainText(str(a["wp:author_display_name"]));
    const full = [str(a["wp:author_first_name"]), str(a["wp:author_last_name"])].map(plainText).filter(Boolean).join(" ");
    authors.set(login, { key: login, name: display || full || login });
  }
  const items = list(channel.item);
  const attachments = new Map<string, Attachment>();
  const titles = new Map<string, string>();
  for (const item of items) {
    const id = str(item["wp:post_id"]);
    titles.set(id, plainText(str(item.title)) || str(item.link));
    if (str(item["wp:post_type"]) !== "attachment") continue;
    const meta = new Map(list(item["wp:postmeta"]).map((m) => [str(m["wp:meta_key"]), str(m["wp:meta_value"])]));
    attachments.set(id, {
      id,
      url: str(item["wp:attachment_url"]) || str(item.guid),
      title: plainText(str(item.title)),
      alt: plainText(meta.get("_wp_attachment_image_alt") ?? ""),
      caption: plainText(str(item["excerpt:encoded"])),
      parent: str(item["wp:post_parent"]),
    });
  }
  const parsed: ParsedArchive = {
    format: `WordPress export (WXR ${version || "of unknown version"})`,
    kind: "wordpress",
    title: plainText(str(channel.title)) || undefined,
    baseUrl,
    language: str(channel.language) || undefined,
    authors,
    items: [],
    skipped: [],
    attachments: [...attachments.values()].map((a) => ({ url: a.url, parent: a.parent !== "0" ? titles.get(a.parent) : undefined })),
  };
  const records = new Map<string, number>();
  for (const item of items) {
    const type = str(item["wp:post_type"]) || "post";
    const status = str(item["wp:status"]);
    const title = plainText(str(item.title));
    const link = str(item.link);
    const label = title ? `"${title}"` : link || `post ${str(item["wp:post_id"])}`;
    const skip = (reason: string) => parsed.skipped.push({ label, reason } satisfies Skipped);
    if (type === "attachment") continue;
    if (WORDPRESS_RECORDS.has(type)) {
      records.set(type, (records.get(type) ?? 0) + 1);
      continue;
    }
    if (type === "page") {
      skip("page (a static page of the old site; this site has no static pages, so pages are not imported: recreate what is needed by hand)");
      continue;
    }
    if (type !== "post") {
      skip(`post type "${type}" (only posts are imported)`);
      continue;
    }
    if (status === "trash") {
      skip("in WordPress's trash");
      continue;
    }
    if (status === "auto-draft") {
      skip("an auto-draft (WordPress's empty placeholder for a new post)");
      continue;
    }
    const id = str(item["wp:post_id"]);
    const meta = new Map(list(item["wp:postmeta"]).map((m) => [str(m["wp:meta_key"]), str(m["wp:meta_value"])]));
    const notes: string[] = [];
    const converted = htmlToMarkdown(str(item["content:encoded"]), { wordpress: true, baseUrl, postId: id, attachments });
    notes.push(...converted.notes);
    let markdown = converted.markdown;
    const featured = attachments.get(meta.get("_thumbnail_id") ?? "");
    if (featured && markdown && !markdown.includes(featured.url)) {
      const lead = htmlToMarkdown(
        `<img src="${escapeAttr(featured.url)}" alt="${escapeAttr(featured.alt || featured.caption)}" title="${escapeAttr(featured.caption)}">`,
        {
          baseUrl,
        },
      );
      markdown = `${lead.markdown}\n${markdown}`;
      notes.push(...lead.notes, "the featured image placed at the top of the text (a lead photo needs a local file and a credit)");
    }
    const categories: string[] = [];
    const tags: string[] = [];
    for (const c of list(item.category)) {
      const name = decodeEntities(str(c)).trim();
      if (!name) continue;
      if (c["@_domain"] === "category") {
        if (str(c["@_nicename"]) !== "uncategorized") categories.push(name);
      } else if (c["@_domain"] === "post_tag") tags.push(name);
    }
    const draft = status !== "publish" && status !== "future";
    if (status === "private") notes.push("private in WordPress: imported as a draft");
    else if (status === "pending") notes.push("pending review in WordPress: imported as a draft");
    const gmt = gmtDate(str(item["wp:post_date_gmt"]));
    const local = DateTime.fromSQL(str(item["wp:post_date"]), { zone: "UTC" });
    let slug = str(item["wp:post_name"]);
    try {
      slug = decodeURIComponent(slug);
    } catch {
      // A slug with a stray % stays as it is: slugify cleans it.
    }
    parsed.items.push({
      label,
      title,
      date: gmt ? { value: gmt, local: false } : local.isValid ? { value: local, local: true } : undefined,
      draft,
      authorKeys: [str(item["dc:creator"])].filter(Boolean),
      categories,
      tags,
      summary: plainText(str(item["excerpt:encoded"])) || undefined,
      markdown,
      slug: slug || undefined,
      oldUrl: link && !/[?&]p=\d+/.test(link) ? link : undefined,
      notes,
    });
    const comments = list(item["wp:comment"]).length;
    if (comments) notes.push(`${comments} comment${comments === 1 ? "" : "s"} not imported`);
  }
  for (const [type, count] of [...records].sort()) {
    parsed.skipped.push({ label: `${count} ${type} record${count === 1 ? "" : "s"}`, reason: "WordPress's own records, not content" });
  }
  return parsed;
}
