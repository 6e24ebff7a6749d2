/**
 * The whole build: prepare (validate everything), render with Eleventy into a temp folder, index it for
 * search, check the links, then publish: move only what changed into the live folder (with a journal),
 * or swap a whole new tree into place when the live folder has no record (src/pipeline/output.ts).
 */
import path from "node:path";
import { ADMIN_FOLDER, writeAdmin } from "../cms/admin.ts";
import { NewsroomError } from "../errors/content-error.ts";
import { writeIcons } from "../images/favicons.ts";
import { IMAGE_CACHE_DIR, type ImageStats, writeImages } from "../images/write-images.ts";
import { planPages } from "../pages/plan.ts";
import { FEED_BODIES_FILE } from "../render/body-cache.ts";
import { loopTurns, renderContext } from "../render/pages.ts";
import { type EmbargoReport, embargoReport, writeEmbargoReport } from "./embargo.ts";
import { checkLinks } from "./link-check.ts";
import {
  CommitError,
  discard,
  finishInterruptedCommit,
  freshTempDir,
  incrementalEnabled,
  liveFiles,
  type OutputFiles,
  type PublishStats,
  publish,
  removeStaleTemps,
} from "./output.ts";
import { PageCache, pageCacheMode, type RenderedPage } from "./page-cache.ts";
import { type Prepared, type PrepareOptions, prepare } from "./prepare.ts";
import { phase } from "./progress.ts";
import { RenderedLinks } from "./render-pass.ts";
import { renderPlanned } from "./render-workers.ts";
import { type SearchIndexJob, startSearchIndex } from "./search-index.ts";
import type { BuildPart } from "./shard.ts";

export interface BuildResult {
  prepared: Prepared;
  pages: number;
  /** Of `pages`, those taken from the page cache instead of rendered. */
  fromCache: number;
  /** The pages (and feeds) this build rendered rather than took from the page cache, each with why, in the plan's order. */
  renders: readonly RenderedPage[];
  /** Files a merge took from the parts of a sharded build (src/pipeline/shard.ts); 0 otherwise. */
  filled: number;
  images: ImageStats;
  /** Favicons rendered in this build rather than taken from the image cache (none in a warm build). */
  iconsMade: number;
  outputDir: string;
  embargo: EmbargoReport;
  /** How the output was published: files moved, deleted and kept. */
  published: PublishStats;
}

/** Internal links that lead nowhere: the build fails, naming each page and link. */
export class BrokenLinksError extends NewsroomError {
  override name = "BrokenLinksError";
}

export interface BuildOptions extends PrepareOptions {
  /** A part of a sharded build (`--shard K/N`) or their merge (src/pipeline/shard.ts): what this build does of the whole. */
  part?: (ready: Prepared) => Promise<BuildPart>;
  /**
   * Called once the site is checked and its pages are in place, while the build waits for the search index
   * (Pagefind, in its own processes) to finish: work the caller needs after the build, done on a thread that
   * would wait anyway (the build report's article list of a smaller site; a large one is made in a thread of its
   * own, see `prepared`). Not called while shards still wait for a Pagefind process (a cold build's): this thread
   * makes their records. Its errors are the caller's to handle; one that escapes is a warning, not a failed build.
   */
  whileIndexing?: (ready: Prepared) => void;
  /**
   * Called once the site is loaded and checked, before its pages are planned: work for after the build
   * that another thread can do meanwhile (the build report's article list, src/report/manifest-thread.ts).
   * As with `whileIndexing`, an error it throws is a warning, not a failed build.
   */
  prepared?: (ready: Prepared) => void;
}

export async function build(root: string, outputDir = path.join(root, "_site"), options: BuildOptions = {}): Promise<BuildResult> {
  // A build killed while moving its files into place left a journal: its moves are finished first.
  finishInterruptedCommit(root, outputDir);
  // Killed builds leave their temporary folders behind: removed once their process is gone.
  removeStaleTemps(outputDir);
  const ready = await prepare(root, options);
  try {
    options.prepared?.(ready);
  } catch (hook) {
    process.emitWarning(`the build's prepared hook failed: ${(hook as Error).message}`);
  }
  const part = await options.part?.(ready);
  const temp = await freshTempDir(outputDir);
  let search: SearchIndexJob | undefined;
  let imaging: Promise<{ images: ImageStats; iconsMade: number }> | undefined;
  // Files of the site that are cache entries (pages, images, search shards): linked at the end, where the live site differs.
  const placed: OutputFiles = new Map();
  // The placed files the live site does not hold as they are, once the link check has compared them all (those
  // placed after it, search shards finishing, are added): the publish compares these alone.
  let differing: string[] | undefined;
  // A part of a sharded build and the merge put every file in their folder (a part's manifest lists
  // them all, src/pipeline/shard.ts) and publish the whole tree: nothing is placed at the end.
  const place = part
    ? undefined
    : (file: string, source: string) => {
        placed.set(file, source);
        differing?.push(file);
      };
  try {
    // The preview skips the index for speed; its search page says so (layouts/search.ts).
    const indexed = part ? part.search : () => true;
    search = options.preview || !indexed ? undefined : await startSearchIndex(ready.site, temp, undefined, indexed, place);
    const filled = (await part?.fill?.(temp)) ?? 0;
    // Images are encoded (sharp, on libvips' threads) while pages are planned and rendered on this
    // one: pages only name their files, which must be in place by the link check.
    imaging = writeAllImages(ready, part, root, temp, place);
    // A failure is awaited below; this handler keeps it from being reported before then.
    let imagesDone = false;
    imaging.then(
      () => {
        imagesDone = true;
      },
      () => undefined,
    );
    const planning = phase("plan", 0, "pages");
    // Feeds' bodies kept between builds, as pages are: not in the preview, nor when the page cache is off or proves itself (verify renders every body).
    const ctx = renderContext(
      ready.site,
      options.preview || pageCacheMode() !== "on" ? undefined : path.join(root, FEED_BODIES_FILE),
      // Each body rendered here gives the search index its text: one parse of it, not two.
      search ? (article, plain) => search?.bodyText(article, plain) : undefined,
    );
    const pageCache = new PageCache(root, ctx.site);
    // Every page of the registry with its view; those the page cache has are not rendered.
    const all = part ? part.pages(planPages(ready)) : pageCache.plan(ready);
    const planned = pageCache.filter(all);
    planning.tick(all.length);
    planning.done(`${planned.length} to render`);
    const progress = phase("write", 0, "pages");
    const renderedLinks = new RenderedLinks();
    // In slices, on this thread or in render threads (src/pipeline/render-workers.ts).
    let pages = await renderPlanned({
      root,
      output: temp,
      ready,
      options,
      ctx,
      pages: planned,
      assets: part?.assets ?? true,
      links: renderedLinks,
      written: (n) => progress.tick(n),
      // Records go to Pagefind while pages render only when the render lets the loop turn, and only once the
      // images are encoded (libvips, on the second core; `imagesDone` is set on a turn of the loop, so turns
      // start at the first Eleventy run after that): beside them a Pagefind process only took turns with
      // them (measured at 20k, 4,000 a month, 3,929 social cards: cold 83–91 s without turns, 92–94 s with them).
      turns: search?.turnMs === undefined ? undefined : loopTurns(search.turnMs, () => imagesDone),
    });
    // This thread renders no more: the search index takes every core for the shards it has not started.
    search?.rendered();
    ctx.bodies.save();
    // The CMS at /admin/: in the build when the site enables it, in the preview always (with the local backend).
    if (options.preview || ready.site.config.cms.enabled) {
      const api = options.preview ? `${ready.site.urls.basePath}${ADMIN_FOLDER}/api/v1` : undefined;
      await writeAdmin(ready.site, root, temp, { localBackend: api });
    }
    const reusing = await pageCache.restore(temp, place);
    pages += reusing.reused;
    progress.tick(reusing.reused);
    progress.done(reusing.verified === undefined ? `${reusing.reused} from the page cache` : `${reusing.verified} cached pages verified`);
    const { images, iconsMade } = await imaging;
    const checking = phase("link check", 0, "pages");
    // What the live folder holds (its record), when this build can publish incrementally: unchanged pages need no link check.
    const incremental = !options.preview && !part && incrementalEnabled();
    const live = incremental ? liveFiles(root, outputDir) : undefined;
    // Links of rendered pages were noted as they were rendered; cached pages' links come with them.
    const check = await checkLinks(
      temp,
      ready.site.urls.basePath,
      {
        linksOf: (page) => {
          const links = renderedLinks.get(page);
          if (links) pageCache.noteLinks(page, links);
          return links ?? pageCache.linksOf(page);
        },
        noteLinks: (page, links) => pageCache.noteLinks(page, links),
        linking: (going) => pageCache.linking(going),
      },
      placed,
      live,
    );
    const { broken, linked, linkedChange, checked, going } = check;
    differing = check.differing;
    checking.tick(pages);
    checking.done(`${checked} checked`);
    // A part of a sharded build links to other parts' pages: only the merge, which has them all, judges.
    if (broken.length && part?.linkCheck !== false) {
      const lines = broken.map((b) => `${b.page}  links to ${b.href}${b.resolved ? ` (${b.resolved})` : ""}, which is not in the built site`);
      throw new BrokenLinksError(
        `${lines.join("\n")}\n${broken.length} broken internal ${broken.length === 1 ? "link" : "links"}; nothing was published.`,
      );
    }
    await pageCache.commit(temp);
    if (options.whileIndexing && !search?.queued())
      try {
        options.whileIndexing(ready);
      } catch (hook) {
        process.emitWarning(`the build's whileIndexing hook failed: ${(hook as Error).message}`);
      }
    if (search) {
      const indexing = phase("search index", 0, "pages");
      const { languages } = await search.finish();
      indexing.tick(Object.values(languages).reduce((a, b) => a + b, 0));
      indexing.done();
    }
    const embargo = embargoReport(ready.site);
    if (!options.preview) await writeEmbargoReport(root, embargo);
    await part?.seal?.(temp);
    const publishing = phase("publish", 0, "files");
    const published = await publish(root, temp, outputDir, placed, pageCache.rendered(), {
      incremental,
      live,
      linked: linkedChange ?? linked,
      going,
      differing,
    });
    publishing.tick(published.written);
    publishing.done(`${published.mode}: ${published.written} written, ${published.deleted} deleted, ${published.kept} kept`);
    return {
      prepared: ready,
      pages,
      renders: pageCache.renders(),
      filled,
      fromCache: reusing.reused,
      images,
      iconsMade,
      outputDir,
      embargo,
      published,
    };
  } catch (error) {
    // The build's own error is what is reported: stopping Pagefind and removing the temp folder
    // only add a line when they fail. Pagefind has stopped writing into the folder before it goes.
    const notes: string[] = [];
    // Image files still being written into the temp folder finish (or fail) before it goes.
    await imaging?.catch(() => undefined);
    try {
      await search?.abort();
    } catch (stopping) {
      notes.push(`the search index did not stop cleanly (${(stopping as Error).message})`);
    }
    // A commit stopped half-way keeps its temporary folder: the next build finishes the moves from there.
    const left = error instanceof CommitError ? undefined : await discard(temp);
    if (left) notes.push(left);
    if (notes.length && error instanceof Error) error.message += `\n(${notes.join("; ")})`;
    throw error;
  }
}

/** Encodes (or takes from the cache) every image of the build, then the favicon set: the "images" phase. */
async function writeAllImages(
  ready: Prepared,
  part: BuildPart | undefined,
  root: string,
  temp: string,
  place: ((file: string, source: string) => void) | undefined,
): Promise<{ images: ImageStats; iconsMade: number }> {
  const imaging = phase("images", 0, "files");
  const encoding = writeImages(part ? part.images(ready.imageJobs) : ready.imageJobs, temp, path.join(root, IMAGE_CACHE_DIR), place);
  // The favicon set, from the image cache once made (src/images/favicons.ts), drawn beside the encoding; in a sharded build, the merge writes it.
  const icons =
    (part?.assets ?? true) ? writeIcons(temp, path.join(root, IMAGE_CACHE_DIR), ready.site.config.editions[0]?.name ?? "") : Promise.resolve(0);
  // Both settle before the phase ends, even when one fails: a failed build removes its temp folder once nothing writes into it.
  await Promise.allSettled([encoding, icons]);
  const [images, iconsMade] = await Promise.all([encoding, icons]);
  imaging.tick(images.files);
  imaging.done();
  return { images, iconsMade };
}
