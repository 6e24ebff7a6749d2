/**
 * What object storage sends with each file of the site (S3 and R2 serve the headers stored with
 * an object): its Content-Type, and how long browsers and CDNs may keep it. Pages, feeds and
 * sitemaps change with every story, so they are kept a minute; files whose name carries a hash of
 * their bytes (photos, the stylesheet and search script, Pagefind's index chunks) never change
 * under that name, so they are kept a year, immutable; other files (the logo, Pagefind's script
 * and WebAssembly, which change with its version) an hour.
 */

export const SHORT = "public, max-age=60";
export const MEDIUM = "public, max-age=3600";
export const IMMUTABLE = "public, max-age=31536000, immutable";

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  css: "text/css; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  json: "application/json",
  xml: "application/xml",
  txt: "text/plain; charset=utf-8",
  avif: "image/avif",
  webp: "image/webp",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  svg: "image/svg+xml",
  ico: "image/x-icon",
};

/** The site's own feeds by name (src/model/paths.ts): `feed.xml` is Atom, `rss.xml` RSS, `feed.json` JSON Feed. */
const FEEDS: Record<string, string> = {
  "feed.xml": "application/atom+xml",
  "rss.xml": "application/rss+xml",
  "feed.json": "application/feed+json",
};

/** A hex run of at least 7 characters between separators: `site.a7b722fe72.css`, `01ab5ab784cba017-480.webp`, `en_102c7df.pf_fragment`. */
const HASHED = /(?:^|[._-])[0-9a-f]{7,}(?=[._-])/;

export interface ObjectHeaders {
  contentType: string;
  cacheControl: string;
}

/** The headers of a site file, by its path in the site (`eng/feed.xml`, `images/01ab…-480.webp`). */
export function objectHeaders(file: string): ObjectHeaders {
  const name = file.slice(file.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  const ext = dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
  const contentType = FEEDS[name] ?? TYPES[ext] ?? "application/octet-stream";
  const page = ["html", "xml", "json", "txt"].includes(ext);
  const cacheControl = page ? SHORT : HASHED.test(name) ? IMMUTABLE : MEDIUM;
  return { contentType, cacheControl };
}
