/**
 * The build report's facts (issue 21), one object for the JSON file, the HTML page and the CI
 * summary: what the build published, what changed since the last published build, what it held
 * back and until when, what it refused and why, and how long each phase took.
 */
import { DateTime } from "luxon";
import { isoWithOffset } from "../dates.ts";
import { ContentError, NewsroomError } from "../errors/content-error.ts";
import { formatProblem, type Problem, sortProblems } from "../errors/problem.ts";
import type { SiteModel } from "../model/site.ts";
import type { Urls } from "../model/urls.ts";
import type { BuildResult } from "../pipeline/build.ts";
import type { RenderedPage } from "../pipeline/page-cache.ts";
import type { PhaseTiming } from "../pipeline/progress.ts";
import type { Article } from "../schema/article.ts";
import { type Changes, type Compared, type CurrentManifest, type ManifestEntry, manifestRows, type StoredManifest } from "./manifest.ts";

export const REPORT_VERSION = 1;

/** How many rendered files the report names one by one; the rest are counted by reason. */
export const RENDER_LIST_LIMIT = 1000;

export interface ReportProblem {
  file?: string;
  line?: number;
  column?: number;
  field?: string;
  message: string;
  /** As the command line prints it: `content/articles/eng/x.md:4  date: expected …`. */
  text: string;
}

export interface ArticleLink {
  title: string;
  file: string;
  edition: string;
  /** The edition's language (`uk`, `en`), for the headline's `lang`. */
  lang: string;
  /** The page on the live site (the config's `baseUrl`). */
  url: string;
  /** Publication time, ISO 8601 with the newsroom's offset. */
  date: string;
}

export interface HeldArticle extends ArticleLink {
  /** When it goes live: the newsroom's clock, `2025-03-28 09:00`, with `timeZone` named beside it. */
  goesLive: string;
}

export interface BuildReport {
  version: typeof REPORT_VERSION;
  status: "published" | "failed";
  /** The build clock (`SOURCE_DATE_EPOCH` or now), ISO 8601 in the newsroom's time zone. */
  builtAt: string;
  /** The newsroom's time zone, which every time shown is in (`Europe/Kyiv`). */
  timeZone: string;
  baseUrl?: string;
  /** Wall time of the whole command, seconds. */
  seconds: number;
  /** Why the build failed, first: content errors with file and line, broken links, anything else. */
  problems: ReportProblem[];
  warnings: ReportProblem[];
  articles?: {
    published: number;
    byEdition: Record<string, number>;
    /** The last published build's clock, when this build had its article list to compare with. */
    comparedWith?: string;
    added: ArticleLink[];
    changed: ArticleLink[];
    removed: ArticleLink[];
  };
  /** Held back until their time, soonest first (not known after a failed build). */
  embargoed?: HeldArticle[];
  /** Not known after a failed build. */
  drafts?: Array<Omit<ArticleLink, "url">>;
  pages?: { total: number; rendered: number; fromCache: number };
  /**
   * What the build rendered rather than took from the page cache (pages and feeds), and why: how many
   * for each page type and reason, and the files themselves, the first `RENDER_LIST_LIMIT` (a cold
   * build renders the whole archive; a publish, a handful).
   */
  renders?: {
    total: number;
    reasons: Array<{ kind: string; why: string; count: number }>;
    files: RenderedPage[];
  };
  images?: { encoded: number; fromCache: number; files: number; filesEncoded: number };
  output?: { dir: string; files: number; bytes: number };
  phases: PhaseTiming[];
  /** The published site that stays online after a failed build: its build clock, if known. */
  lastPublished?: string;
}

const ms = (s: number) => Math.round(s * 1000) / 1000;

function roundPhases(phases: readonly PhaseTiming[]): PhaseTiming[] {
  return phases.map((p) => ({ ...p, seconds: ms(p.seconds) }));
}

export function toReportProblem(p: Problem): ReportProblem {
  return {
    file: p.file,
    ...(p.line ? { line: p.line } : {}),
    ...(p.column ? { column: p.column } : {}),
    ...(p.field ? { field: p.field } : {}),
    message: p.message,
    text: formatProblem(p),
  };
}

function newsroomTime(date: DateTime, zone: string): string {
  return date.setZone(zone).toFormat("yyyy-MM-dd HH:mm");
}

function link(urls: Urls, langs: ReadonlyMap<string, string>, zone: string, a: ManifestEntry | Article): ArticleLink {
  const date = isoWithOffset(typeof a.date === "string" ? DateTime.fromISO(a.date, { zone }) : a.date.setZone(zone));
  return { title: a.title, file: a.file, edition: a.edition, lang: langs.get(a.edition) ?? "und", url: urls.absolute(a.url), date };
}

export interface SuccessInput {
  result: BuildResult;
  /** Files and bytes of the published folder (the publish step's count: src/pipeline/output.ts). */
  output: { files: number; bytes: number };
  /** What changed since the last published list (none: there was no list to compare with). */
  compared?: Compared;
  phases: PhaseTiming[];
  seconds: number;
}

/** When the build ran, as the report and its article list write it: on the newsroom's clock. */
export function builtAtText(site: Pick<SiteModel, "buildTime" | "config">): string {
  return isoWithOffset(site.buildTime.setZone(site.config.timeZone));
}

export function publishedReport({ result, output, compared, phases, seconds }: SuccessInput): BuildReport {
  const { site, content, warnings } = result.prepared;
  const zone = site.config.timeZone;
  const langs = new Map(site.config.editions.map((e) => [e.id, e.lang]));
  const to = (a: ManifestEntry | Article) => link(site.urls, langs, zone, a);
  const changes: Changes = compared?.changes ?? { added: [], changed: [], removed: [] };
  const byEdition: Record<string, number> = {};
  for (const e of site.config.editions) byEdition[e.id] = site.editions.get(e.id)?.articles.length ?? 0;
  return {
    version: REPORT_VERSION,
    status: "published",
    builtAt: builtAtText(site),
    timeZone: zone,
    baseUrl: site.config.baseUrl,
    seconds: ms(seconds),
    problems: [],
    warnings: sortProblems(warnings.filter((p) => p.severity === "warning")).map(toReportProblem),
    articles: {
      published: site.articles.length,
      byEdition,
      ...(compared ? { comparedWith: compared.builtAt } : {}),
      added: changes.added.map(to),
      changed: changes.changed.map(to),
      removed: changes.removed.map(to),
    },
    embargoed: site.embargoed.map((a) => ({ ...to(a), goesLive: newsroomTime(a.date, zone) })),
    drafts: content.articles
      .filter((a) => a.draft)
      .sort((a, b) => a.file.localeCompare(b.file))
      .map((a) => ({ title: a.title, file: a.file, edition: a.edition, lang: langs.get(a.edition) ?? "und", date: isoWithOffset(a.date) })),
    pages: { total: result.pages, rendered: result.pages - result.fromCache, fromCache: result.fromCache },
    renders: rendersOf(result.renders),
    images: { encoded: result.images.encoded, fromCache: result.images.cached, files: result.images.files, filesEncoded: result.images.filesEncoded },
    output: { dir: result.outputDir, ...output },
    phases: roundPhases(phases),
  };
}

/** The rendered files counted by page type and reason (most first), and the first `RENDER_LIST_LIMIT` of them named. */
export function rendersOf(renders: readonly RenderedPage[]): NonNullable<BuildReport["renders"]> {
  const counts = new Map<string, { kind: string; why: string; count: number }>();
  for (const { kind, why } of renders) {
    const id = `${kind}\n${why}`;
    const known = counts.get(id);
    if (known) known.count++;
    else counts.set(id, { kind, why, count: 1 });
  }
  const reasons = [...counts.values()].sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind) || a.why.localeCompare(b.why));
  return { total: renders.length, reasons, files: renders.slice(0, RENDER_LIST_LIMIT).map(({ kind, file, why }) => ({ kind, file, why })) };
}

export interface FailureInput {
  error: unknown;
  phases: PhaseTiming[];
  seconds: number;
  builtAt: DateTime;
  timeZone: string;
  baseUrl?: string;
  previous?: StoredManifest;
}

/** A build that published nothing: its problems first, then its warnings; the last published site stays online. */
export function failedReport({ error, phases, seconds, builtAt, timeZone, baseUrl, previous }: FailureInput): BuildReport {
  let problems: ReportProblem[];
  let warnings: ReportProblem[] = [];
  if (error instanceof ContentError) {
    problems = sortProblems(error.problems.filter((p) => p.severity === "error")).map(toReportProblem);
    warnings = sortProblems(error.problems.filter((p) => p.severity === "warning")).map(toReportProblem);
  } else {
    // Broken links and the build's other refusals are lines of text (`page  links to …`); a crash is its message.
    const message = error instanceof NewsroomError ? error.message : error instanceof Error ? error.message : String(error);
    problems = message
      .split("\n")
      .filter((line) => line.trim())
      .map((line) => ({ message: line, text: line }));
  }
  return {
    version: REPORT_VERSION,
    status: "failed",
    builtAt: isoWithOffset(builtAt.setZone(timeZone)),
    timeZone,
    ...(baseUrl ? { baseUrl } : {}),
    seconds: ms(seconds),
    problems,
    warnings,
    phases: roundPhases(phases),
    ...(previous ? { lastPublished: previous.builtAt } : {}),
  };
}

/** The published articles' manifest; an article loaded from the same source as a row of `previous`, the last one, is that row. */
export function currentManifest(articles: readonly Article[], previous?: StoredManifest): CurrentManifest {
  return manifestRows(articles, previous);
}
