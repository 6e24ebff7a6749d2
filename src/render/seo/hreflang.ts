/** `<link rel="alternate" hreflang>` for a page's translations, itself included, with absolute URLs (REFERENCE.md §7). */
import type { HreflangLink } from "../../model/translations.ts";
import type { Urls } from "../../model/urls.ts";
import { html, type SafeHtml } from "../html.ts";

export function hreflangLinks(urls: Urls, links: readonly HreflangLink[] = []): SafeHtml {
  return html`${links.map((l) => html`<link rel="alternate" hreflang="${l.hreflang}" href="${urls.absolute(l.path)}">\n`)}`;
}
