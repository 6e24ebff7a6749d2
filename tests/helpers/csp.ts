/**
 * The Content-Security-Policy a built site must carry, written out here rather than imported
 * from src/render/security.ts: a test that compares pages with the generator's own constant
 * passes whatever that constant says, and passes when a page has no policy it could compare.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "node-html-parser";

/** Scripts, styles, images and fonts from our own origin only; WebAssembly for Pagefind; no plugins. */
export const CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'";

/** `_headers` for Netlify and Cloudflare Pages: the same policy as a real header, plus what a meta tag cannot set. */
export const HEADERS = `/*
  Content-Security-Policy: ${CSP}; frame-ancestors 'self'
  X-Content-Type-Options: nosniff
  Referrer-Policy: strict-origin-when-cross-origin
`;

/** The policy of a site whose config lists these remote image hosts (`remoteImages.hosts`): each over https, in the config's order. */
export function cspWith(hosts: readonly string[]): string {
  return CSP.replace("img-src 'self' data:", ["img-src 'self' data:", ...hosts.map((h) => `https://${h}`)].join(" "));
}

export function headersWith(hosts: readonly string[]): string {
  return HEADERS.replace(CSP, cspWith(hosts));
}

/** Every HTML page of a built site (relative paths). */
export function htmlPages(site: string): string[] {
  return (readdirSync(site, { recursive: true }) as string[])
    .filter((f) => f.endsWith(".html"))
    .map((f) => f.split(path.sep).join("/"))
    .sort();
}

/**
 * Pages of a built site without exactly the policy above (or `csp`): one `<meta http-equiv>` in the
 * `<head>`, before any script, with these directives. Returns `page: what is wrong` lines.
 */
export function pagesWithoutCsp(site: string, csp = CSP): string[] {
  const wrong: string[] = [];
  for (const page of htmlPages(site)) {
    const html = readFileSync(path.join(site, page), "utf8");
    const metas = parse(html)
      .querySelectorAll("meta")
      .filter((m) => m.getAttribute("http-equiv")?.toLowerCase() === "content-security-policy");
    if (metas.length !== 1) {
      wrong.push(`${page}: ${metas.length} Content-Security-Policy meta tags`);
      continue;
    }
    const meta = metas[0];
    const content = meta?.getAttribute("content");
    if (content !== csp) wrong.push(`${page}: ${JSON.stringify(content)}`);
    else if (meta?.parentNode?.rawTagName?.toLowerCase() !== "head") wrong.push(`${page}: the policy is outside <head>`);
    else {
      const script = html.search(/<script[\s>]/i);
      if (script !== -1 && script < html.search(/<meta http-equiv="Content-Security-Policy"/i))
        wrong.push(`${page}: a script comes before the policy`);
    }
  }
  return wrong;
}
