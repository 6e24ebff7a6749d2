/**
 * When the next embargoed article goes live. A static site only changes at the next
 * build (REFERENCE.md §9), so the build reports it and writes it outside the published
 * folder, where a scheduled CI job can read it.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { isoWithOffset } from "../dates.ts";
import type { SiteModel } from "../model/site.ts";

export const EMBARGO_FILE = ".cache/embargo.json";

export interface EmbargoReport {
  /** Articles held back because their time has not come. */
  held: number;
  /** The soonest one, if any. */
  next?: { time: string; file: string; url: string };
}

export function embargoReport(site: SiteModel): EmbargoReport {
  const first = site.embargoed[0];
  return { held: site.embargoed.length, ...(first ? { next: { time: isoWithOffset(first.date), file: first.file, url: first.url } } : {}) };
}

export async function writeEmbargoReport(root: string, report: EmbargoReport): Promise<void> {
  const file = path.join(root, EMBARGO_FILE);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
}

export function formatEmbargoReport(report: EmbargoReport): string {
  if (!report.next) return "embargo: nothing held back";
  return `embargo: ${report.held} held back; the next lifts at ${report.next.time} (${report.next.file}); rebuild then to publish it`;
}
