/**
 * schema.org structured data (REFERENCE.md §5): `NewsArticle` on article pages,
 * `WebSite` and the `NewsMediaOrganization` on home pages, `BreadcrumbList` wherever a
 * page shows breadcrumbs. One `@graph` per page, serialised with `jsonForScript` so
 * no content can close the script element.
 */

import { plainText } from "../../content/markdown.ts";
import { formatDateline, isoWithOffset } from "../../dates.ts";
import { authorName } from "../../model/authors.ts";
import { lastModified } from "../../model/load.ts";
import { authorUrl, homeUrl, LOGO_PATH } from "../../model/paths.ts";
import type { EditionChrome, SiteChrome } from "../../pages/chrome.ts";
import type { Article } from "../../schema/article.ts";
import { html, jsonForScript, type SafeHtml } from "../html.ts";
import { sectionTitle } from "./meta.ts";

/** The size of assets/logo.png (Google: a raster logo, at most 600×60). */
export const LOGO_SIZE = { width: 600, height: 60 };

type Node = Record<string, unknown>;

export function organization(site: SiteChrome, edition: EditionChrome): Node {
  const home = site.urls.absolute(homeUrl(edition.config));
  return {
    "@type": "NewsMediaOrganization",
    "@id": `${home}#organization`,
    name: edition.config.name,
    url: home,
    logo: { "@type": "ImageObject", url: site.urls.absolute(LOGO_PATH), ...LOGO_SIZE },
  };
}

export function webSite(site: SiteChrome, edition: EditionChrome): Node {
  const home = site.urls.absolute(homeUrl(edition.config));
  return {
    "@type": "WebSite",
    "@id": `${home}#website`,
    url: home,
    name: edition.config.name,
    inLanguage: edition.config.lang,
    publisher: { "@id": `${home}#organization` },
  };
}

export function newsArticle(site: SiteChrome, edition: EditionChrome, article: Article, image: readonly object[]): Node {
  const { config } = edition;
  const url = site.urls.absolute(article.url);
  return {
    "@type": "NewsArticle",
    "@id": `${url}#article`,
    url,
    mainEntityOfPage: { "@type": "WebPage", "@id": url },
    headline: article.title,
    description: article.description,
    datePublished: isoWithOffset(article.date),
    dateModified: isoWithOffset(lastModified(article)),
    dateline: formatDateline(article.date, config.locale),
    // Each author's page on this site as `url` (REFERENCE.md §5), their own site as `sameAs`.
    author: article.authors.map((id) => {
      const author = site.authors.get(id);
      return {
        "@type": "Person",
        name: authorName(author, id, config.lang),
        url: site.urls.absolute(authorUrl(config, id)),
        ...(author?.url ? { sameAs: author.url } : {}),
      };
    }),
    publisher: organization(site, edition),
    ...(image.length ? { image } : {}),
    keywords: article.tags,
    articleSection: sectionTitle(site.config, article.section, config.lang),
    inLanguage: config.lang,
    isAccessibleForFree: true,
    // schema.org CorrectionComment (REFERENCE.md §5): the same dated notes the page shows.
    ...(article.corrections?.length
      ? {
          correction: article.corrections.map((c) => ({
            "@type": "CorrectionComment",
            text: plainText(c.text),
            datePublished: isoWithOffset(c.date),
          })),
        }
      : {}),
  };
}

export function breadcrumbList(site: SiteChrome, trail: readonly { name: string; path: string }[]): Node {
  return {
    "@type": "BreadcrumbList",
    itemListElement: trail.map((c, i) => ({ "@type": "ListItem", position: i + 1, name: c.name, item: site.urls.absolute(c.path) })),
  };
}

export function jsonLdScript(graph: readonly Node[]): SafeHtml | "" {
  if (!graph.length) return "";
  return html`<script type="application/ld+json">${jsonForScript({ "@context": "https://schema.org", "@graph": graph })}</script>\n`;
}
