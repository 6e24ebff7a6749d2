/** Lists and reads content files. Paths returned are relative to the repository root. */
import { closeSync, fstatSync, openSync, readFileSync, type Stats } from "node:fs";
import { readdir, readlink, realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { Problem } from "../errors/problem.ts";

/** Extensions editors reach for instead of the one we read (any case of it counts too). */
const NEAR_MISSES: Record<string, readonly string[]> = {
  ".md": [".markdown", ".mdown"],
  ".yaml": [".yml"],
};

/** The near-miss extension `name` ends with (`.MD`, `.markdown`), if any. */
export function nearMissExtension(name: string, extension: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower.endsWith(extension) && !name.endsWith(extension)) return name.slice(name.length - extension.length);
  const near = (NEAR_MISSES[extension] ?? []).find((e) => lower.endsWith(e));
  return near && lower.length > near.length ? name.slice(name.length - near.length) : undefined;
}

/** What a directory entry or a link's target is, when it is not a regular file. */
export function kindOf(entry: {
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
  isDirectory(): boolean;
}): string {
  if (entry.isFIFO()) return "a named pipe (FIFO)";
  if (entry.isSocket()) return "a socket";
  if (entry.isCharacterDevice() || entry.isBlockDevice()) return "a device";
  if (entry.isDirectory()) return "a folder";
  return "something that is not a regular file";
}

/**
 * Files with `extension` under `dir`, sorted. A symbolic link whose target lies
 * outside the repository is left out and reported, so content can never pull in
 * files such as /etc/passwd; so are links to nothing, anything that is not a regular
 * file (a named pipe would make every read wait forever) and files whose extension is
 * a near miss (`.MD`, `.markdown`), which would otherwise be skipped without a word.
 */
export async function listFiles(root: string, dir: string, extension: string, problems?: Problem[]): Promise<string[]> {
  const absolute = path.join(root, dir);
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(absolute, { recursive: true, withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw error;
  }
  const rootReal = await realpath(root);
  const files: string[] = [];
  const report = (file: string, message: string) => problems?.push({ file, line: 1, field: "", message, severity: "error" });
  // Relative folder paths, worked out once per folder rather than once per file.
  const folders = new Map<string, string>();
  for (const entry of entries) {
    const matches = entry.name.endsWith(extension);
    const near = matches || entry.isDirectory() ? undefined : nearMissExtension(entry.name, extension);
    if (!matches && !near && !entry.isSymbolicLink()) continue;
    let folder = folders.get(entry.parentPath);
    if (folder === undefined) {
      folder = toPosix(path.relative(root, entry.parentPath));
      folders.set(entry.parentPath, folder);
    }
    const file = folder ? `${folder}/${entry.name}` : entry.name;
    if (near) {
      const renamed = `${entry.name.slice(0, entry.name.length - near.length)}${extension}`;
      report(file, `expected the extension ${extension}, received ${near}: rename the file to ${renamed}`);
      continue;
    }
    if (entry.isSymbolicLink()) {
      const target = await realpath(path.join(root, file)).catch(() => undefined);
      if (target === undefined) {
        // Other files (photos) are checked where an article uses them; `.#name.md` is Emacs's lock while it edits name.md.
        if (!matches || entry.name.startsWith(".#")) continue;
        const to = await readlink(path.join(root, file)).catch(() => "?");
        report(file, `expected a link to an existing file, received a link to "${to}", which does not exist`);
        continue;
      }
      const info = await stat(target);
      // A linked folder could hide articles.
      if (!matches && !info.isDirectory()) continue;
      if (!target.startsWith(rootReal + path.sep)) {
        report(file, "expected a file inside the repository, received a link that leads outside it");
        continue;
      }
      if (!matches) continue;
      if (!info.isFile()) {
        report(file, `expected a regular file, received a link to ${kindOf(info)}`);
        continue;
      }
    } else if (!entry.isFile()) {
      if (!entry.isDirectory()) report(file, `expected a regular file, received ${kindOf(entry)}`);
      continue;
    }
    files.push(file);
  }
  return files.sort();
}

/** A problem when `file` exists but is not a regular file (a named pipe would make a read wait forever). */
export async function notRegularFile(root: string, file: string): Promise<Problem | undefined> {
  const info = await stat(path.join(root, file)).catch(() => undefined);
  if (!info || info.isFile()) return undefined;
  return { file, line: 1, field: "", message: `expected a regular file, received ${kindOf(info)}`, severity: "error" };
}

/**
 * Reads files in the order given. Synchronous reads: for thousands of small files they
 * measured 5× faster here than promise-based reads (20,000 articles: 0.24 s vs 1.4 s).
 */
export function readAll(root: string, files: readonly string[]): Buffer[] {
  return files.map((file) => readFileSync(path.join(root, file)));
}

/** A file's bytes and the stat of the bytes read (one open: the stat is the read file's, not a later one's). */
export function readWithStat(file: string): { bytes: Buffer; stat: Stats } {
  const fd = openSync(file, "r");
  try {
    return { stat: fstatSync(fd), bytes: readFileSync(fd) };
  } finally {
    closeSync(fd);
  }
}

export function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}
