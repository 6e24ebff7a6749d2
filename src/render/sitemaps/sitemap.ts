/**
 * sitemaps.org documents: a `<urlset>` of pages with their last change, and a `<sitemapindex>` of parts (REFERENCE.md §4).
 * Translated pages list their alternates as `xhtml:link` (REFERENCE.md §7), as Google documents:
 * developers.google.com/search/docs/specialty/international/localized-versions#sitemap
 */
import { isoWithOffset } from "../../dates.ts";
import type { IndexFile, SitemapEntry, UrlSetFile } from "../../model/sitemap-lists.ts";
import type { Urls } from "../../model/urls.ts";
import { xml, xmlDocument } from "../xml.ts";

const NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML_NS = "http://www.w3.org/1999/xhtml";

function lastmod(entry: SitemapEntry) {
  return entry.lastmod ? xml`<lastmod>${isoWithOffset(entry.lastmod)}</lastmod>` : "";
}

function alternates(urls: Urls, entry: SitemapEntry) {
  return (entry.alternates ?? []).map((l) => xml`<xhtml:link rel="alternate" hreflang="${l.hreflang}" href="${urls.absolute(l.path)}"/>`);
}

export function urlSet(urls: Urls, file: UrlSetFile): string {
  const xhtml = file.entries.some((e) => e.alternates?.length) ? xml` xmlns:xhtml="${XHTML_NS}"` : "";
  return xmlDocument(xml`<urlset xmlns="${NS}"${xhtml}>
${file.entries.map((e) => xml`<url><loc>${urls.absolute(e.path)}</loc>${lastmod(e)}${alternates(urls, e)}</url>\n`)}</urlset>`);
}

export function sitemapIndex(urls: Urls, file: IndexFile): string {
  return xmlDocument(xml`<sitemapindex xmlns="${NS}">
${file.parts.map((p) => xml`<sitemap><loc>${urls.absolute(p.path)}</loc>${lastmod(p)}</sitemap>\n`)}</sitemapindex>`);
}
