/** Lists and reads content files. Paths returned are relative to the repository root. */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";

export async function listFiles(root: string, dir: string, extension: string): Promise<string[]> {
  const absolute = path.join(root, dir);
  let entries: string[];
  try {
    entries = (await readdir(absolute, { recursive: true })) as string[];
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  return entries
    .filter((e) => e.endsWith(extension))
    .map((e) => toPosix(path.join(dir, e)))
    .sort();
}

/** Reads many files with bounded concurrency, in the order given. */
export async function readAll(root: string, files: readonly string[], concurrency = 64): Promise<Buffer[]> {
  const out = new Array<Buffer>(files.length);
  let next = 0;
  async function worker() {
    while (next < files.length) {
      const i = next++;
      out[i] = await readFile(path.join(root, files[i] as string));
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  return out;
}

export function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}
