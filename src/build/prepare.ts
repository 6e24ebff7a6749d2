/**
 * Everything that happens before a single file is written: load, validate, index
 * and inspect photos. `prepared()` hands the result to .eleventy.ts; when Eleventy
 * is started directly it prepares the site itself.
 */
import type { DateTime } from "luxon";
import { buildClock } from "../dates.ts";
import { ContentError } from "../errors/content-error.ts";
import type { Problem } from "../errors/problem.ts";
import { loadContent } from "../model/load.ts";
import { buildSiteModel, type SiteModel } from "../model/site.ts";
import { type ImageInfo, inspectLeadImages } from "../render/images.ts";

export interface Prepared {
  site: SiteModel;
  images: Map<string, ImageInfo>;
  warnings: Problem[];
}

export async function prepare(root: string, now: DateTime = buildClock()): Promise<Prepared> {
  const content = await loadContent(root);
  const { images, problems } = await inspectLeadImages(root, content.articles);
  const all = [...content.warnings, ...problems];
  if (all.some((p) => p.severity === "error")) throw new ContentError(all);
  const site = buildSiteModel(content, now);
  return { site, images, warnings: [...all, ...site.warnings] };
}

let current: Promise<Prepared> | undefined;

export function setPrepared(value: Prepared): void {
  current = Promise.resolve(value);
}

export function prepared(root: string = process.cwd()): Promise<Prepared> {
  current ??= prepare(root);
  return current;
}
