/** The real validators the SEO tests run: xmllint with the sitemap XSDs, the W3C checker (vnu-jar), a feed parser. */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { PROJECT } from "./site.ts";

/** `../shared/xsd` beside the clone (as CI lays it out), else the workplace copy. */
export const XSD_DIR = [path.resolve(PROJECT, "../shared/xsd"), "/work/shared/xsd"].find((d) => existsSync(path.join(d, "sitemap.xsd"))) ?? "";

export type Schema = "sitemap-with-news.xsd" | "sitemap.xsd" | "siteindex.xsd";

/** Validates files against one schema; returns xmllint's complaints ("" when all are valid). */
export function xmllint(schema: Schema, files: readonly string[]): string {
  if (!files.length) return "";
  const r = spawnSync("xmllint", ["--noout", "--nonet", "--schema", path.join(XSD_DIR, schema), ...files], { encoding: "utf8" });
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

export const isSitemap = (f: string) => /(^|\/)(news-)?sitemap(-\d+)?\.xml$/.test(f);
export const isXmlFeed = (f: string) => /(^|\/)(feed|rss)\.xml$/.test(f);
