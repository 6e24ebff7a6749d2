/**
 * The one XML escaper for feeds and sitemaps. Text and attribute values are escaped
 * (`&<>"'`), and characters XML 1.0 forbids (C0 controls other than tab, newline and
 * carriage return; U+FFFE, U+FFFF) are dropped, so no content can break a document.
 */
import { escapingTag, type TagValue } from "./escaping-tag.ts";

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

// biome-ignore lint/suspicious/noControlCharactersInRegex: the characters `escapeXml` drops, found without a replace pass.
const SPECIAL = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

/** Most text has nothing to escape or drop: it is returned as it is, without a replace pass. */
export function escapeXml(text: string): string {
  return SPECIAL.test(text) ? text.replace(FORBIDDEN, "").replace(/[&<>"']/g, (ch) => ESCAPES[ch] as string) : text;
}

/** Markup already built by `xml`, inserted as is. */
export class SafeXml {
  constructor(readonly value: string) {}
}

export type XmlValue = TagValue<SafeXml>;

/** A tagged template that escapes every interpolated value that is not `SafeXml`. */
export const xml = escapingTag(SafeXml, escapeXml);

/** A complete XML document: declaration, root element, trailing newline. */
export function xmlDocument(root: SafeXml): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root.value}\n`;
}
