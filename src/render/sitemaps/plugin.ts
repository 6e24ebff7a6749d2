/** Eleventy plugin: the sitemap and its parts, the sitemap index, the news sitemaps and robots.txt (src/model/sitemap-lists.ts). */
import type { SiteModel } from "../../model/site.ts";
import { addPageTemplate } from "../page-template.ts";
import type { EleventyConfigApi } from "../pages.ts";
import { newsSitemap } from "./news.ts";
import { robotsTxt } from "./robots.ts";
import { sitemapIndex, urlSet } from "./sitemap.ts";

export function sitemapsPlugin(config: EleventyConfigApi, { site }: { site: SiteModel }): void {
  const { sitemaps, urls } = site;
  addPageTemplate(config, "sitemap", sitemaps.urlsets, (file) => urlSet(urls, file));
  addPageTemplate(config, "sitemap-index", sitemaps.indexes, (file) => sitemapIndex(urls, file));
  addPageTemplate(config, "news-sitemap", sitemaps.news, (file) => {
    const edition = site.editions.get(file.edition);
    if (!edition) throw new Error(`no edition "${file.edition}" for ${file.url}`);
    return newsSitemap(urls, file, edition.config);
  });
  addPageTemplate(config, "robots", sitemaps.robots, (file) => robotsTxt(urls, file.sitemaps));
}
