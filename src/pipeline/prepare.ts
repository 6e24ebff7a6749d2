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
import type { Unparsed } from "../model/parse-article.ts";
import { buildSiteModel, type SiteModel } from "../model/site.ts";
import { translationClashes } from "../model/translations.ts";
import { aliasPlace } from "../model/url-registry.ts";
import type { Article } from "../schema/article.ts";
import { bodyLinkProblems } from "./link-check.ts";
import { pageCacheMode } from "./page-cache.ts";
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
  /** Read the parse cache and the related links' table, write neither (a render thread: the build's own thread prepared first). */
  readOnlyCaches?: boolean;
}

export async function prepare(root: string, options: PrepareOptions = {}): Promise<Prepared> {
  const now = options.now ?? buildClock();
  // A build reads an unchanged article's body when it uses it; the preview keeps articles while editors edit, so reads them all now.
  const {
    content,
    problems: contentProblems,
    unparsed,
  } = await collectContent(root, now, (total) => phase("load", total, "articles"), {
    lazyBodies: !options.preview,
    save: !options.readOnlyCaches,
    // A render thread loads while the build renders on the other core: it takes its stats itself.
    ...(options.readOnlyCaches ? { statAheadFrom: Number.POSITIVE_INFINITY } : {}),
  });
  const modelling = phase("model", content.articles.length, "articles");
  // Related links are kept between builds; a verify build finds them afresh too and compares.
  const linksCache = options.validateOnly
    ? undefined
    : { root, verify: pageCacheMode() === "verify" && !options.readOnlyCaches, readOnly: options.readOnlyCaches };
  const site = buildSiteModel(content, now, { preview: options.preview, linksCache });
  modelling.tick(content.articles.length);
  modelling.done();
  const planning = phase("image plan", content.articles.length, "articles");
  const { images, jobs, problems } = await prepareImages(root, content.articles, site, path.join(root, IMAGE_CACHE_DIR), {
    plan: !options.validateOnly,
  });
  planning.tick(content.articles.length);
  planning.done(`${jobs.length} images`);
  const checking = phase("checks", content.articles.length, "articles");
  // A render thread (readOnlyCaches) prepares what the build's own thread has just checked: the checks
  // that read articles' files again (their bodies, the lines of their fields) are not run twice there.
  const fileCheck = async (check: () => Problem[] | Promise<Problem[]>) => (options.readOnlyCaches ? [] : await check());
  const all = [
    ...contentProblems,
    ...problems,
    ...(await fileCheck(() =>
      aliasProblems(
        root,
        site.pages.aliasConflicts.map(({ article, index, problem }) => ({
          file: article.file,
          alias: article.aliases?.[index] ?? "",
          index,
          problem,
        })),
      ),
    )),
    ...site.pages.staticPageConflicts,
    ...(await fileCheck(() => bodyLinkProblems(site))),
    ...(await fileCheck(() => translationProblems(root, content.articles))),
    ...(await fileCheck(() => unparsedProblems(root, site, unparsed))),
  ];
  if (all.some((p) => p.severity === "error")) throw new ContentError(all);
  checking.tick(content.articles.length);
  checking.done();
  return { site, images, imageJobs: jobs, warnings: [...all, ...site.warnings], content };
}

/** An alias that cannot be written, and why ("which …"). */
interface AliasConflict {
  file: string;
  alias: string;
  index: number;
  problem: string;
}

async function aliasProblems(root: string, conflicts: readonly AliasConflict[]): Promise<Problem[]> {
  return Promise.all(
    conflicts.map(async ({ file, alias, index, problem }) => ({
      file,
      line: await locateInFile(root, file, ["aliases", index]),
      field: `aliases[${index}]`,
      message: `expected an old URL that no page uses, received "${alias}", ${problem}`,
      severity: "error" as const,
    })),
  );
}

/**
 * What can be checked of the articles that failed (their valid aliases, their photos), so an
 * editor who fixes one error does not meet the next on the run after: every error at once.
 * Their aliases are checked against every file the build writes (not claimed: a failed
 * article writes nothing); their photos as any article's, none planned.
 */
async function unparsedProblems(root: string, site: SiteModel, unparsed: readonly Unparsed[]): Promise<Problem[]> {
  if (!unparsed.length) return [];
  const conflicts = unparsed.flatMap((u) =>
    (u.aliases ?? []).flatMap((alias, index) => {
      const place = aliasPlace(alias);
      const problem = site.pages.outputs.conflict(place.page ?? place.path);
      return problem ? [{ file: u.file, alias, index, problem }] : [];
    }),
  );
  // Without planning, photos are checked from an article's file, image and text alone: what an unparsed one has.
  const { problems: photos } = await prepareImages(root, unparsed as readonly Article[], site, path.join(root, IMAGE_CACHE_DIR), {
    plan: false,
    only: [],
  });
  return [...(await aliasProblems(root, conflicts)), ...photos];
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
