/** The real validators the SEO tests run: xmllint with the sitemap XSDs, the W3C checker (vnu-jar), a feed parser. */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PROJECT, tempDir } from "./site.ts";

/** `../shared/xsd` beside the clone (as CI lays it out), else the workplace copy. */
export const XSD_DIR = [path.resolve(PROJECT, "../shared/xsd"), "/work/shared/xsd"].find((d) => existsSync(path.join(d, "sitemap.xsd"))) ?? "";

/**
 * sitemap-with-news.xsd plus the `xhtml:link` hreflang alternates: sitemap.xsd admits other
 * namespaces only with `processContents="strict"`, so xmllint needs a declaration of the XHTML
 * `link` (tests/xsd/xhtml-link.xsd) besides the shared schemas.
 */
export const WITH_XHTML = "sitemap-with-news-and-xhtml.xsd";

export type Schema = "sitemap-with-news.xsd" | "sitemap.xsd" | "siteindex.xsd" | typeof WITH_XHTML;

let withXhtml: string | undefined;

function schemaFile(schema: Schema): string {
  if (schema !== WITH_XHTML) return path.join(XSD_DIR, schema);
  if (withXhtml) return withXhtml;
  const imports = [
    ["http://www.sitemaps.org/schemas/sitemap/0.9", path.join(XSD_DIR, "sitemap.xsd")],
    ["http://www.google.com/schemas/sitemap-news/0.9", path.join(XSD_DIR, "sitemap-news.xsd")],
    ["http://www.w3.org/1999/xhtml", path.join(PROJECT, "tests/xsd/xhtml-link.xsd")],
  ].map(([ns, file]) => `  <import namespace="${ns}" schemaLocation="${file}"/>\n`);
  withXhtml = path.join(tempDir("xsd-"), WITH_XHTML);
  writeFileSync(
    withXhtml,
    `<?xml version="1.0" encoding="UTF-8"?>\n<schema xmlns="http://www.w3.org/2001/XMLSchema">\n${imports.join("")}</schema>\n`,
  );
  return withXhtml;
}

/** Validates files against one schema; returns xmllint's complaints ("" when all are valid). */
export function xmllint(schema: Schema, files: readonly string[]): string {
  if (!files.length) return "";
  const r = spawnSync("xmllint", ["--noout", "--nonet", "--schema", schemaFile(schema), ...files], { encoding: "utf8" });
  if (r.error) throw r.error;
  return r.status === 0 ? "" : r.stderr;
}

/** Checks that files are well-formed XML. */
export function wellFormed(files: readonly string[]): string {
  const r = spawnSync("xmllint", ["--noout", "--nonet", ...files], { encoding: "utf8" });
  if (r.error) throw r.error;
  return r.status === 0 ? "" : r.stderr;
}

/** Runs the W3C checker once over a folder; returns its error messages. */
export function vnuErrors(dir: string): { url: string; message: string; extract?: string }[] {
  const jar = path.join(PROJECT, "node_modules/vnu-jar/build/dist/vnu.jar");
  const r = spawnSync("java", ["-jar", jar, "--skip-non-html", "--errors-only", "--format", "json", dir], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  const out = JSON.parse(r.stderr || r.stdout) as { messages: { type: string; url: string; message: string; extract?: string }[] };
  return out.messages
    .filter((m) => m.type === "error" || m.type === "non-document-error")
    .map(({ url, message, extract }) => ({ url, message, extract }));
}

/** Every file under a folder, relative, with forward slashes. */
export function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).map((f) => f.split(path.sep).join("/")).sort();
}

/** The sitemap index, its monthly parts (`sitemaps/2025-03.xml`) and the news sitemaps (and their parts). */
export const isSitemap = (f: string) => /(^|\/)(news-)?sitemap(-\d+)?\.xml$/.test(f) || /^sitemaps\/[^/]+\.xml$/.test(f);

/**
 * The parts `sitemap.xml` lists, in its order, as files of the site folder `site` (asserting the
 * index names only files under `base`, the site's base URL): `sitemaps/2025-03.xml`.
 */
export function sitemapParts(site: string, base: string): string[] {
  const index = readFileSync(path.join(site, "sitemap.xml"), "utf8");
  if (!index.includes("<sitemapindex")) throw new Error(`${site}/sitemap.xml is not a sitemap index`);
  return [...index.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => {
    const loc = m[1] as string;
    if (!loc.startsWith(base)) throw new Error(`sitemap.xml names ${loc}, outside ${base}`);
    return loc.slice(base.length);
  });
}

/** Every part of the sitemap (`sitemapParts`), read and joined: what the single sitemap.xml held before it became an index of months. */
export function sitemapText(site: string, base: string): string {
  return sitemapParts(site, base)
    .map((f) => readFileSync(path.join(site, f), "utf8"))
    .join("");
}
export const isXmlFeed = (f: string) => /(^|\/)(feed|rss)\.xml$/.test(f);
