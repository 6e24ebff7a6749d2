/**
 * The build's caches are content-addressed: a rendered page is stored under the hash of its view
 * (src/pipeline/page-cache.ts), a search shard under the hash of its records' inputs
 * (src/pipeline/search-index.ts), an encoded image under the hash of its recipe and source bytes
 * (src/images/write-images.ts). Nothing writes into an entry after it is renamed into place, and
 * the build never rewrites a published file in place, so an entry goes into the output as a hard
 * link (20k files: ~0.5 s instead of 2–3 s copying), or as a copy where links cannot be made
 * (another file system, a file system without them, a file with too many links).
 */
import { copyFileSync, linkSync, unlinkSync } from "node:fs";
import { copyFile, link, unlink } from "node:fs/promises";

export interface PlaceOptions {
  /** A file already at `to` is replaced (else that is an error). */
  replace?: boolean;
}

/** Whether a failed link() is one a copy can stand in for. */
function copyInstead(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "EXDEV" || code === "EPERM" || code === "EMLINK" || code === "ENOTSUP" || code === "EOPNOTSUPP";
}

/** Puts the cache entry `from` at `to`: a hard link, or a copy. */
export async function linkOrCopy(from: string, to: string, options: PlaceOptions = {}): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST" && options.replace) {
      await unlink(to);
      await linkOrCopy(from, to);
      return;
    }
    if (!copyInstead(error)) throw error;
    await copyFile(from, to);
  }
}

/** `linkOrCopy`, synchronous: tens of thousands of tiny link() calls take a tenth of the time they take through the thread pool. */
export function linkOrCopySync(from: string, to: string, options: PlaceOptions = {}): void {
  try {
    linkSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST" && options.replace) {
      unlinkSync(to);
      linkOrCopySync(from, to);
      return;
    }
    if (!copyInstead(error)) throw error;
    copyFileSync(from, to);
  }
}
