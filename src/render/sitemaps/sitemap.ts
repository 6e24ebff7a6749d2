/** sitemaps.org documents: a `<urlset>` of pages with their last change, and a `<sitemapindex>` of parts (REFERENCE.md §4). */
import { isoWithOffset } from "../../dates.ts";
import type { IndexFile, SitemapEntry, UrlSetFile } from "../../model/sitemap-lists.ts";
import type { Urls } from "../../model/urls.ts";
import { xml, xmlDocument } from "../xml.ts";

const NS = "http://www.sitemaps.org/schemas/sitemap/0.9";

function lastmod(entry: SitemapEntry) {
  return entry.lastmod ? xml`<lastmod>${isoWithOffset(entry.lastmod)}</lastmod>` : "";
}

export function urlSet(urls: Urls, file: UrlSetFile): string {
  return xmlDocument(xml`<urlset xmlns="${NS}">
${file.entries.map((e) => xml`<url><loc>${urls.absolute(e.path)}</loc>${lastmod(e)}</url>\n`)}</urlset>`);
}

export function sitemapIndex(urls: Urls, file: IndexFile): string {
  return xmlDocument(xml`<sitemapindex xmlns="${NS}">
${file.parts.map((p) => xml`<sitemap><loc>${urls.absolute(p.path)}</loc>${lastmod(p)}</sitemap>\n`)}</sitemapindex>`);
}
