/**
 * Writes the build report beside the output, never inside it: `.cache/report/report.json` (the
 * facts), `.cache/report/index.html` (the page), and after a published build
 * `.cache/report/articles.v8` (its article list, for the next build to compare with). With
 * `GITHUB_STEP_SUMMARY` set, appends the Markdown summary to that file (GitHub Actions' job summary).
 * Files are written whole and renamed into place: builds that share a project never read a torn one.
 */
import { appendFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { writeWhole } from "../content-store.ts";
import type { SvgRenderer } from "./chart.ts";
import { readManifest, type StoredManifest } from "./manifest.ts";
import { reportMarkdown } from "./markdown.ts";
import type { BuildReport } from "./model.ts";

export const REPORT_DIR = ".cache/report";
export const MANIFEST_FILE = "articles.v8";
/** The list's earlier name (JSON): removed when a build writes the list. */
const OLD_MANIFEST_FILE = "articles.json";

export function previousManifest(root: string): StoredManifest | undefined {
  return readManifest(path.join(root, REPORT_DIR, MANIFEST_FILE));
}

export interface Written {
  html: string;
  json: string;
  summary?: string;
}

export async function writeReport(
  root: string,
  report: BuildReport,
  /** Writes this build's article list into the file (a published build's; src/report/index.ts). */
  writeManifest?: (file: string) => void | Promise<void>,
  env: NodeJS.ProcessEnv = process.env,
  svgOf?: SvgRenderer,
): Promise<Written> {
  const dir = path.join(root, REPORT_DIR);
  mkdirSync(dir, { recursive: true });
  const json = path.join(dir, "report.json");
  const html = path.join(dir, "index.html");
  // Started first: a thread that writes the list (src/report/manifest-thread.ts) does so while the page is made here.
  const listed = writeManifest ? Promise.resolve().then(() => writeManifest(path.join(dir, MANIFEST_FILE))) : undefined;
  // A failure is awaited below; this keeps it from being reported before then.
  listed?.catch(() => undefined);
  writeWhole(json, `${JSON.stringify(report, null, 2)}\n`);
  // Vega is loaded only for the chart (by the build's chart worker, or here), not when the build starts.
  const { reportHtml } = await import("./html.ts");
  writeWhole(html, await reportHtml(report, svgOf));
  if (listed) {
    await listed;
    rmSync(path.join(dir, OLD_MANIFEST_FILE), { force: true });
  }
  const summary = env.GITHUB_STEP_SUMMARY;
  if (summary) appendFileSync(summary, reportMarkdown(report));
  return { html, json, ...(summary ? { summary } : {}) };
}
