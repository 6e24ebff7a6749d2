/**
 * Atomic output: the build writes into a temporary folder beside the output folder
 * (same file system, so the swap is two renames) and swaps it in only when
 * everything succeeded. The old site is renamed away first and deleted afterwards
 * (deleting many files right before writing many is slow here, REFERENCE.md §12).
 */
import { rmSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";

export async function freshTempDir(outputDir: string): Promise<string> {
  const dir = `${outputDir}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(dir, { recursive: true });
  return dir;
}

export async function swapInto(tempDir: string, outputDir: string): Promise<void> {
  const old = `${tempDir}-old`;
  let hadOld = true;
  try {
    await rename(outputDir, old);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    hadOld = false;
  }
  await rename(tempDir, outputDir);
  // Synchronous: removing tens of thousands of files is ~2.5× faster than through the thread pool.
  if (hadOld) rmSync(old, { recursive: true, force: true });
}

export async function discard(tempDir: string): Promise<void> {
  await rm(tempDir, { recursive: true, force: true });
}
