/**
 * The one XML escaper for feeds and sitemaps. Text and attribute values are escaped
 * (`&<>"'`), and characters XML 1.0 forbids (C0 controls other than tab, newline and
 * carriage return; U+FFFE, U+FFFF) are dropped, so no content can break a document.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;
const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

export function escapeXml(text: string): string {
  return text.replace(FORBIDDEN, "").replace(/[&<>"']/g, (ch) => ESCAPES[ch] as string);
}

/** Markup already built by `xml`, inserted as is. */
export class SafeXml {
  constructor(readonly value: string) {}
}

export type XmlValue = SafeXml | string | number | null | undefined | false | readonly XmlValue[];

function render(value: XmlValue): string {
  if (value === null || value === undefined || value === false) return "";
  if (value instanceof SafeXml) return value.value;
  if (Array.isArray(value)) return value.map(render).join("");
  return escapeXml(String(value));
}

/** A tagged template that escapes every interpolated value that is not `SafeXml`. */
export function xml(strings: TemplateStringsArray, ...values: XmlValue[]): SafeXml {
  let out = strings[0] as string;
  for (let i = 0; i < values.length; i++) out += render(values[i] as XmlValue) + (strings[i + 1] as string);
  return new SafeXml(out);
}

/** A complete XML document: declaration, root element, trailing newline. */
export function xmlDocument(root: SafeXml): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root.value}\n`;
}
