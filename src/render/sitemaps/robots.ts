/**
 * robots.txt: everything may be crawled; names the sitemap and every news sitemap.
 * Crawlers read it only at a host's root, so a site under a sub-path must have its
 * host's own robots.txt name these sitemaps.
 */
import type { Urls } from "../../model/urls.ts";

export function robotsTxt(urls: Urls, sitemaps: readonly string[]): string {
  return `User-agent: *\nAllow: /\n\n${sitemaps.map((s) => `Sitemap: ${urls.absolute(s)}\n`).join("")}`;
}
