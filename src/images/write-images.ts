/**
 * The encode step of the build: every planned file comes from the cache folder
 * (`.cache/images/`, which CI can persist) or is encoded into it first, on all
 * cores, in a worker thread (encode-worker.ts; a few cards alone in this one); then it is
 * copied into the output. Unchanged photos cost no encoding.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { ContentStore } from "../content-store.ts";
import { NewsroomError } from "../errors/content-error.ts";
import { type CardFrames, encodeOutput, encodeSteps } from "./encode.ts";
import { EncodeFailure, encodeInWorker } from "./encode-worker.ts";
import { verifiedMarker } from "./inspect.ts";
import { IMAGES_PATH, type ImageJob } from "./plan.ts";
import { ENCODE_CONCURRENCY, mapLimit } from "./pool.ts";
import type { OutputSpec } from "./recipe.ts";

export const IMAGE_CACHE_DIR = ".cache/images";

export interface ImageStats {
  /** Sources (photos, cards) with at least one file encoded in this build. */
  encoded: number;
  /** Sources whose files all came from the cache. */
  cached: number;
  /** Files encoded in this build. */
  filesEncoded: number;
  /** Files written to the output. */
  files: number;
}

export function formatImageStats(s: ImageStats): string {
  return `images: ${s.encoded} encoded, ${s.cached} from cache (${s.filesEncoded} of ${s.files} files encoded)`;
}

/**
 * Up to this many cards and no photo, the encoding stays in this thread: starting the worker
 * (~0.1 s of CPU on a quiet machine, more under load) costs more than the ~15 ms a card, and a
 * render pass can hold them back only that long (a +1 build, a preview update with a new card).
 */
export const CARDS_IN_THREAD = 15;

/** Whether `tasks` are encoded in the worker (encode-worker.ts) rather than in this thread. */
export function encodesInWorker(tasks: readonly { job: ImageJob }[]): boolean {
  return tasks.length > CARDS_IN_THREAD || tasks.some(({ job }) => "file" in job.input);
}

async function encode(tasks: readonly { job: ImageJob; spec: OutputSpec }[], store: ContentStore): Promise<void> {
  const failed = (task: { job: ImageJob; spec: OutputSpec } | undefined, error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    return new NewsroomError(task ? `images: could not encode ${task.job.label} as ${task.spec.name}: ${message}` : `images: ${message}`, {
      cause: error,
    });
  };
  if (!encodesInWorker(tasks)) {
    const frames: CardFrames = new Map();
    await mapLimit(tasks, ENCODE_CONCURRENCY, async (task) => {
      let bytes: Buffer;
      try {
        bytes = await encodeOutput(task.job.input, task.spec, frames);
      } catch (error) {
        throw failed(task, error);
      }
      // Written under a staging name and renamed, so an interrupted build never leaves a half file in the cache.
      await store.putBytes(task.spec.name, bytes);
    });
    return;
  }
  try {
    await encodeInWorker(
      tasks.map(({ job, spec }) => ({ input: job.input, steps: encodeSteps(job.input, spec), target: store.path(spec.name) })),
      ENCODE_CONCURRENCY,
    );
  } catch (error) {
    throw failed(error instanceof EncodeFailure ? tasks[error.index] : undefined, error);
  }
}

/** `place`: the files are handed to it (output file, cache file) instead of linked into `outputDir` (the build publishes only what changed). */
export async function writeImages(
  jobs: readonly ImageJob[],
  outputDir: string,
  cacheDir: string,
  place?: (file: string, source: string) => void,
): Promise<ImageStats> {
  // Files by name (a hash of the recipe and the source bytes), and decode marks in `verified/`.
  // Synchronous: the build runs this beside rendering, which holds the event loop for seconds.
  const store = new ContentStore(cacheDir);
  mkdirSync(path.join(cacheDir, "verified"), { recursive: true });
  const missing = jobs.map((job) => job.outputs.filter((o) => !existsSync(store.path(o.name))));
  const tasks = jobs.flatMap((job, i) => (missing[i] ?? []).map((spec) => ({ job, spec })));
  if (tasks.length) await encode(tasks, store);
  // The cache is shared by builds and the preview, each using part of it, so no entry is pruned;
  // an interrupted encode's staging files go when a later build encodes again (a warm build pays nothing).
  if (tasks.length) await store.prune();
  // Sources that decoded here need no decode check in the next prepare (inspect.ts).
  // Synchronous, as below: each await here waits for a turn of the loop, which the render gives every few seconds.
  for (const [i, j] of jobs.entries()) if ("file" in j.input && missing[i]?.length) writeFileSync(verifiedMarker(cacheDir, j.hash), "");
  const outputs = jobs.flatMap((j) => j.outputs);
  const folder = path.join(outputDir, IMAGES_PATH);
  if (place) for (const o of outputs) place(`${IMAGES_PATH.replace(/^\//, "")}${o.name}`, store.path(o.name));
  else {
    await mkdir(folder, { recursive: true });
    // The preview writes into a folder that may have some of a job's files already.
    await mapLimit(outputs, 32, (o) => store.place(o.name, path.join(folder, o.name), { replace: true }));
  }
  const encoded = missing.filter((m) => m.length > 0).length;
  return { encoded, cached: jobs.length - encoded, filesEncoded: tasks.length, files: outputs.length };
}
