/**
 * A Google News sitemap of one edition (REFERENCE.md §3): articles of the last two
 * days, the publication's exact name and ISO 639 language, the publication time with
 * its offset and the headline alone.
 */
import { isoWithOffset } from "../../dates.ts";
import type { Urls } from "../../model/urls.ts";
import type { NewsSitemapView } from "../../pages/sitemaps.ts";
import type { EditionConfig } from "../../schema/site.ts";
import { xml, xmlDocument } from "../xml.ts";

export function newsSitemap(urls: Urls, file: NewsSitemapView, edition: Pick<EditionConfig, "name" | "lang">): string {
  return xmlDocument(xml`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
${file.articles.map(
  (a) => xml`<url>
<loc>${urls.absolute(a.url)}</loc>
<news:news>
<news:publication><news:name>${edition.name}</news:name><news:language>${edition.lang}</news:language></news:publication>
<news:publication_date>${isoWithOffset(a.date)}</news:publication_date>
<news:title>${a.title}</news:title>
</news:news>
</url>
`,
)}</urlset>`);
}
