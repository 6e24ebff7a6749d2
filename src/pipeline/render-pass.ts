/**
 * Rendering in passes: Eleventy keeps every page it renders in memory until its
 * `write()` returns (as bytes outside V8's heap: `RenderJob.bytes` in src/render/pages.ts,
 * which `renderPass` asks for), so a big archive's pages are rendered in slices, one Eleventy run
 * each (`NEWSROOM_RENDER_SLICE` pages' weight, default 5,000): everything but article
 * pages first (lists, feeds, sitemaps, assets), then the article pages. Output is the
 * same whatever the slice size.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import { NewsroomError } from "../errors/content-error.ts";
import type { PlannedPage } from "../pages/plan.ts";
import { eleventySetup, type RenderJob } from "../render/pages.ts";
import { internalLinks } from "./link-check.ts";

/**
 * The internal links of the pages a build renders, taken from each page's HTML while it is
 * still in memory: the link check then reads no file back (a cold 20k build wrote 404 MB of
 * HTML, and reading it again cost ~3 s). Links recur on every page, so each is kept once.
 */
export class RenderedLinks {
  readonly #pages = new Map<string, readonly string[]>();
  readonly #pool = new Map<string, string>();

  note(file: string, html: string): void {
    if (!file.endsWith(".html")) return;
    this.set(file, internalLinks(html));
  }

  /** A page's links as found elsewhere (a render worker, src/pipeline/render-workers.ts). */
  set(file: string, links: readonly string[]): void {
    this.#pages.set(
      file,
      links.map((link) => {
        const known = this.#pool.get(link);
        if (known !== undefined) return known;
        // A copy: the match is a slice of the page's HTML, and would keep the whole page in memory.
        const copy = Buffer.from(link).toString();
        this.#pool.set(copy, copy);
        return copy;
      }),
    );
  }

  get(file: string): readonly string[] | undefined {
    return this.#pages.get(file);
  }
}

export const DEFAULT_SLICE = 5000;

/**
 * What a page weighs in a pass, roughly in article pages: a feed with full texts holds one article
 * body per entry, every other page about one page of HTML.
 */
export function pageWeight(page: PlannedPage): number {
  const view = page.view as { fullText?: unknown; items?: unknown } | undefined;
  return view?.fullText === true && Array.isArray(view.items) ? Math.max(1, view.items.length) : 1;
}

/**
 * The build's Eleventy runs: every page but article pages first (lists, feeds, sitemaps: the
 * first run also publishes the assets), then the article pages, each in runs of at most `slice`
 * article pages' weight (`pageWeight`). Eleventy keeps every page of a run until it returns, so
 * a run's weight is the build's peak of memory; a 20k archive's ~7,700 other pages in one run
 * (with the edition and section feeds' full texts) were the largest one.
 */
export function renderPasses(pages: readonly PlannedPage[], slice: number): PlannedPage[][] {
  const size = Number.isInteger(slice) && slice > 0 ? slice : DEFAULT_SLICE;
  // A build with few pages to render (a publish of one article) renders them in one run: each run costs Eleventy's start.
  const others = pages.filter((p) => p.kind !== "article");
  if (pages.reduce((w, p) => w + pageWeight(p), 0) <= size) return [[...others, ...pages.filter((p) => p.kind === "article")]];
  const passes: PlannedPage[][] = [];
  for (const group of [pages.filter((p) => p.kind !== "article"), pages.filter((p) => p.kind === "article")]) {
    let pass: PlannedPage[] = [];
    let weight = 0;
    for (const page of group) {
      const w = pageWeight(page);
      if (pass.length && weight + w > size) {
        passes.push(pass);
        pass = [];
        weight = 0;
      }
      pass.push(page);
      weight += w;
    }
    if (pass.length) passes.push(pass);
  }
  // The first run publishes the assets: there is one even without pages.
  return passes.length ? passes : [[]];
}

/** Eleventy's input folder: an empty one of the build's own (see `renderInput`). */
export const RENDER_INPUT_DIR = ".cache/render-input";

/**
 * The folder Eleventy is given as its input: an empty one. Every page is a virtual template
 * (src/render/pages.ts) and articles are read by our own pipeline, but Eleventy lists its input
 * folder's every file on each run to find templates: given content/, that was every article and
 * image of the archive, per run (~0.17 s of a one-article build at 20k, and again for every slice
 * of a cold build).
 */
export function renderInput(root: string): string {
  const dir = path.join(root, RENDER_INPUT_DIR);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * The variables Eleventy sets in the process's environment on every run (Eleventy.js: `ELEVENTY_VERSION`,
 * `ELEVENTY_ROOT`, `ELEVENTY_SOURCE`, `ELEVENTY_RUN_MODE`). Setting a variable the environment does not hold
 * yet may move the C library's table of variables (`setenv`) while a native library's thread reads it
 * (`getenv`): Pango's fontconfig thread, which sharp starts when it draws a social card's text, read a
 * freed table and the build died on SIGSEGV (a core dump of a 2-article build in CI, 2026-12-06: the
 * `[pango] fontconfig` thread in `getenv("FONTCONFIG_WARN_INVALID_ATTRS")`). So they are added when this
 * module loads, before any card is drawn: Eleventy's own assignments then replace a value in place.
 */
export const ELEVENTY_ENVIRONMENT = ["ELEVENTY_VERSION", "ELEVENTY_ROOT", "ELEVENTY_SOURCE", "ELEVENTY_RUN_MODE"] as const;
for (const name of ELEVENTY_ENVIRONMENT) process.env[name] ??= "";

/**
 * One Eleventy run; returns the number of HTML pages it wrote. A function of its own: a local of
 * an async function stays in its frame after its loop, and the last run's Eleventy instance and
 * results (every page of the run) were kept until the build ended. An error of ours that a page
 * threw (an article's file changed under the build, src/model/parse-cache.ts) is thrown as it is,
 * not inside Eleventy's "Having trouble rendering" wrapper: the build prints its message alone.
 */
export async function renderPass(input: string, output: string, job: RenderJob): Promise<number> {
  const eleventy = new Eleventy(input, output, {
    // No config file: the configuration, and the pages, are passed in (src/render/pages.ts).
    configPath: false,
    config: eleventySetup({ ...job, bytes: true }),
    quietMode: true,
  });
  let written: unknown;
  try {
    written = await eleventy.write();
  } catch (error) {
    throw ownError(error) ?? error;
  }
  return countPages(written);
}

/** The first NewsroomError in an error's chain of causes (Eleventy's `originalError`, `cause`). */
function ownError(error: unknown): NewsroomError | undefined {
  const seen = new Set<unknown>();
  for (let e = error; e instanceof Error && !seen.has(e); e = (e as { originalError?: unknown }).originalError ?? e.cause) {
    if (e instanceof NewsroomError) return e;
    seen.add(e);
  }
  return undefined;
}

function countPages(written: unknown): number {
  const flat = (Array.isArray(written) ? written.flat(Number.POSITIVE_INFINITY) : []) as Array<{ outputPath?: string }>;
  return flat.filter((w) => w?.outputPath?.endsWith(".html")).length;
}
