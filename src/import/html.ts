/**
 * Imported HTML to our Markdown. WordPress content is first given its paragraphs (WordPress
 * stores classic posts without <p> and adds them when it shows a post) and its shortcodes
 * turned into HTML: `[caption]` and `[gallery]` into images, `[embed]`, `[video]`, `[audio]`
 * and `[playlist]` into plain links. Then turndown converts the HTML, with our rules for
 * images (absolute URLs, captions as the image title, the full-size file a thumbnail links
 * to), embeds (iframes, video, audio, object: a link to what they showed) and relative links
 * (made absolute against the old site, as they would lead nowhere here).
 */
import { parse as parseHtml } from "node-html-parser";
import TurndownService from "turndown";
import { gfm } from "turndown-plugin-gfm";

/** A media file of the export, for galleries and for alt text an <img> lacks. */
export interface Attachment {
  id: string;
  url: string;
  title: string;
  alt: string;
  caption: string;
  parent: string;
}

export interface HtmlContext {
  /** The old site's address: relative links and images are made absolute against it. */
  baseUrl?: string;
  /** WordPress content: paragraphs from blank lines, and shortcodes. */
  wordpress?: boolean;
  /** The post's id, for a `[gallery]` without ids (the post's own attachments). */
  postId?: string;
  attachments?: ReadonlyMap<string, Attachment>;
}

export interface Converted {
  markdown: string;
  /** What could not be kept as it was, for the report. */
  notes: string[];
}

const BLOCK =
  /^<\/?(?:p|div|h[1-6]|ul|ol|li|dl|dt|dd|blockquote|pre|table|thead|tbody|tfoot|tr|td|th|figure|figcaption|hr|iframe|form|address|section|article|aside|header|footer|nav|script|style|object|embed|video|audio|!--)[\s>/]/i;

const BLOCK_NAMES =
  "div|h[1-6]|ul|ol|dl|blockquote|pre|table|figure|hr|iframe|form|address|section|article|aside|header|footer|nav|object|video|audio|p";
const BLOCK_OPEN = new RegExp(`(<(?:${BLOCK_NAMES})[\\s/>])`, "gi");
const BLOCK_CLOSE = new RegExp(`(</(?:${BLOCK_NAMES})>)`, "gi");

/** WordPress's wpautop, simplified: blank lines separate paragraphs, a single line break is a <br>. */
export function autop(html: string): string {
  return html
    .replace(/\r\n?/g, "\n")
    .replace(BLOCK_OPEN, "\n\n$1")
    .replace(BLOCK_CLOSE, "$1\n\n")
    .split(/\n[ \t]*\n/)
    .map((chunk) => chunk.trim())
    .filter(Boolean)
    .map((chunk) => (BLOCK.test(chunk) ? chunk : `<p>${chunk.replace(/\n/g, "<br>\n")}</p>`))
    .join("\n\n");
}

export function escapeAttr(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** `key="value" key='value' key=value` attributes of a shortcode, lowercase keys. */
function shortcodeAttrs(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  for (const m of text.matchAll(/([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s\]]+))/g)) {
    attrs[(m[1] as string).toLowerCase()] = m[2] ?? m[3] ?? m[4] ?? "";
  }
  return attrs;
}

function imageHtml(src: string, alt: string, caption: string): string {
  return `<p><img src="${escapeAttr(src)}" alt="${escapeAttr(alt)}"${caption ? ` title="${escapeAttr(caption)}"` : ""}></p>`;
}

function linkHtml(href: string, text: string): string {
  return `<p><a href="${escapeAttr(href)}">${escapeAttr(text)}</a></p>`;
}

/** Plain text of a bit of HTML (titles, captions, excerpts): tags dropped, entities decoded, spaces collapsed. */
export function plainText(html: string): string {
  return decodeEntities(html.replace(/<br\s*\/?>/gi, " ").replace(/<[^>]*>/g, ""))
    .replace(/\s+/g, " ")
    .trim();
}

/** Every HTML entity decoded (`&amp;`, `&#8217;`, `&hellip;`), by node-html-parser. */
export function decodeEntities(text: string): string {
  return text.includes("&") ? parseHtml(`<p>${text.replace(/</g, "&lt;")}</p>`).text : text;
}

const MEDIA_KEYS = ["src", "mp4", "m4v", "webm", "ogv", "wmv", "flv", "mp3", "ogg", "oga", "wav", "m4a"];

/** The shortcodes WordPress ships, as HTML we can convert; any other paired `[x]…[/x]` keeps its text. */
export function expandShortcodes(html: string, ctx: HtmlContext, notes: string[]): string {
  const attachments = ctx.attachments ?? new Map<string, Attachment>();
  const attachmentImage = (a: Attachment) => imageHtml(a.url, a.alt || a.caption || "", a.caption);
  let out = html.replace(/\[(caption|wp_caption)([^\]]*)\]([\s\S]*?)\[\/\1\]/gi, (_whole, _name: string, attrText: string, inner: string) => {
    const attrs = shortcodeAttrs(attrText);
    const img = /<img\b[^>]*>/i.exec(inner)?.[0] ?? "";
    const imgAttrs = shortcodeAttrs(img);
    const link = /<a\b[^>]*href\s*=\s*["']([^"']+)["']/i.exec(inner)?.[1];
    const caption = plainText(attrs.caption ?? inner.replace(/<a\b[^>]*>[\s\S]*?<\/a>/gi, "").replace(/<img\b[^>]*>/gi, ""));
    const src = link && isImageUrl(link) ? link : imgAttrs.src;
    if (!src) {
      notes.push("a [caption] without an image: its text kept");
      return `<p>${caption}</p>`;
    }
    return imageHtml(src, decodeEntities(imgAttrs.alt ?? ""), caption);
  });
  out = out.replace(/\[gallery([^\]]*)\]/gi, (_whole, attrText: string) => {
    const attrs = shortcodeAttrs(attrText);
    const ids = (attrs.ids ?? attrs.include ?? "")
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const items = ids.length
      ? ids.map((id) => attachments.get(id) ?? id)
      : [...attachments.values()].filter((a) => a.parent === ctx.postId && isImageUrl(a.url));
    const missing = items.filter((a): a is string => typeof a === "string");
    if (missing.length) notes.push(`a [gallery] names attachments the export does not hold (ids ${missing.join(", ")}): left out`);
    const found = items.filter((a): a is Attachment => typeof a !== "string");
    if (!found.length) notes.push("an empty [gallery] left out");
    return found.map(attachmentImage).join("\n");
  });
  out = out.replace(/\[embed([^\]]*)\]([\s\S]*?)\[\/embed\]/gi, (_whole, _attrs: string, url: string) => {
    const href = plainText(url);
    notes.push(`an embed of ${hostOf(href) ?? href} became a link`);
    return linkHtml(href, href);
  });
  out = out.replace(/\[(video|audio)([^\]]*)\](?:([\s\S]*?)\[\/\1\])?/gi, (_whole, kind: string, attrText: string) => {
    const attrs = shortcodeAttrs(attrText);
    const href = MEDIA_KEYS.map((k) => attrs[k]).find(Boolean);
    if (!href) {
      notes.push(`a [${kind}] without a file left out`);
      return "";
    }
    notes.push(`a [${kind}] became a link`);
    return linkHtml(href, `${kind === "video" ? "Video" : "Audio"}: ${href}`);
  });
  out = out.replace(/\[playlist([^\]]*)\]/gi, (_whole, attrText: string) => {
    const ids = (shortcodeAttrs(attrText).ids ?? "").split(",").map((s) => s.trim());
    const files = ids.map((id) => attachments.get(id)).filter((a): a is Attachment => a !== undefined);
    notes.push("a [playlist] became links");
    return files.map((a) => linkHtml(a.url, a.title || a.url)).join("\n");
  });
  // Any other paired shortcode (a theme's or a plugin's): its tags go, its text stays.
  out = out.replace(/\[([a-z][\w-]*)(\s[^\]]*)?\]([\s\S]*?)\[\/\1\]/gi, (_whole, name: string, _attrs: string, inner: string) => {
    notes.push(`an unknown shortcode [${name}] removed (its text kept)`);
    return inner;
  });
  return out;
}

export function isImageUrl(url: string): boolean {
  return /\.(?:jpe?g|png|gif|webp|avif|tiff?)(?:[?#].*)?$/i.test(url);
}

export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname || undefined;
  } catch {
    return undefined;
  }
}

/** An absolute http(s) address, or undefined for what cannot be one (`data:`, `javascript:`, garbage). */
export function absoluteUrl(href: string, base: string | undefined): string | undefined {
  const value = href.trim();
  if (!value) return undefined;
  try {
    const url = base ? new URL(value.startsWith("//") ? `https:${value}` : value, base) : new URL(value.startsWith("//") ? `https:${value}` : value);
    if (url.protocol === "http:" || url.protocol === "https:") return url.href;
    if (url.protocol === "mailto:" || url.protocol === "tel:") return value;
    return undefined;
  } catch {
    return undefined;
  }
}

/** A link target Markdown keeps whole: spaces and parentheses percent-encoded. */
function markdownUrl(url: string): string {
  return url.replace(/ /g, "%20").replace(/\(/g, "%28").replace(/\)/g, "%29");
}

function markdownLabel(text: string): string {
  return text
    .replace(/\\/g, "\\\\")
    .replace(/([[\]])/g, "\\$1")
    .replace(/\s+/g, " ")
    .trim();
}

function markdownImage(src: string, alt: string, title: string): string {
  const t = title ? ` "${title.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\s+/g, " ").trim()}"` : "";
  return `![${markdownLabel(alt)}](${markdownUrl(src)}${t})`;
}

function converter(ctx: HtmlContext, notes: string[]): TurndownService {
  const service = new TurndownService({
    headingStyle: "atx",
    codeBlockStyle: "fenced",
    bulletListMarker: "-",
    emDelimiter: "*",
    strongDelimiter: "**",
  });
  service.use(gfm);
  service.remove(["script", "style", "noscript", "template", "head"]);
  // markdown-it reads ~~text~~ (the plugin writes a single ~).
  service.addRule("strikethrough", {
    filter: ["del", "s", "strike"],
    replacement: (content) => `~~${content}~~`,
  });
  const attachments = [...(ctx.attachments?.values() ?? [])];
  const image = (node: TurndownService.Node, srcOverride?: string): string => {
    const raw = srcOverride ?? node.getAttribute("src") ?? "";
    const src = absoluteUrl(raw, ctx.baseUrl);
    if (!src || !/^https?:/.test(src)) {
      notes.push(`an image that is not a web address (${raw.slice(0, 40) || "none"}) left out`);
      return "";
    }
    const title = (node.getAttribute("title") ?? "").trim();
    let alt = (node.getAttribute("alt") ?? "").trim();
    if (!alt) {
      const id = /wp-image-(\d+)/.exec(node.getAttribute("class") ?? "")?.[1];
      const known = (id ? ctx.attachments?.get(id) : undefined) ?? attachments.find((a) => a.url === src);
      alt = known?.alt || known?.caption || title;
    }
    if (!alt) notes.push(`an image without alt text (${src}): describe it in the article`);
    return markdownImage(src, alt, title);
  };
  service.addRule("image", { filter: "img", replacement: (_content, node) => image(node) });
  service.addRule("linked-image", {
    // A thumbnail linking to its full-size file (WordPress's "link to media file"): the full-size image alone.
    filter: (node) => {
      if (node.nodeName !== "A") return false;
      const kids = Array.from(node.childNodes).filter((c) => !(c.nodeType === 3 && !(c.textContent ?? "").trim()));
      return kids.length === 1 && kids[0]?.nodeName === "IMG";
    },
    replacement: (_content, node) => {
      const img = node.querySelector("img") as TurndownService.Node;
      const href = absoluteUrl(node.getAttribute("href") ?? "", ctx.baseUrl);
      if (href && isImageUrl(href)) return image(img, href);
      const picture = image(img);
      // A link to an attachment page of the old site leads to the same photo: the photo alone.
      if (!href || /[?&]attachment_id=|\/attachment\//.test(href) || !picture) return picture;
      return `[${picture}](${markdownUrl(href)})`;
    },
  });
  service.addRule("link", {
    filter: (node) => node.nodeName === "A" && node.getAttribute("href") !== null,
    replacement: (content, node) => {
      const raw = node.getAttribute("href") ?? "";
      const href = raw.startsWith("#") ? undefined : absoluteUrl(raw, ctx.baseUrl);
      if (!href || !content.trim()) return content;
      return `[${content}](${markdownUrl(href)})`;
    },
  });
  service.addRule("embed", {
    filter: ["iframe", "embed", "object", "video", "audio"],
    replacement: (_content, node) => {
      const source = node.querySelector("source");
      const raw = node.getAttribute("src") ?? node.getAttribute("data") ?? source?.getAttribute("src") ?? "";
      const href = absoluteUrl(raw, ctx.baseUrl);
      const kind = node.nodeName.toLowerCase();
      if (!href) {
        notes.push(`an <${kind}> without an address left out`);
        return "";
      }
      notes.push(`an <${kind}> embed of ${hostOf(href)} became a link`);
      const label = (node.getAttribute("title") ?? "").trim() || href;
      return `\n\n[${markdownLabel(label)}](${markdownUrl(href)})\n\n`;
    },
  });
  return service;
}

/** HTML (a post's content, a feed entry's) to Markdown, with notes on what changed form. */
export function htmlToMarkdown(html: string, ctx: HtmlContext = {}): Converted {
  const notes: string[] = [];
  let source = html;
  if (ctx.wordpress) {
    source = expandShortcodes(source, ctx, notes);
    if (!source.includes("<!-- wp:")) source = autop(source);
  }
  const markdown = converter(ctx, notes)
    .turndown(source)
    .replace(/^[ \t]+$/gm, "")
    .replace(/[ \t]+$/gm, (spaces) => (spaces === "  " ? spaces : ""))
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return { markdown: markdown ? `${markdown}\n` : "", notes };
}
