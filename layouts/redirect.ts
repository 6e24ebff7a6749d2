/**
 * The page left at an article's old URL (`aliases`): a meta refresh plus a canonical
 * link for search engines and a plain link for everyone else. Hosts that read a
 * `_redirects` file send a real 301 first.
 */
import type { RedirectPage, RedirectRule } from "../src/model/page-lists.ts";
import type { SiteModel } from "../src/model/site.ts";
import { html } from "../src/render/html.ts";
import { CONTENT_SECURITY_POLICY } from "../src/render/security.ts";

export function redirectPage(site: SiteModel, { target }: RedirectPage): string {
  const edition = site.editions.get(target.edition);
  const href = site.urls.href(target.url);
  return `<!doctype html>\n${
    html`<html lang="${edition?.config.lang ?? "en"}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<title>${target.title}</title>
<link rel="canonical" href="${site.urls.absolute(target.url)}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=${href}">
</head>
<body>
<p><a href="${href}">${target.title}</a></p>
</body>
</html>`.value
  }\n`;
}

/** Netlify/Cloudflare Pages `_redirects`: one permanent redirect per old URL, as it is requested (percent-encoded, with or without its slash). */
export function redirectsFile(site: SiteModel, rules: readonly RedirectRule[]): string {
  return rules.map((r) => `${site.urls.href(r.from)} ${site.urls.href(r.target.url)} 301\n`).join("");
}
