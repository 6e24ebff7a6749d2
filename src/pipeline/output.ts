/**
 * Atomic output: the build writes into a temporary folder beside the output folder
 * (same file system, so the swap is two renames) and swaps it in only when
 * everything succeeded. The old site is renamed away first and deleted afterwards
 * (deleting many files right before writing many is slow here, REFERENCE.md §12).
 *
 * The swap replaces the whole output folder, so the build refuses one that holds anything but
 * a previous build (checkOutputFolder), and removes the temporary folders of builds that were
 * killed (removeStaleTemps).
 */
import { existsSync, readdirSync, realpathSync, renameSync, rmSync, statSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { running } from "../content-store.ts";
import { NewsroomError } from "../errors/content-error.ts";
import { PROJECT_ROOT } from "../project.ts";

/** The output folder would replace or hold something that is not a previous build. */
export class OutputFolderError extends NewsroomError {
  override name = "OutputFolderError";
}

/**
 * Files every build writes at the top of its folder, whatever the content (src/model/page-lists.ts
 * claims them): a folder holding all of them is a previous build, which the next one may replace.
 * Recognised by its shape, so nothing is added to the published site to mark it.
 */
export const BUILD_SIGNATURE = ["404.html", "_headers", "_redirects", "robots.txt", "sitemap.xml"] as const;

/** Folders of a project that are never output: what editors write, the generator, its caches. */
const PROJECT_FOLDERS = ["content", "src", "layouts", "assets", "scripts", "tests", "node_modules", ".git", ".github", ".cache"];

/**
 * Refuses an output folder the build must not replace: the project or a folder above it, a
 * folder of the project's own files (content/, src/ …) or one inside them, and an existing
 * folder that is neither empty nor a previous build. Touches nothing.
 */
export function checkOutputFolder(root: string, outputDir: string): void {
  const output = real(path.resolve(outputDir));
  const shown = outputDir;
  const refuse = (why: string) =>
    new OutputFolderError(
      `--output ${shown}: expected a folder for the built site (such as _site), received ${output}, ${why}; the build replaces that folder whole, so nothing was touched.`,
    );
  for (const project of new Set([real(path.resolve(root)), real(PROJECT_ROOT)])) {
    if (output === project || isInside(project, output)) throw refuse(`which ${output === project ? "is" : "holds"} the project ${project}`);
    for (const name of PROJECT_FOLDERS) {
      const folder = real(path.join(project, name));
      if (output === folder || isInside(output, folder)) throw refuse(`which is ${output === folder ? "" : "inside "}the project's ${name}/ folder`);
    }
  }
  let entries: string[];
  try {
    if (!statSync(output).isDirectory()) throw refuse("which is a file");
    entries = readdirSync(output);
  } catch (error) {
    if (error instanceof OutputFolderError) throw error;
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  if (entries.length === 0 || BUILD_SIGNATURE.every((name) => entries.includes(name))) return;
  const listed = entries.sort().slice(0, 3).join(", ");
  throw refuse(
    `which is not empty (${listed}${entries.length > 3 ? ", …" : ""}) and not a previous build (a build has ${BUILD_SIGNATURE.join(", ")} at its top); empty it or choose a new folder`,
  );
}

/** Is `inner` strictly inside `outer`? */
function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(outer, inner);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

/** The real path of `file`, or of its nearest existing folder with the rest appended (symlinks resolved). */
function real(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    const up = path.dirname(file);
    return up === file ? file : path.join(real(up), path.basename(file));
  }
}

export async function freshTempDir(outputDir: string): Promise<string> {
  const dir = `${outputDir}.tmp-${process.pid}-${Date.now()}`;
  await mkdir(dir, { recursive: true });
  return dir;
}

/**
 * Removes the temporary folders (`_site.tmp-<pid>-<time>`, and `…-old` of a swap) of builds that
 * were killed: those whose process is not running. A build killed between the two renames of its
 * swap left no output folder, and the published site in its `…-old`: that one is put back instead.
 * Returns the folders removed.
 */
export function removeStaleTemps(outputDir: string): string[] {
  const parent = path.dirname(path.resolve(outputDir));
  const base = path.basename(path.resolve(outputDir));
  const pattern = /^\.tmp-(\d+)-\d+(?:-old)?$/;
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return [];
  }
  const stale = names.filter((name) => {
    const pid = name.startsWith(base) ? pattern.exec(name.slice(base.length))?.[1] : undefined;
    return pid !== undefined && Number(pid) !== process.pid && !running(Number(pid));
  });
  const output = path.join(parent, base);
  const swappedAt = (name: string) => Number(/-(\d+)-old$/.exec(name)?.[1] ?? -1);
  const last = stale
    .filter((name) => swappedAt(name) >= 0)
    .sort((a, b) => swappedAt(a) - swappedAt(b))
    .at(-1);
  if (last !== undefined && !existsSync(output)) renameSync(path.join(parent, last), output);
  const removed: string[] = [];
  for (const name of stale) {
    const dir = path.join(parent, name);
    if (!existsSync(dir)) continue;
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
    if (!existsSync(dir)) removed.push(dir);
  }
  return removed;
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

/**
 * Removes a failed build's temporary folder, retrying while something still lands in it
 * (ENOTEMPTY, EBUSY). Never throws: the build's own error is what matters; a folder left
 * behind is removed by the next build (removeStaleTemps).
 */
export async function discard(tempDir: string): Promise<string | undefined> {
  try {
    await rm(tempDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 50 });
    return undefined;
  } catch (error) {
    return `could not remove ${tempDir} (${(error as Error).message}); the next build removes it`;
  }
}
