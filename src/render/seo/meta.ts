/**
 * Social and search meta for every page (REFERENCE.md §6): robots, Open Graph with the
 * `article:*` properties on article pages, and the Twitter card. Every URL is absolute
 * and every time is the one the page shows.
 */
import { isoWithOffset } from "../../dates.ts";
import { lastModified } from "../../model/load.ts";
import { authorUrl } from "../../model/paths.ts";
import type { EditionChrome, SiteChrome } from "../../pages/chrome.ts";
import type { Article } from "../../schema/article.ts";
import type { SiteConfig } from "../../schema/site.ts";
import { html, type SafeHtml } from "../html.ts";
import type { ShareImage } from "./images.ts";

export interface MetaPage {
  site: SiteChrome;
  edition: EditionChrome;
  /** Site path of the page. */
  path: string;
  /** The page's own title, without the publication's name. */
  headline: string;
  description: string;
  article?: Article;
  image?: ShareImage;
}

export function sectionTitle(config: SiteConfig, id: string, lang: string): string {
  const section = config.sections.find((s) => s.id === id);
  return section?.title[lang] ?? id;
}

export function socialMeta(page: MetaPage): SafeHtml {
  const { site, edition, article, image } = page;
  const tags: SafeHtml[] = [
    html`<meta name="robots" content="max-image-preview:large">\n`,
    prop("og:site_name", edition.config.name),
    prop("og:type", article ? "article" : "website"),
    prop("og:title", page.headline),
    prop("og:description", page.description),
    prop("og:url", site.urls.absolute(page.path)),
  ];
  if (image)
    tags.push(
      prop("og:image", image.url),
      prop("og:image:width", image.width),
      prop("og:image:height", image.height),
      prop("og:image:alt", image.alt),
    );
  if (article) tags.push(articleProperties(site, edition, article));
  tags.push(
    name("twitter:card", image ? "summary_large_image" : "summary"),
    name("twitter:title", page.headline),
    name("twitter:description", page.description),
  );
  if (image) tags.push(name("twitter:image", image.url), name("twitter:image:alt", image.alt));
  return html`${tags}`;
}

function prop(property: string, content: string | number): SafeHtml {
  return html`<meta property="${property}" content="${content}">\n`;
}

function name(n: string, content: string): SafeHtml {
  return html`<meta name="${n}" content="${content}">\n`;
}

function articleProperties(site: SiteChrome, edition: EditionChrome, article: Article): SafeHtml {
  return html`${prop("article:published_time", isoWithOffset(article.date))}${prop("article:modified_time", isoWithOffset(lastModified(article)))}${article.authors.map(
    (id) => prop("article:author", site.urls.absolute(authorUrl(edition.config, id))),
  )}${prop("article:section", sectionTitle(site.config, article.section, edition.config.lang))}${article.tags.map((t) => prop("article:tag", t))}`;
}
