/**
 * sitemaps.org documents: a `<urlset>` of pages with their last change, and a `<sitemapindex>` of parts (REFERENCE.md §4).
 * Translated pages list their alternates as `xhtml:link` (REFERENCE.md §7), as Google documents:
 * developers.google.com/search/docs/specialty/international/localized-versions#sitemap
 */
import { type DateTime, isoWithOffset } from "../../dates.ts";
import type { IndexFile } from "../../model/sitemap-lists.ts";
import type { HreflangLink } from "../../model/translations.ts";
import type { Urls } from "../../model/urls.ts";
import type { UrlSetView } from "../../pages/sitemaps.ts";
import { xml, xmlDocument } from "../xml.ts";

const NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML_NS = "http://www.w3.org/1999/xhtml";

function lastmod(time: DateTime | undefined) {
  return time ? xml`<lastmod>${isoWithOffset(time)}</lastmod>` : "";
}

function alternates(urls: Urls, links: readonly HreflangLink[] | undefined) {
  return (links ?? []).map((l) => xml`<xhtml:link rel="alternate" hreflang="${l.hreflang}" href="${urls.absolute(l.path)}"/>`);
}

export function urlSet(urls: Urls, part: UrlSetView): string {
  const xhtml = part.alternates.some((a) => a?.length) ? xml` xmlns:xhtml="${XHTML_NS}"` : "";
  return xmlDocument(xml`<urlset xmlns="${NS}"${xhtml}>
${part.paths.map((p, i) => xml`<url><loc>${urls.absolute(p)}</loc>${lastmod(part.lastmods[i])}${alternates(urls, part.alternates[i])}</url>\n`)}</urlset>`);
}

export function sitemapIndex(urls: Urls, file: IndexFile): string {
  return xmlDocument(xml`<sitemapindex xmlns="${NS}">
${file.parts.map((p) => xml`<sitemap><loc>${urls.absolute(p.path)}</loc>${lastmod(p.lastmod)}</sitemap>\n`)}</sitemapindex>`);
}
