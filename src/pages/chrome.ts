/**
 * What every page may show besides its own view: the site config, its URLs, the authors, each
 * edition's config, interface strings and section list, and whether this is the preview. It is
 * the same for every page of a build and is hashed once into every page's key (src/pages/keys.ts);
 * it holds no article, so a layout that needs one must find it in its view.
 */
import type { UiStrings } from "../i18n.ts";
import { authorsUrl, feedUrl, homeUrl, newsUrl, searchUrl, tagsUrl } from "../model/paths.ts";
import type { SiteModel } from "../model/site.ts";
import type { Urls } from "../model/urls.ts";
import type { Author } from "../schema/author.ts";
import type { EditionConfig, SiteConfig } from "../schema/site.ts";

export interface SectionLink {
  id: string;
  title: string;
  url: string;
}

/** A static page as the footer links it. */
export interface PageLink {
  title: string;
  url: string;
}

export interface EditionChrome {
  config: EditionConfig;
  ui: UiStrings;
  timeZone: string;
  sections: readonly SectionLink[];
  /** The edition's static pages (About, Contacts, policies), in the footer's order. */
  pages: readonly PageLink[];
}

export interface SiteChrome {
  config: SiteConfig;
  urls: Urls;
  authors: ReadonlyMap<string, Author>;
  editions: ReadonlyMap<string, EditionChrome>;
  /** `npm start`: drafts and embargoed articles are shown, with a banner; no search index. */
  preview: boolean;
}

const chromes = new WeakMap<SiteModel, SiteChrome>();

/** The chrome of a site model: a new object holding only the page-independent parts. */
export function chromeOf(site: SiteModel): SiteChrome {
  let chrome = chromes.get(site);
  if (!chrome) {
    const editions = new Map<string, EditionChrome>();
    for (const [id, e] of site.editions)
      editions.set(id, {
        config: e.config,
        ui: e.ui,
        timeZone: e.timeZone,
        sections: e.sections.map((s) => ({ id: s.id, title: s.title, url: s.url })),
        pages: e.staticPages.map((p) => ({ title: p.title, url: p.url })),
      });
    chrome = { config: site.config, urls: site.urls, authors: site.authors, editions, preview: site.preview };
    chromes.set(site, chrome);
  }
  return chrome;
}

/** The edition a page or article belongs to. */
export function editionFor(site: SiteChrome, id: string): EditionChrome {
  const edition = site.editions.get(id);
  if (!edition) throw new Error(`no edition "${id}" in the site model`);
  return edition;
}

/** What the chrome shows, as a plain value for the page keys: the authors without their file paths. */
export function chromeDigestInput(site: SiteChrome): unknown {
  return {
    config: site.config,
    authors: [...site.authors.values()].map(({ file: _file, ...author }) => author),
    editions: [...site.editions.values()].map((e) => ({
      id: e.config.id,
      sections: e.sections.map((s) => [s.id, s.title, s.url]),
      pages: e.pages.map((p) => [p.title, p.url]),
    })),
    preview: site.preview,
  };
}

export interface ChromeLink {
  label: string;
  /** Site path. */
  url: string;
  /** The language of the page it leads to, when not the edition's (links between editions). */
  lang?: string;
  /** The MIME type of what it leads to (feeds). */
  type?: string;
}

export interface FooterGroup {
  /** Also the id of its heading: `footer-<id>`. */
  id: string;
  heading: string;
  links: readonly ChromeLink[];
}

/** The other editions' homes, each named in its own language. */
export function otherEditions(site: SiteChrome, edition: EditionChrome): ChromeLink[] {
  return [...site.editions.values()]
    .filter((e) => e !== edition)
    .map((e) => ({ label: e.ui.editionLabel, url: homeUrl(e.config), lang: e.config.lang }));
}

/** The footer's link groups, each a heading and its links (layouts/base.ts draws them in this order). */
export function footerGroups(site: SiteChrome, edition: EditionChrome): FooterGroup[] {
  const { ui, config } = edition;
  return [
    {
      id: "site",
      heading: ui.sections,
      links: [
        { label: ui.newsFeed, url: newsUrl(config) },
        ...edition.sections.map((s) => ({ label: s.title, url: s.url })),
        { label: ui.tags, url: tagsUrl(config) },
        { label: ui.authors, url: authorsUrl(config) },
        { label: ui.search, url: searchUrl(config) },
      ],
    },
    {
      id: "feeds",
      heading: ui.feeds,
      links: [
        { label: "RSS", url: feedUrl(config, "rss"), type: "application/rss+xml" },
        { label: "Atom", url: feedUrl(config, "atom"), type: "application/atom+xml" },
        { label: "JSON Feed", url: feedUrl(config, "json"), type: "application/feed+json" },
      ],
    },
    { id: "about", heading: ui.aboutPublication, links: edition.pages.map((p) => ({ label: p.title, url: p.url })) },
    { id: "editions", heading: ui.editions, links: otherEditions(site, edition) },
  ].filter((g) => g.links.length > 0);
}
