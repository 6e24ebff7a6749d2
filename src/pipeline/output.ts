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
import { createHash } from "node:crypto";
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeSync,
} from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import { linkOrCopySync, running } from "../content-store.ts";
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

/**
 * Incremental publishing (issue 19). A build whose output folder it published before, and whose
 * record of that folder (`.cache/output/<id>/record.v8`: every file, the cache entry it came
 * from and its size) still matches the folder, does not build a whole new tree: it writes what it
 * rendered into its temporary folder, links there only the cache entries that differ from the
 * live files, and after every check has passed moves them into the live folder one rename each
 * and deletes the files no longer published, so a build costs time in what changed, not in the
 * archive. The moves are listed first in a journal (fsynced): a build killed while it moves
 * files leaves the journal, and the next build finishes those moves before anything else. A build
 * that fails before its commit leaves the live folder untouched. Without a record (the first
 * build, a new output folder, one replaced by hand, the preview, `NEWSROOM_INCREMENTAL=off`) the
 * build makes the whole tree beside the old one and swaps it in (swapInto).
 */

/** The commit into the live folder failed after its journal was written: the temporary folder must stay for the next build to finish it. */
export class CommitError extends NewsroomError {
  override name = "CommitError";
}

/** File (relative to the output folder, `/`-separated) → the cache entry it is a link of, or "" for a file written by the build. */
export type OutputFiles = Map<string, string>;

/**
 * The record of a live folder, in v8's serialization (node:v8): read and written whole in a few
 * milliseconds per 10,000 files, where the JSON form it replaces took ~0.3 s a build at 20k.
 */
interface Manifest {
  /** Bump when the record's shape changes: a record of another version is not trusted (the next build swaps whole). */
  version: typeof RECORD_VERSION;
  /** The output folder the record describes: its device and inode, so a folder removed or replaced since is not trusted. */
  dev: number;
  ino: number;
  /** Its birth time (0 where the file system keeps none): a folder made anew may get the inode of the one removed. */
  born: number;
  /**
   * Every file, `/`-separated, and its bytes (`sizes[i]`). The cache entry `files[i]` is a link of is
   * `folders[sourceFolders[i]]` (with its separator) followed by `sourceNames[i]`, or none (a file the build wrote) where
   * `sourceFolders[i]` is -1: a few hundred folders hold every entry, so each is written once (a third
   * of the record's bytes at 20k, which are written and fsynced every build).
   */
  files: string[];
  folders: string[];
  sourceFolders: Int32Array;
  sourceNames: string[];
  sizes: Float64Array;
  /** The files the folder's pages link to (a superset; src/pipeline/link-check.ts), absent when not known. */
  linked?: readonly string[];
}

const RECORD_VERSION = 3;

/** The record's file in the output's state folder (`outputStateDir`), and the next record's while a commit runs. */
export const RECORD_FILE = "record.v8";
const NEXT_RECORD_FILE = "record.next.v8";
/** The record's earlier name (JSON): removed when a build records the folder anew. */
const OLD_RECORD_FILE = "manifest.json";

/** What the live folder holds by its record: file → cache entry or "" (OutputFiles), and the size of each file the record knows. */
export class LiveFiles extends Map<string, string> {
  /** Each file's size, in the map's order (the record's). */
  sizes: ArrayLike<number> = [];
  /** The files its pages link to, when the record knows them: a build deleting none of them checks no unchanged page's links. */
  linked?: readonly string[];
}

export interface Journal {
  temp: string;
  /** Files to move from `temp` into the output folder, in order. */
  moves: string[];
  /** Files to delete from the output folder. */
  deletes: string[];
}

export type PublishMode = "incremental" | "full";

export interface PublishStats {
  mode: PublishMode;
  /** Files moved or linked into the live folder (full: every file). */
  written: number;
  deleted: number;
  /** Live files left as they were (incremental only). */
  kept: number;
  /** The published folder: its files, and their bytes (a hard-linked cache entry at its size, as a host stores it). */
  files: number;
  bytes: number;
}

/** Where the record and the journal of `outputDir` are kept: `.cache/output/<hash of its path>/`. */
export function outputStateDir(root: string, outputDir: string): string {
  const id = createHash("sha256")
    .update(real(path.resolve(outputDir)))
    .digest("hex")
    .slice(0, 16);
  return path.join(root, ".cache/output", id);
}

export function incrementalEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env.NEWSROOM_INCREMENTAL ?? "on";
  if (value === "on" || value === "off") return value === "on";
  throw new NewsroomError(`NEWSROOM_INCREMENTAL: expected on or off, received "${value}"`);
}

/** What the live folder holds (file → cache entry or ""), when its record still describes it: for the link check and publish(). */
export function liveFiles(root: string, outputDir: string): LiveFiles | undefined {
  return readManifest(outputStateDir(root, outputDir), outputDir);
}

/** The record of what the live folder holds, when it still describes that folder. */
function readManifest(stateDir: string, outputDir: string): LiveFiles | undefined {
  let manifest: Manifest;
  try {
    manifest = deserialize(readFileSync(path.join(stateDir, RECORD_FILE))) as Manifest;
    const live = statSync(outputDir);
    if (
      manifest?.version !== RECORD_VERSION ||
      live.dev !== manifest.dev ||
      live.ino !== manifest.ino ||
      live.birthtimeMs !== manifest.born ||
      !Array.isArray(manifest.files) ||
      !Array.isArray(manifest.folders) ||
      !(manifest.sourceFolders instanceof Int32Array) ||
      !Array.isArray(manifest.sourceNames) ||
      !(manifest.sizes instanceof Float64Array) ||
      manifest.sourceFolders.length !== manifest.files.length ||
      manifest.sourceNames.length !== manifest.files.length ||
      manifest.sizes.length !== manifest.files.length ||
      (manifest.linked !== undefined && !Array.isArray(manifest.linked))
    )
      return undefined;
  } catch {
    return undefined;
  }
  const { files, folders, sourceFolders, sourceNames, sizes } = manifest;
  const live = new LiveFiles();
  for (let i = 0; i < files.length; i++) {
    const folder = sourceFolders[i] as number;
    if (folder >= folders.length) return undefined;
    live.set(files[i] as string, folder < 0 ? "" : `${folders[folder]}${sourceNames[i]}`);
  }
  // A file named twice would shift the sizes against the map's order: such a record is not trusted.
  if (live.size !== files.length) return undefined;
  live.sizes = sizes;
  if (manifest.linked) live.linked = manifest.linked;
  return live;
}

/** Writes `data` to `file` through a staging name, fsynced before the rename. */
function writeDurably(file: string, data: Uint8Array): void {
  const staging = `${file}.tmp-${process.pid}`;
  const fd = openSync(staging, "w");
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(staging, file);
  // The rename itself, made durable: the folder's entry.
  const dir = openSync(path.dirname(file), "r");
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}

/** The files of a record: names, cache entries ("" for a file the build wrote) and sizes, in the same order. */
interface RecordFiles {
  files: string[];
  sources: string[];
  sizes: number[];
}

function writeManifest(stateDir: string, outputDir: string, record: RecordFiles, linked: readonly string[] | undefined, name = RECORD_FILE): void {
  mkdirSync(stateDir, { recursive: true });
  const live = statSync(outputDir);
  const folders = new Map<string, number>();
  const sourceFolders = new Int32Array(record.files.length);
  const sourceNames: string[] = [];
  for (const [i, source] of record.sources.entries()) {
    // The folder with its separator, and the name: the two make the path back as it was.
    const cut = source.lastIndexOf(path.sep) + 1;
    const dir = source.slice(0, cut);
    let folder = folders.get(dir);
    if (folder === undefined && source !== "") {
      folder = folders.size;
      folders.set(dir, folder);
    }
    sourceFolders[i] = folder ?? -1;
    sourceNames.push(source.slice(cut));
  }
  const manifest: Manifest = {
    version: RECORD_VERSION,
    dev: live.dev,
    ino: live.ino,
    born: live.birthtimeMs,
    files: record.files,
    folders: [...folders.keys()],
    sourceFolders,
    sourceNames,
    sizes: Float64Array.from(record.sizes),
    ...(linked ? { linked } : {}),
  };
  writeDurably(path.join(stateDir, name), serialize(manifest));
  rmSync(path.join(stateDir, OLD_RECORD_FILE), { force: true });
}

/** The published folder's files and bytes, from each file's size. */
function totals(record: RecordFiles): { files: number; bytes: number } {
  let bytes = 0;
  for (const size of record.sizes) bytes += size;
  return { files: record.files.length, bytes };
}

/** Every file under `dir`, relative and `/`-separated. */
function filesUnder(dir: string): string[] {
  const root = path.resolve(dir);
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => {
      const relative = d.parentPath === root ? d.name : `${d.parentPath.slice(root.length + 1)}/${d.name}`;
      return path.sep === "/" ? relative : relative.split(path.sep).join("/");
    });
}

/** Links `source` at `target`, making its folder (once per folder). */
function linkInto(source: string, target: string, made: Set<string>): void {
  const dir = path.dirname(target);
  if (!made.has(dir)) {
    mkdirSync(dir, { recursive: true });
    made.add(dir);
  }
  linkOrCopySync(source, target, { replace: true });
}

/**
 * Publishes the build in `tempDir` to `outputDir`: the files written there, plus `placed` (file →
 * cache entry) linked in. `written` gives the cache entry of files the build wrote and the cache
 * took in (rendered pages), so a later build knows them. Incremental when the record allows it.
 */
export async function publish(
  root: string,
  tempDir: string,
  outputDir: string,
  placed: OutputFiles,
  written: ReadonlyMap<string, string>,
  options: { incremental: boolean; live?: LiveFiles; linked?: readonly string[] },
): Promise<PublishStats> {
  const stateDir = outputStateDir(root, outputDir);
  const plan = options.incremental ? planCommit(root, tempDir, outputDir, placed, written, options.live, options.linked) : undefined;
  if (plan) {
    try {
      applyJournal(stateDir, outputDir, plan.journal);
    } catch (error) {
      throw new CommitError(
        `publishing into ${outputDir} stopped half-way (${(error as Error).message}); the next build finishes it from its journal (${path.join(stateDir, "journal.json")})`,
        { cause: error },
      );
    }
    return plan.stats;
  }
  // The whole tree beside the old one, then one swap.
  rmSync(path.join(stateDir, RECORD_FILE), { force: true });
  rmSync(path.join(stateDir, OLD_RECORD_FILE), { force: true });
  const files: OutputFiles = new Map();
  for (const file of filesUnder(tempDir)) files.set(file, written.get(file) ?? "");
  const made = new Set<string>();
  for (const [file, source] of placed) {
    linkInto(source, path.join(tempDir, file), made);
    files.set(file, source);
  }
  const record: RecordFiles = { files: [...files.keys()], sources: [...files.values()], sizes: [] };
  for (const file of record.files) record.sizes.push(statSync(path.join(tempDir, file)).size);
  await swapInto(tempDir, outputDir);
  if (options.incremental) writeManifest(stateDir, outputDir, record, options.linked);
  return { mode: "full", written: files.size, deleted: 0, kept: 0, ...totals(record) };
}

/**
 * The incremental commit, up to its journal: links into `tempDir` the cache entries that differ from
 * the live files, writes the record the live folder will match and the journal (both fsynced), and
 * returns the journal to carry out. Undefined, with nothing written, when the live folder has no
 * record that still matches it.
 */
export function planCommit(
  root: string,
  tempDir: string,
  outputDir: string,
  placed: OutputFiles,
  written: ReadonlyMap<string, string>,
  known?: LiveFiles,
  /** The files the new site's pages link to (src/pipeline/link-check.ts `LinkCheck.linked`), kept in the record. */
  linked?: readonly string[],
): { journal: Journal; stats: PublishStats } | undefined {
  const stateDir = outputStateDir(root, outputDir);
  const live = known ?? readManifest(stateDir, outputDir);
  if (!live) return undefined;
  // The files this build wrote, and the placed ones that differ from the live files: moved in.
  const moves = filesUnder(tempDir);
  const moved = new Set(moves);
  const made = new Set<string>();
  for (const [file, source] of placed) {
    if (live.get(file) === source) continue;
    linkInto(source, path.join(tempDir, file), made);
    moves.push(file);
    moved.add(file);
  }
  // The next record: the live files kept (with their sizes from the record), then those moved in (sizes from the temporary folder).
  const record: RecordFiles = { files: [], sources: [], sizes: [] };
  const deletes: string[] = [];
  let i = 0;
  for (const [file, source] of live) {
    const size = live.sizes[i++] ?? 0;
    if (moved.has(file)) continue;
    if (!placed.has(file)) {
      deletes.push(file);
      continue;
    }
    record.files.push(file);
    record.sources.push(source);
    record.sizes.push(size);
  }
  const kept = record.files.length;
  for (const file of moves) {
    record.files.push(file);
    record.sources.push(placed.get(file) ?? written.get(file) ?? "");
    record.sizes.push(statSync(path.join(tempDir, file)).size);
  }
  // The record the folder will match, then the journal: from here on the build is committed.
  writeManifest(stateDir, outputDir, record, linked, NEXT_RECORD_FILE);
  const journal: Journal = { temp: tempDir, moves, deletes };
  writeDurably(path.join(stateDir, "journal.json"), Buffer.from(JSON.stringify(journal)));
  return { journal, stats: { mode: "incremental", written: moves.length, deleted: deletes.length, kept, ...totals(record) } };
}

/**
 * Carries out a journal: moves each file still in the temporary folder into place, deletes the
 * files to delete (and folders they leave empty), makes the next record the record, and removes
 * the journal and the temporary folder. Every step may already have been done by a build that
 * was killed while doing it. `limit` stops after that many moves (the tests' killed build).
 */
export function applyJournal(stateDir: string, outputDir: string, journal: Journal, limit = Number.POSITIVE_INFINITY): void {
  const made = new Set<string>();
  let moved = 0;
  for (const file of journal.moves) {
    if (moved++ >= limit) return;
    const from = path.join(journal.temp, file);
    const to = path.join(outputDir, file);
    const dir = path.dirname(to);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    try {
      renameSync(from, to);
    } catch (error) {
      // Moved by the build that wrote the journal, before it was killed.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
  const emptied = new Set<string>();
  for (const file of journal.deletes) {
    rmSync(path.join(outputDir, file), { force: true });
    emptied.add(path.dirname(file));
  }
  // Folders left empty go too, deepest first; a folder still holding files stays.
  for (const dir of [...emptied].sort((a, b) => b.length - a.length)) {
    for (let d = dir; d !== "." && d !== ""; d = path.dirname(d)) {
      try {
        rmdirSync(path.join(outputDir, d));
      } catch {
        break;
      }
    }
  }
  renameSync(path.join(stateDir, NEXT_RECORD_FILE), path.join(stateDir, RECORD_FILE));
  rmSync(path.join(stateDir, "journal.json"), { force: true });
  rmSync(journal.temp, { recursive: true, force: true });
}

/**
 * Finishes the commit of a build that was killed while moving its files into `outputDir` (its
 * journal is still there): run first, before anything removes that build's temporary folder.
 * Returns whether there was one.
 */
export function finishInterruptedCommit(root: string, outputDir: string): boolean {
  const stateDir = outputStateDir(root, outputDir);
  let journal: Journal;
  try {
    journal = JSON.parse(readFileSync(path.join(stateDir, "journal.json"), "utf8")) as Journal;
  } catch {
    return false;
  }
  applyJournal(stateDir, outputDir, journal);
  return true;
}
