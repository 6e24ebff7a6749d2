/** The document shell shared by every page: head, site header, footer. */
import { formatDay } from "../src/dates.ts";
import type { EditionModel, SiteModel } from "../src/model/site.ts";
import { html, type SafeHtml } from "../src/render/html.ts";

export interface PageShell {
  site: SiteModel;
  edition: EditionModel;
  /** Site-relative path of this page, for the canonical URL. */
  path: string;
  title: string;
  description: string;
  /** Extra `<head>` content (structured data, social meta). */
  head?: SafeHtml;
  /** Site path of the stylesheet (content-hashed). */
  stylesheet: string;
}

export function basePage(shell: PageShell, main: SafeHtml): string {
  const { site, edition } = shell;
  const { urls } = site;
  const ui = edition.ui;
  const today = site.buildTime.setZone(edition.timeZone);
  return `<!doctype html>\n${
    html`<html lang="${edition.config.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${shell.title}</title>
<meta name="description" content="${shell.description}">
<link rel="canonical" href="${urls.absolute(shell.path)}">
<link rel="stylesheet" href="${urls.href(shell.stylesheet)}">
${shell.head}
</head>
<body>
<a class="skip-link" href="#main">${ui.skipToContent}</a>
<header class="site-header">
<div class="date-bar"><time datetime="${today.toISODate() ?? ""}">${formatDay(today, edition.config.locale)}</time></div>
<p class="site-name"><a href="${urls.href(edition.config.prefix)}">${edition.config.name}</a></p>
</header>
<main id="main">
${main}
</main>
<footer class="site-footer">
<p>© ${edition.config.name}</p>
</footer>
</body>
</html>`.value
  }\n`;
}
