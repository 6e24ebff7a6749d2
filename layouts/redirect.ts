/**
 * The page left at an article's old URL (`aliases`): a meta refresh plus a canonical
 * link for search engines and a plain link for everyone else. Hosts that read a
 * `_redirects` file send a real 301 first.
 */
import type { SiteChrome } from "../src/pages/chrome.ts";
import type { RedirectsFileView, RedirectView } from "../src/pages/redirects.ts";
import { html } from "../src/render/html.ts";
import { contentSecurityPolicy } from "../src/render/security.ts";
import type { RenderContext } from "./base.ts";

export function redirectPage({ site }: RenderContext, { target }: RedirectView): string {
  const edition = site.editions.get(target.edition);
  const href = site.urls.href(target.url);
  return `<!doctype html>\n${
    html`<html lang="${edition?.config.lang ?? "en"}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(site.config)}">
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

/** Netlify/Cloudflare Pages `_redirects`: one permanent redirect per old URL, then each edition's not-found page for its paths. */
export function redirectsFile({ site }: { site: SiteChrome }, view: RedirectsFileView): string {
  const line = (r: { from: string; to: string }, status: number) => `${site.urls.href(r.from)} ${site.urls.href(r.to)} ${status}\n`;
  return view.moved.map((r) => line(r, 301)).join("") + view.notFound.map((r) => line(r, 404)).join("");
}
