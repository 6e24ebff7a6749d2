/**
 * Rendering on every core (issue 19): the planned pages go, a pass at a time, to render threads
 * (src/pipeline/render-worker.ts), each with Eleventy of its own, which write into the build's
 * temp folder and send back the internal links of the pages they wrote (for the link check). The
 * build's own thread keeps feeding Pagefind and the image encoder meanwhile, which a render on it
 * held up (Eleventy's writes are synchronous).
 *
 * `NEWSROOM_RENDER_WORKERS` sets the number of threads; 0 renders on the build's own thread, as a
 * build did before. By default a build renders in threads only when it has more than one pass of
 * pages to render (a cold or large build; one new article renders ~200 pages on this thread, faster
 * than a thread can start) and the machine has more than two cores, with one core left to the build's
 * own thread and to Pagefind, which indexes search while pages render, and at most two threads (each
 * adds its model and its passes to the peak). Measured at 20k articles on two cores (a loaded machine,
 * so CPU seconds and memory rather than wall time): the render alone took 27 CPU s and 0.91 GiB on
 * one thread, 46–52 CPU s and 1.44–1.53 GiB in two (each prepares the site, ~3 s, and collects its
 * own garbage); whole cold builds (every process counted) took 94.8–95.9 CPU s and 1.36–1.42 GiB
 * serial, 101.5 CPU s and 1.71 GiB with one thread, 113.5 CPU s and 2.06 GiB with two (before this file's
 * smaller passes and lower collection floor: 94.8 / 1.93 and 100.9–106.2 / 2.34–2.36). Two cores are already busy with Pagefind and the image encoder
 * beside a serial render, so there the default stays on the build's own thread. The preview renders
 * on its own thread unless the variable says otherwise.
 *
 * Each thread prepares the site again (the parse cache the build's thread has just written spares it
 * the parsing), reading the caches and writing none: a model is made of frozen objects with lazy
 * bodies, luxon dates and shared references, which no message between threads carries, and it is
 * ~90 MB at 20k articles where a thread's Eleventy runs hold more.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { RenderContext } from "../../layouts/base.ts";
import { ContentError, NewsroomError } from "../errors/content-error.ts";
import type { Problem } from "../errors/problem.ts";
import { sourceDigest } from "../model/parse-cache.ts";
import type { Kind } from "../pages/index.ts";
import type { PlannedPage } from "../pages/plan.ts";
import type { LoopTurns } from "../render/pages.ts";
import { workerSource } from "../worker-source.ts";
import { collectIfGrown } from "./memory.ts";
import type { Prepared, PrepareOptions } from "./prepare.ts";
import { DEFAULT_SLICE, pageWeight, type RenderedLinks, renderInput, renderPass, renderPasses } from "./render-pass.ts";

/** What a render thread is started with. */
export interface RenderWorkerData {
  root: string;
  /** The build clock, in ms since the epoch, and its zone. */
  now: number;
  zone: string;
  preview: boolean;
  /** Every article the build loaded, with the digest of its source: the thread checks it loaded the same. */
  sources: [file: string, digest: string][];
}

/** One pass for a thread: its pages by type and file, and whether it also publishes the assets. */
export interface PassRequest {
  id: number;
  output: string;
  pages: [kind: Kind, file: string][];
  assets: boolean;
}

export interface PassDone {
  id: number;
  pages: number;
  /** Each HTML page's internal links. */
  links: [file: string, links: string[]][];
}

/** An error in a thread, as it crosses to the build's thread. */
export interface RenderFailure {
  name: string;
  message: string;
  stack?: string;
  /** A NewsroomError: the build prints its message alone. */
  ours: boolean;
  problems?: Problem[];
  original?: RenderFailure;
}

/** Render threads started by this process, and those running now (the tests read it: a failed build stops every one). */
export const renderThreads = { started: 0, running: 0 };

export class RenderThreadsError extends NewsroomError {
  override name = "RenderThreadsError";
}

/** The number of render threads `NEWSROOM_RENDER_WORKERS` asks for, or undefined when unset. */
export function renderWorkersSetting(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const value = env.NEWSROOM_RENDER_WORKERS?.trim();
  if (value === undefined || value === "") return undefined;
  if (!/^\d+$/.test(value) || Number(value) > 64)
    throw new RenderThreadsError(
      `NEWSROOM_RENDER_WORKERS: expected a number of render threads from 0 to 64 (0 renders on the build's own thread), received "${value}"`,
    );
  return Number(value);
}

/** Threads for a build with `passes` serial passes to render on a machine with `cores` cores. */
export function defaultRenderWorkers(passes: number, cores: number, preview: boolean): number {
  if (preview || passes < 2 || cores <= 2) return 0;
  return Math.min(cores - 1, MAX_DEFAULT_THREADS);
}

/** Each thread adds its model and its passes to the build's peak (~0.3 GiB at 20k articles): by default no more than two. */
const MAX_DEFAULT_THREADS = 2;

export interface RenderJobs {
  root: string;
  /** The build's temp folder. */
  output: string;
  ready: Prepared;
  options: PrepareOptions;
  ctx: RenderContext;
  pages: readonly PlannedPage[];
  /** Publish the hashed assets and the logo (with the first pass). */
  assets: boolean;
  links: RenderedLinks;
  /** Called with the number of HTML pages each pass wrote. */
  written: (pages: number) => void;
  /** On this thread, when a pass gives the event loop a turn (src/render/pages.ts `RenderJob.turns`); render threads need none. */
  turns?: LoopTurns;
  env?: NodeJS.ProcessEnv;
}

/** Renders the planned pages, in render threads or on this one (see the top of this file); returns the number of HTML pages written. */
export async function renderPlanned(jobs: RenderJobs): Promise<number> {
  const env = jobs.env ?? process.env;
  const slice = Number(env.NEWSROOM_RENDER_SLICE ?? DEFAULT_SLICE);
  const serial = renderPasses(jobs.pages, slice);
  const threads = renderWorkersSetting(env) ?? defaultRenderWorkers(serial.length, availableParallelism(), jobs.options.preview === true);
  if (threads === 0) return renderHere(jobs, serial);
  // Passes small enough that every thread has work, and that the pages in memory at once weigh half what a serial pass does:
  // each thread also holds a model of its own (measured at 20k with two threads: passes of half a serial pass's weight each
  // peaked at 1.53 GiB, of a quarter at 1.44 GiB, against 0.91 GiB serial; the render alone, no Pagefind).
  const size = Number.isInteger(slice) && slice > 0 ? slice : DEFAULT_SLICE;
  const total = jobs.pages.reduce((w, p) => w + pageWeight(p), 0);
  const passes = renderPasses(jobs.pages, Math.max(1, Math.min(Math.ceil(size / (2 * threads)), Math.ceil(total / threads))));
  return renderInThreads(jobs, passes, Math.min(threads, passes.length));
}

/** Article pages in slices, one Eleventy run each, after a run for everything else: on this thread. */
async function renderHere(jobs: RenderJobs, passes: PlannedPage[][]): Promise<number> {
  let pages = 0;
  let sinceCheck = 0;
  const rendered = (file: string, text: string) => {
    jobs.links.note(file, text);
    // A run keeps its pages until it ends: the heap is looked at every few hundred pages too (src/pipeline/memory.ts).
    if (++sinceCheck % 256 === 0) collectIfGrown();
  };
  for (const [i, pass] of passes.entries()) {
    const written = await renderPass(renderInput(jobs.root), jobs.output, {
      ctx: jobs.ctx,
      pages: pass,
      assets: i === 0 && jobs.assets,
      rendered,
      turns: jobs.turns,
    });
    // Between passes, not after the last: a publish renders one small pass, and a full collection of a
    // 100k build's heap (~0.7 GiB live) took ~0.5-1 s of its write; after a cold build's render the
    // search index collects before it starts its processes (src/pipeline/search-index.ts `rendered`).
    if (i < passes.length - 1) collectIfGrown();
    pages += written;
    jobs.written(written);
  }
  return pages;
}

/** The passes, each to the next free thread; at the first failure every thread is stopped and the failure thrown. */
async function renderInThreads(jobs: RenderJobs, passes: PlannedPage[][], count: number): Promise<number> {
  // The build's clock, which the threads' models must be made at (buildClock() again could be a later time).
  const now = jobs.ready.site.buildTime;
  const data: RenderWorkerData = {
    root: jobs.root,
    now: now.toMillis(),
    zone: now.zoneName ?? "UTC",
    preview: jobs.options.preview === true,
    sources: jobs.ready.content.articles.map((a) => [a.file, sourceDigest(a) ?? ""]),
  };
  const source = await workerSource("render-worker", "src/pipeline/render-worker.ts");
  const workers: Worker[] = [];
  let next = 0;
  let pages = 0;
  let failure: Error | undefined;
  const lane = (worker: Worker) =>
    new Promise<void>((resolve, reject) => {
      const send = () => {
        if (failure || next >= passes.length) {
          resolve();
          return;
        }
        const id = next++;
        const pass = passes[id] as PlannedPage[];
        worker.postMessage({
          id,
          output: jobs.output,
          pages: pass.map((p) => [p.kind, p.file]),
          assets: id === 0 && jobs.assets,
        } satisfies PassRequest);
      };
      worker.on("message", (message: PassDone | { failure: RenderFailure }) => {
        if ("failure" in message) {
          reject(errorOf(message.failure));
          return;
        }
        for (const [file, links] of message.links) jobs.links.set(file, links);
        pages += message.pages;
        jobs.written(message.pages);
        send();
      });
      worker.on("error", (error) => reject(new RenderThreadsError(`a render thread stopped: ${error.message}`)));
      worker.on("exit", (code) => reject(new RenderThreadsError(`a render thread stopped (exit code ${code}) before its pages were written`)));
      send();
    });
  try {
    const lanes: Promise<void>[] = [];
    for (let i = 0; i < count; i++) {
      const worker = new Worker(source.code, { eval: true, workerData: { ...data, entry: source.entry } });
      renderThreads.started++;
      renderThreads.running++;
      worker.once("exit", () => renderThreads.running--);
      workers.push(worker);
      lanes.push(
        lane(worker).catch((error: Error) => {
          failure ??= error;
          throw failure;
        }),
      );
    }
    await Promise.all(lanes);
    return pages;
  } finally {
    // Done, or failed: every thread is stopped (one mid-pass too) before the temp folder can go.
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/** The error a thread failed with, as the build's thread throws it: the same message a serial build prints. */
function errorOf(failure: RenderFailure): Error {
  let error: Error;
  if (failure.problems) error = new ContentError(failure.problems);
  else if (failure.ours) {
    error = new NewsroomError(failure.message);
    error.name = failure.name;
  } else {
    error = new Error(failure.message);
    error.name = failure.name;
    if (failure.stack) error.stack = failure.stack;
  }
  if (failure.original) Object.assign(error, { originalError: errorOf(failure.original) });
  return error;
}
