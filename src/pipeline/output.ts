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
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmdirSync, rmSync, statSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import path from "node:path";
import { compacts } from "../base-log.ts";
import { linkOrCopySync, running } from "../content-store.ts";
import { NewsroomError } from "../errors/content-error.ts";
import { PROJECT_ROOT } from "../project.ts";
import type { LinkedChange } from "./link-check.ts";
import {
  appendLog,
  COMPACTION,
  type Compaction,
  changeFrame,
  LiveFiles,
  linkedChangeOf,
  NEXT_RECORD_FILE,
  OLD_RECORD_FILE,
  RECORD_FILE,
  RECORD_LOG_FILE,
  type RecordChange,
  readRecord,
  syncFolder,
  writeBase,
  writeDurably,
} from "./live-record.ts";

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
 * record of that folder (src/pipeline/live-record.ts: every file, the cache entry it came from, its
 * size and whether a page links to it; a base and a log of changes under `.cache/output/<id>/`)
 * still matches the folder, does not build a whole new tree: it writes what it rendered into its
 * temporary folder, links there only the cache entries that differ from the live files, and after
 * every check has passed moves them into the live folder one rename each and deletes the files no
 * longer published, so a build costs time in what changed, not in the archive. The moves are listed
 * first in a journal (fsynced), with the record's change (the log entry to append, or a new base
 * written beside the record): a build killed while it moves files or updates the record leaves the
 * journal, and the next build finishes the commit before anything else. A build that fails before
 * its commit leaves the live folder untouched. Without a record (the first build, a new output
 * folder, one replaced by hand, a record of another version, the preview, `NEWSROOM_INCREMENTAL=off`)
 * the build makes the whole tree beside the old one and swaps it in (swapInto).
 */

/** The commit into the live folder failed after its journal was written: the temporary folder must stay for the next build to finish it. */
export class CommitError extends NewsroomError {
  override name = "CommitError";
}

/** File (relative to the output folder, `/`-separated) → the cache entry it is a link of, or "" for a file written by the build. */
export type OutputFiles = Map<string, string>;

export { LiveFiles, RECORD_FILE, RECORD_LOG_FILE } from "./live-record.ts";

/** The folder of the temporary one where an incremental commit links the cache entries it moves in (a name no site file has: the build writes none starting so). */
const STAGED_DIR = ".newsroom-staged";

/** The journal's file in the output's state folder, while a commit runs. */
export const JOURNAL_FILE = "journal.json";

export interface Journal {
  temp: string;
  /**
   * Files to move from `temp` into the output folder, in order: the last `staged` of them are cache
   * entries linked in flat under `temp`'s `STAGED_DIR`, as 0, 1, … (no folder made for each), the
   * others at their own path in `temp`.
   */
  moves: string[];
  staged?: number;
  /** Files to delete from the output folder. */
  deletes: string[];
  /** How the record follows once the files are in place (a journal of an earlier version has none: as "base"). */
  record?: JournalRecord;
}

export type JournalRecord =
  /** The change's entry, appended to the log at its byte `at` as entry `seq` after base `base`: `moves` with their cache entries and sizes, `deletes`, the linked files' change. */
  | { kind: "log"; base: string; seq: number; at: number; sources: string[]; sizes: number[]; linked: RecordChange["linked"] }
  /** The next base (written whole before the journal, the log compacted into it) replaces base and log. */
  | { kind: "base" }
  /** Nothing changed: the record stays as it is. */
  | { kind: "same" };

/** The files the new site's pages link to, as the link check gives them (src/pipeline/link-check.ts): every one, or the change to the live site's. */
export type LinkedFiles = readonly string[] | LinkedChange | undefined;

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
  return readRecord(outputStateDir(root, outputDir), outputDir);
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

/** Every linked file of the new site, for a record written whole: the list, or the live site's changed as the link check says. */
function allLinked(live: LiveFiles | undefined, linked: LinkedFiles): Iterable<string> | undefined {
  if (linked === undefined || Array.isArray(linked)) return linked as readonly string[] | undefined;
  const before = live?.linkedFiles();
  if (!before) return undefined;
  const { added, removed } = linked as LinkedChange;
  const gone = new Set(removed);
  return [...before.filter((file) => !gone.has(file)), ...added];
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
  options: { incremental: boolean; live?: LiveFiles } & CommitOptions,
): Promise<PublishStats> {
  const stateDir = outputStateDir(root, outputDir);
  const plan = options.incremental ? planCommit(root, tempDir, outputDir, placed, written, { ...options, known: options.live }) : undefined;
  if (plan) {
    try {
      applyJournal(stateDir, outputDir, plan.journal);
    } catch (error) {
      throw new CommitError(
        `publishing into ${outputDir} stopped half-way (${(error as Error).message}); the next build finishes it from its journal (${path.join(stateDir, JOURNAL_FILE)})`,
        { cause: error },
      );
    }
    return plan.stats;
  }
  // The whole tree beside the old one, then one swap: no record describes the folder meanwhile.
  for (const name of [RECORD_FILE, RECORD_LOG_FILE, NEXT_RECORD_FILE, OLD_RECORD_FILE]) rmSync(path.join(stateDir, name), { force: true });
  const files: OutputFiles = new Map();
  for (const file of filesUnder(tempDir)) files.set(file, written.get(file) ?? "");
  const made = new Set<string>();
  for (const [file, source] of placed) {
    linkInto(source, path.join(tempDir, file), made);
    files.set(file, source);
  }
  const record = LiveFiles.of(
    Array.from(files, ([file, source]) => [file, source, statSync(path.join(tempDir, file)).size] as const),
    allLinked(options.live, options.linked),
  );
  await swapInto(tempDir, outputDir);
  if (options.incremental) writeBase(stateDir, outputDir, record);
  return { mode: "full", written: files.size, deleted: 0, kept: 0, files: record.size, bytes: record.bytes };
}

export interface CommitOptions {
  /** The record as the build read it (else it is read here); when the record is compacted, it describes the next folder afterwards. */
  known?: LiveFiles;
  /** The files the new site's pages link to (src/pipeline/link-check.ts), kept in the record. */
  linked?: LinkedFiles;
  /**
   * The live files the new site did not hold when its links were checked (src/pipeline/link-check.ts
   * `LinkCheck.going`): the files to delete are among them (the build only adds files after the
   * check), so the record is not scanned for them.
   */
  going?: ReadonlySet<string>;
  /**
   * The placed files the live folder may not hold as they are (src/pipeline/link-check.ts `LinkCheck.differing`,
   * with any placed after the check): the others it holds, so the commit does not go through every placed file.
   * Without it, every placed file is compared with the record.
   */
  differing?: Iterable<string>;
  compaction?: Compaction;
}

/**
 * The incremental commit, up to its journal: links into `tempDir` the cache entries that differ from
 * the live files, writes the journal (fsynced) with the record's change (and, when the record is
 * compacted, the next base beside it first), and returns the journal to carry out. Undefined, with
 * nothing written, when the live folder has no record that still matches it.
 */
export function planCommit(
  root: string,
  tempDir: string,
  outputDir: string,
  placed: OutputFiles,
  written: ReadonlyMap<string, string>,
  options: CommitOptions = {},
): { journal: Journal; stats: PublishStats } | undefined {
  const { linked, going, compaction = COMPACTION } = options;
  const stateDir = outputStateDir(root, outputDir);
  const live = options.known ?? readRecord(stateDir, outputDir);
  const stored = live?.stored;
  if (!live || !stored) return undefined;
  // The files this build wrote, and the placed ones that differ from the live files: moved in.
  const moves = filesUnder(tempDir);
  const moved = new Set(moves);
  const unstaged = moves.length;
  const staging = path.join(tempDir, STAGED_DIR);
  const compared = options.differing === undefined ? placed.keys() : new Set(options.differing);
  for (const file of compared) {
    const source = placed.get(file);
    if (source === undefined || live.holds(file, source)) continue;
    if (moved.has(file)) {
      // Written by the build too: the cache entry takes its place.
      linkOrCopySync(source, path.join(tempDir, file), { replace: true });
      continue;
    }
    if (moves.length === unstaged) mkdirSync(staging);
    linkOrCopySync(source, path.join(staging, String(moves.length - unstaged)), { replace: true });
    moves.push(file);
    moved.add(file);
  }
  const staged = moves.length - unstaged;
  const deletes: string[] = [];
  for (const file of going ?? live.keys()) if (live.has(file) && !moved.has(file) && !placed.has(file)) deletes.push(file);
  const sources = moves.map((file) => placed.get(file) ?? written.get(file) ?? "");
  const sizes = moves.map((file, i) => statSync(i < unstaged ? path.join(tempDir, file) : path.join(staging, String(i - unstaged))).size);
  const change: RecordChange = { files: moves, sources, sizes, deletes, linked: linkedChangeOf(live, linked) };
  // The published folder's files and bytes, from the record's sizes and the moved files'.
  let replaced = 0;
  let bytes = live.bytes;
  for (const file of deletes) bytes -= live.sizeOf(file) ?? 0;
  for (const [i, file] of moves.entries()) {
    const before = live.sizeOf(file);
    if (before !== undefined) replaced++;
    bytes += (sizes[i] as number) - (before ?? 0);
  }
  const stats: PublishStats = {
    mode: "incremental",
    written: moves.length,
    deleted: deletes.length,
    kept: live.size - deletes.length - replaced,
    files: live.size - deletes.length + moves.length - replaced,
    bytes,
  };
  const links = change.linked;
  const same =
    moves.length === 0 &&
    deletes.length === 0 &&
    (links === null ? live.linked === undefined : !links.reset && live.linked !== undefined && links.added.length + links.removed.length === 0);
  let record: JournalRecord = { kind: "same" };
  if (!same) {
    const seq = stored.entries + 1;
    const entryBytes = changeFrame(stored.id, seq, change).length;
    if (compacts(compaction, stored, seq, entryBytes)) {
      // Compacted: the next record written whole beside the record (the caller's record becomes it).
      live.apply(change);
      writeBase(stateDir, outputDir, live, NEXT_RECORD_FILE);
      record = { kind: "base" };
    } else record = { kind: "log", base: stored.id, seq, at: stored.logBytes, sources, sizes, linked: links };
  }
  // From here on the build is committed.
  const journal: Journal = { temp: tempDir, moves, staged, deletes, record };
  writeDurably(path.join(stateDir, JOURNAL_FILE), Buffer.from(JSON.stringify(journal)));
  return { journal, stats };
}

/**
 * Carries out a journal: moves each file still in the temporary folder into place, deletes the
 * files to delete (and folders they leave empty), brings the record along (appends the log entry,
 * or makes the next base the record and drops the log), and removes the journal and the temporary
 * folder. Every step may already have been done by a build that was killed while doing it. `stop`
 * is the tests' killed build: after that many moves, before the record ("record"), or before the
 * journal is removed ("journal").
 */
export function applyJournal(
  stateDir: string,
  outputDir: string,
  journal: Journal,
  stop: number | "record" | "journal" = Number.POSITIVE_INFINITY,
): void {
  const made = new Set<string>();
  const firstStaged = journal.moves.length - (journal.staged ?? 0);
  for (const [i, file] of journal.moves.entries()) {
    if (typeof stop === "number" && i >= stop) return;
    const from = i < firstStaged ? path.join(journal.temp, file) : path.join(journal.temp, STAGED_DIR, String(i - firstStaged));
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
  if (stop === "record") return;
  const record = journal.record ?? { kind: "base" };
  if (record.kind === "log") {
    const { base, seq, at, sources, sizes, linked } = record;
    appendLog(stateDir, at, changeFrame(base, seq, { files: journal.moves, sources, sizes, deletes: journal.deletes, linked }));
  } else if (record.kind === "base") {
    try {
      renameSync(path.join(stateDir, NEXT_RECORD_FILE), path.join(stateDir, RECORD_FILE));
    } catch (error) {
      // Renamed by the build that wrote the journal, before it was killed.
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
    rmSync(path.join(stateDir, RECORD_LOG_FILE), { force: true });
    syncFolder(stateDir);
  }
  if (stop === "journal") return;
  // The journal's removal made durable: a journal back after a crash would undo a later commit's log entry.
  rmSync(path.join(stateDir, JOURNAL_FILE), { force: true });
  syncFolder(stateDir);
  rmSync(journal.temp, { recursive: true, force: true });
}

/**
 * Finishes the commit of a build that was killed while moving its files into `outputDir` or
 * updating the record (its journal is still there): run first, before anything removes that build's
 * temporary folder or reads the record. Returns whether there was one.
 */
export function finishInterruptedCommit(root: string, outputDir: string): boolean {
  const stateDir = outputStateDir(root, outputDir);
  let journal: Journal;
  try {
    journal = JSON.parse(readFileSync(path.join(stateDir, JOURNAL_FILE), "utf8")) as Journal;
  } catch {
    return false;
  }
  applyJournal(stateDir, outputDir, journal);
  return true;
}
