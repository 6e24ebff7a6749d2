/**
 * The Content-Security-Policy every page carries (issue #9): scripts, styles, images
 * and fonts only from our own origin, no plugins, no inline script. JSON-LD data
 * blocks are not executed, so they need no exception; Pagefind's search needs
 * WebAssembly ('wasm-unsafe-eval'). A meta tag works on every host, `_headers` adds
 * the same policy as a real header where the host reads that file. Images may also come from
 * exactly the hosts of `remoteImages.hosts` (over https), and from nowhere else.
 */
import { remoteImageSources } from "../images/remote.ts";
import type { SiteConfig } from "../schema/site.ts";

export function contentSecurityPolicy(config: Pick<SiteConfig, "remoteImages">): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "style-src 'self'",
    ["img-src 'self' data:", ...remoteImageSources(config.remoteImages.hosts)].join(" "),
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join("; ");
}

/** Netlify / Cloudflare Pages `_headers`: headers a meta tag cannot set; `extra`: more blocks (the CMS's, src/cms/admin.ts). */
export function headersFile(config: Pick<SiteConfig, "remoteImages">, extra = ""): string {
  return (
    [
      "/*",
      `  Content-Security-Policy: ${contentSecurityPolicy(config)}; frame-ancestors 'self'`,
      "  X-Content-Type-Options: nosniff",
      "  Referrer-Policy: strict-origin-when-cross-origin",
      "",
    ].join("\n") + extra
  );
}
