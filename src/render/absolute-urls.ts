/**
 * Rewrites relative `href` and `src` attributes of rendered article HTML to absolute
 * URLs, for feeds, which readers show away from the site. markdown-it writes every
 * attribute double-quoted and escapes `"` in text, so an attribute match is exact.
 */
const ATTRIBUTE = /\s(href|src)="([^"]*)"/g;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

export function absolutizeUrls(markup: string, baseUrl: string): string {
  return markup.replace(ATTRIBUTE, (whole, name: string, value: string) => {
    const raw = value.replace(/&quot;/g, '"').replace(/&amp;/g, "&");
    if (HAS_SCHEME.test(raw)) return whole;
    let absolute: string;
    try {
      absolute = new URL(raw, baseUrl).href;
    } catch {
      return whole;
    }
    return ` ${name}="${absolute.replace(/&/g, "&amp;").replace(/"/g, "&quot;")}"`;
  });
}
