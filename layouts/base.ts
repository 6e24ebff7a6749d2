/** The document shell shared by every page: head, site header with section navigation, breadcrumbs, footer. */

import { type DateTime, formatDay, inZone } from "../src/dates.ts";
import type { ArticleImages } from "../src/images/plan.ts";
import type { AliasLinks } from "../src/model/alias-links.ts";
import { authorsUrl, homeUrl, ICON_PATHS, newsUrl, searchUrl, tagsUrl } from "../src/model/paths.ts";
import type { HreflangLink } from "../src/model/translations.ts";
import { type EditionChrome, footerGroups, otherEditions, type SiteChrome } from "../src/pages/chrome.ts";
import { html, type SafeHtml } from "../src/render/html.ts";
import { contentSecurityPolicy } from "../src/render/security.ts";
import { editionFeeds, type FeedLink, feedLinks } from "../src/render/seo/feed-links.ts";
import { hreflangLinks } from "../src/render/seo/hreflang.ts";
import type { ShareImage } from "../src/render/seo/images.ts";
import { breadcrumbList, jsonLdScript } from "../src/render/seo/json-ld.ts";
import { socialMeta } from "../src/render/seo/meta.ts";
import type { Article } from "../src/schema/article.ts";

/** What every layout receives besides its page's view: the chrome every page shows, assets, and the body renderer. */
export interface RenderContext {
  site: SiteChrome;
  /** Site path of the stylesheet (content-hashed). */
  stylesheet: string;
  /** Site path of the search page's script (content-hashed, assets/search.js). */
  searchScript: string;
  /** Site path of the news-feed column's script (content-hashed, assets/feed.js): article pages load the latest headlines with it. */
  feedScript: string;
  /** Article bodies as HTML (lead and rest), shared by article pages and feeds. */
  bodies: {
    get(article: Article, photos: ArticleImages | undefined, aliasLinks?: AliasLinks): { lead: string; rest: string };
    /** Keeps the feeds' bodies for the next build, where they are kept (src/render/body-cache.ts). */
    save(): void;
  };
}

export interface Crumb {
  label: string;
  /** Site path; the current page has none. */
  path?: string;
}

export interface PageShell {
  site: SiteChrome;
  edition: EditionChrome;
  /** Site-relative path of this page, for the canonical URL. */
  path: string;
  title: string;
  /** The page's own title for social cards, without the publication's name (default: `title`). */
  headline?: string;
  description: string;
  /** On article pages: `og:type=article` and the `article:*` properties. */
  article?: Article;
  /** The social card image (absolute URLs). */
  image?: ShareImage;
  /** Feeds besides the edition's: a tag's or author's own Atom feed. */
  feeds?: readonly FeedLink[];
  /** JSON-LD nodes besides the breadcrumbs (NewsArticle, WebSite, organization). */
  structuredData?: readonly Record<string, unknown>[];
  /**
   * Today's date above the masthead: on the edition's home page only, which every build renders
   * again. Anywhere else it would be a date the page cannot keep (a static page outlives its
   * day), and would make every cached page stale once a day.
   */
  today?: DateTime;
  /** The page's translations (itself included) as hreflang alternates: translated articles, edition homes. */
  alternates?: readonly HreflangLink[];
  /** Extra `<head>` content (structured data, social meta). */
  head?: SafeHtml;
  stylesheet: string;
  /** Trail from the home page to this page (archive, tag and author pages). */
  breadcrumbs?: readonly Crumb[];
}

export function basePage(shell: PageShell, main: SafeHtml): string {
  const { site, edition } = shell;
  const { urls } = site;
  const ui = edition.ui;
  const today = shell.today ? inZone(shell.today, edition.timeZone) : undefined;
  const chrome = editionShell(site, edition);
  return `<!doctype html>\n${
    html`<html lang="${edition.config.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${chrome.policy}">
<title>${shell.title}</title>
<meta name="description" content="${shell.description}">
<link rel="canonical" href="${urls.absolute(shell.path)}">
${hreflangLinks(urls, shell.alternates)}${socialMeta({ site, edition, path: shell.path, headline: shell.headline ?? shell.title, description: shell.description, article: shell.article, image: shell.image })}${feedLinks(site, [...editionFeeds(edition), ...(shell.feeds ?? [])])}<link rel="stylesheet" href="${urls.href(shell.stylesheet)}">
${chrome.icons}
${jsonLdScript([...(shell.structuredData ?? []), ...(shell.breadcrumbs ? [breadcrumbLd(shell)] : [])])}${shell.head}
</head>
<body>
<a class="skip-link" href="#main">${ui.skipToContent}</a>
<header class="site-header">
${today ? html`<div class="date-bar"><time datetime="${today.toISODate() ?? ""}">${formatDay(today, edition.config.locale)}</time></div>\n` : ""}<div class="masthead">
<p class="site-name"><a href="${urls.href(homeUrl(edition.config))}"><img class="logo" src="${urls.href(ICON_PATHS.svg)}" alt="" width="40" height="40">${edition.config.name}</a></p>
<details class="menu">
<summary>${ui.menu}</summary>
${chrome.nav}
</details>
</div>
${chrome.nav}
</header>
<main id="main">
${shell.breadcrumbs ? breadcrumbs(site, edition, shell.breadcrumbs) : ""}
${main}
</main>
${chrome.footer}
</body>
</html>`.value
  }\n`;
}

/** What every page of an edition shows alike: its policy, icons, section navigation (shown twice) and footer. */
interface EditionShell {
  site: SiteChrome;
  policy: string;
  icons: SafeHtml;
  nav: SafeHtml;
  footer: SafeHtml;
}

/**
 * Each edition's `EditionShell`, made once: a cold 20k build made them again for each of ~27,000
 * pages (issue 19: the section navigation alone allocated ~185 MB). A chrome never changes once
 * made (src/pages/chrome.ts `chromeOf`: a new site model has new chromes); the site is checked too.
 */
const shells = new WeakMap<EditionChrome, EditionShell>();

function editionShell(site: SiteChrome, edition: EditionChrome): EditionShell {
  let shell = shells.get(edition);
  if (shell?.site !== site) {
    shell = { site, policy: contentSecurityPolicy(site.config), icons: icons(site), nav: sectionNav(site, edition), footer: footer(site, edition) };
    shells.set(edition, shell);
  }
  return shell;
}

/**
 * The favicon set (src/images/favicons.ts, made from assets/logo.svg): the ICO for browsers that
 * ask for /favicon.ico, the SVG for those that take it, the touch icon and the manifest's PNGs.
 */
function icons(site: SiteChrome): SafeHtml {
  const href = (path: string) => site.urls.href(path);
  return html`<link rel="icon" href="${href(ICON_PATHS.ico)}" sizes="32x32">
<link rel="icon" href="${href(ICON_PATHS.svg)}" type="image/svg+xml">
<link rel="apple-touch-icon" href="${href(ICON_PATHS.appleTouch)}">
<link rel="manifest" href="${href(ICON_PATHS.manifest)}">`;
}

/** The footer: the chrome's link groups (src/pages/chrome.ts footerGroups), each a heading and a list. */
function footer(site: SiteChrome, edition: EditionChrome): SafeHtml {
  const href = (path: string) => site.urls.href(path);
  return html`<footer class="site-footer">
<div class="footer-groups">
${footerGroups(site, edition).map(
  (g) => html`<nav class="footer-group" aria-labelledby="footer-${g.id}">
<h2 id="footer-${g.id}">${g.heading}</h2>
<ul>${g.links.map((l) => html`<li><a href="${href(l.url)}"${l.lang ? html` lang="${l.lang}" hreflang="${l.lang}"` : ""}${l.type ? html` type="${l.type}"` : ""}>${l.label}</a></li>`)}</ul>
</nav>
`,
)}</div>
<p class="copyright">© ${edition.config.name}</p>
</footer>`;
}

/** The seed's "All Sections": the news feed, every section, tags, authors, search and the other editions' homes. */
function sectionNav(site: SiteChrome, edition: EditionChrome): SafeHtml {
  const { urls } = site;
  const ui = edition.ui;
  return html`<nav class="sections" aria-label="${ui.allSections}">
<ul>
<li><a href="${urls.href(newsUrl(edition.config))}">${ui.newsFeed}</a></li>
${edition.sections.map((s) => html`<li><a href="${urls.href(s.url)}">${s.title}</a></li>`)}
<li><a href="${urls.href(tagsUrl(edition.config))}">${ui.tags}</a></li>
<li><a href="${urls.href(authorsUrl(edition.config))}">${ui.authors}</a></li>
<li><a href="${urls.href(searchUrl(edition.config))}">${ui.search}</a></li>
${otherEditions(site, edition).map((e) => html`<li><a href="${urls.href(e.url)}" lang="${e.lang}" hreflang="${e.lang}">${e.label}</a></li>`)}
</ul>
</nav>`;
}

/** The edition's static pages (About, Contacts, policies), when it has any. */

/** The visible trail as a BreadcrumbList; the current page's crumb gets the page's own URL. */
function breadcrumbLd(shell: PageShell) {
  const trail = [{ label: shell.edition.ui.home, path: homeUrl(shell.edition.config) }, ...(shell.breadcrumbs ?? [])];
  return breadcrumbList(
    shell.site,
    trail.map((c) => ({ name: c.label, path: c.path ?? shell.path })),
  );
}

function breadcrumbs(site: SiteChrome, edition: EditionChrome, trail: readonly Crumb[]): SafeHtml {
  const all: Crumb[] = [{ label: edition.ui.home, path: homeUrl(edition.config) }, ...trail];
  return html`<nav class="breadcrumbs" aria-label="${edition.ui.breadcrumb}">
<ol>${all.map((c) => html`<li>${c.path ? html`<a href="${site.urls.href(c.path)}">${c.label}</a>` : html`<span aria-current="page">${c.label}</span>`}</li>`)}</ol>
</nav>`;
}
