/**
 * What a built site costs a host: files and bytes per page kind (the registry's, src/pages/index.ts,
 * and the photos, search index and assets), and per published article, for choosing where to
 * publish (GitHub Pages refuses sites over 1 GB, Cloudflare Pages over 20,000 files).
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { ICON_PATHS } from "../model/paths.ts";
import { planPages } from "../pages/plan.ts";
import type { Prepared } from "../pipeline/prepare.ts";

export interface KindSize {
  kind: string;
  files: number;
  bytes: number;
}

export interface SizeReport {
  articles: number;
  files: number;
  bytes: number;
  kinds: KindSize[];
}

/** Files outside the page registry, by their top folder. */
const FOLDERS: Record<string, string> = {
  images: "photos (images/)",
  pagefind: "search index (pagefind/)",
  assets: "styles, scripts, logo (assets/)",
};

/** The favicon set (src/images/favicons.ts), at the site's root. */
const ICONS = new Set<string>(Object.values(ICON_PATHS).map((p) => p.slice(1)));

export function sizeReport(siteDir: string, ready: Prepared): SizeReport {
  const kindOf = new Map(planPages(ready).map((p) => [p.file, p.kind as string]));
  const kinds = new Map<string, KindSize>();
  let files = 0;
  let bytes = 0;
  for (const d of readdirSync(siteDir, { recursive: true, withFileTypes: true })) {
    if (!d.isFile()) continue;
    const full = path.join(d.parentPath, d.name);
    const file = path.relative(siteDir, full).split(path.sep).join("/");
    const kind = kindOf.get(file) ?? (ICONS.has(file) ? "favicons" : undefined) ?? FOLDERS[file.slice(0, file.indexOf("/"))] ?? "other";
    const size = statSync(full).size;
    const entry = kinds.get(kind) ?? { kind, files: 0, bytes: 0 };
    entry.files++;
    entry.bytes += size;
    kinds.set(kind, entry);
    files++;
    bytes += size;
  }
  return {
    articles: ready.site.articles.length,
    files,
    bytes,
    kinds: [...kinds.values()].sort((a, b) => b.bytes - a.bytes || a.kind.localeCompare(b.kind)),
  };
}

const mb = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : `${(n / 1e3).toFixed(1)} kB`);
const kb = (n: number) => `${(n / 1e3).toFixed(1)} kB`;

export function formatSizeReport(r: SizeReport, site: string): string {
  const per = (n: number) => (r.articles ? n / r.articles : 0);
  const rows = r.kinds.map((k) => [
    k.kind,
    k.files.toLocaleString("en"),
    mb(k.bytes),
    `${((k.bytes / r.bytes) * 100).toFixed(1)}%`,
    kb(per(k.bytes)),
    per(k.files).toFixed(2),
  ]);
  const head = ["page kind", "files", "bytes", "share", "bytes/article", "files/article"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join("  ");
  return [
    `${site}: ${r.files.toLocaleString("en")} files, ${mb(r.bytes)} for ${r.articles.toLocaleString("en")} articles: ${kb(per(r.bytes))} and ${per(r.files).toFixed(2)} files per article`,
    line(head),
    ...rows.map(line),
  ].join("\n");
}
