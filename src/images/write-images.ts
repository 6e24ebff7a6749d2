/**
 * The encode step of the build: every planned file comes from the cache folder
 * (`.cache/images/`, which CI can persist) or is encoded into it first, on all
 * cores; then it is copied into the output. Unchanged photos cost no encoding.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { ContentStore } from "../content-store.ts";
import { NewsroomError } from "../errors/content-error.ts";
import { encodeOutput } from "./encode.ts";
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

/** `place`: the files are handed to it (output file, cache file) instead of linked into `outputDir` (the build publishes only what changed). */
export async function writeImages(
  jobs: readonly ImageJob[],
  outputDir: string,
  cacheDir: string,
  place?: (file: string, source: string) => void,
): Promise<ImageStats> {
  // Files by name (a hash of the recipe and the source bytes), and decode marks in `verified/`.
  const store = new ContentStore(cacheDir);
  await mkdir(path.join(cacheDir, "verified"), { recursive: true });
  const missing = await mapLimit(jobs, 32, async (job) => {
    const absent = await Promise.all(job.outputs.map(async (o) => ((await store.has(o.name)) ? undefined : o)));
    return absent.filter((o): o is OutputSpec => o !== undefined);
  });
  const tasks = jobs.flatMap((job, i) => (missing[i] ?? []).map((spec) => ({ job, spec })));
  await mapLimit(tasks, ENCODE_CONCURRENCY, async ({ job, spec }) => {
    let bytes: Buffer;
    try {
      bytes = await encodeOutput(job.input, spec);
    } catch (error) {
      throw new NewsroomError(`images: could not encode ${job.label} as ${spec.name}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      });
    }
    // Written under a staging name and renamed, so an interrupted build never leaves a half file in the cache.
    await store.putBytes(spec.name, bytes);
  });
  // The cache is shared by builds and the preview, each using part of it, so no entry is pruned;
  // an interrupted encode's staging files go when a later build encodes again (a warm build pays nothing).
  if (tasks.length) await store.prune();
  // Sources that decoded here need no decode check in the next prepare (inspect.ts).
  await Promise.all(jobs.filter((j, i) => "file" in j.input && missing[i]?.length).map((j) => writeFile(verifiedMarker(cacheDir, j.hash), "")));
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
