/**
 * Everything that happens before a single file is written: load, validate, index
 * and inspect photos.
 */
import path from "node:path";
import type { DateTime } from "luxon";
import { locateInFile } from "../content/front-matter.ts";
import { buildClock } from "../dates.ts";
import { ContentError } from "../errors/content-error.ts";
import type { Problem } from "../errors/problem.ts";
import type { ArticleImages, ImageJob } from "../images/plan.ts";
import { prepareImages } from "../images/prepare-images.ts";
import { IMAGE_CACHE_DIR } from "../images/write-images.ts";
import { collectContent, type LoadedContent } from "../model/load.ts";
import { buildSiteModel, type SiteModel } from "../model/site.ts";
import { translationClashes } from "../model/translations.ts";
import type { Article } from "../schema/article.ts";
import { bodyLinkProblems } from "./link-check.ts";
import { phase } from "./progress.ts";

export interface Prepared {
  site: SiteModel;
  /** Photos, crops and social image of each published article, keyed by article URL. */
  images: Map<string, ArticleImages>;
  /** The encoding the build still has to do (or take from the cache). */
  imageJobs: ImageJob[];
  warnings: Problem[];
  /** Everything loaded, drafts included (the preview updates the model from it). */
  content: LoadedContent;
}

export interface PrepareOptions {
  /** The build clock; `SOURCE_DATE_EPOCH` or now by default. */
  now?: DateTime;
  /** Include drafts and embargoed articles (the local preview only). */
  preview?: boolean;
  /** Validate only (`npm run check`): no image plan, nothing a build alone needs. */
  validateOnly?: boolean;
}

export async function prepare(root: string, options: PrepareOptions = {}): Promise<Prepared> {
  const now = options.now ?? buildClock();
  const { content, problems: contentProblems } = await collectContent(root, now, (total) => phase("load", total, "articles"));
  const modelling = phase("model", content.articles.length, "articles");
  const site = buildSiteModel(content, now, { preview: options.preview });
  modelling.tick(content.articles.length);
  modelling.done();
  const planning = phase("image plan", content.articles.length, "articles");
  const { images, jobs, problems } = await prepareImages(root, content.articles, site, path.join(root, IMAGE_CACHE_DIR), {
    plan: !options.validateOnly,
  });
  planning.tick(content.articles.length);
  planning.done(`${jobs.length} images`);
  const checking = phase("checks", content.articles.length, "articles");
  const all = [
    ...contentProblems,
    ...problems,
    ...(await aliasProblems(root, site)),
    ...bodyLinkProblems(site),
    ...(await translationProblems(root, content.articles)),
  ];
  if (all.some((p) => p.severity === "error")) throw new ContentError(all);
  checking.tick(content.articles.length);
  checking.done();
  return { site, images, imageJobs: jobs, warnings: [...all, ...site.warnings], content };
}

async function aliasProblems(root: string, site: SiteModel): Promise<Problem[]> {
  return Promise.all(
    site.pages.aliasConflicts.map(async ({ article, index, problem }) => ({
      file: article.file,
      line: await locateInFile(root, article.file, ["aliases", index]),
      field: `aliases[${index}]`,
      message: `expected an old URL that no page uses, received "${article.aliases?.[index]}", ${problem}`,
      severity: "error" as const,
    })),
  );
}

/** Over every article, drafts included, so `npm run check` reports a clash before either is published. */
async function translationProblems(root: string, articles: readonly Article[]): Promise<Problem[]> {
  return Promise.all(
    translationClashes(articles).map(async ({ article, other }) => ({
      file: article.file,
      line: await locateInFile(root, article.file, ["translationKey"]),
      field: "translationKey",
      message: `expected a key no other ${article.edition} article has, received "${article.translationKey}", which ${other.file} already has; each edition holds one version of a translation, so give one of them a different key`,
      severity: "error" as const,
    })),
  );
}
