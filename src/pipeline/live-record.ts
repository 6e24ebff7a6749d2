/**
 * The record of a live output folder (issue 19; src/pipeline/output.ts publishes with it): every
 * file it holds, the cache entry the file is a link of, its size, and whether some page links to it.
 *
 * Kept as a base (`record.v8`, node:v8's serialization, written whole) and a log of changes
 * (`record.log`), one entry per publish: the files moved in with their cache entry and size, the
 * files deleted, the change of the linked files. A publish appends its entry (fsynced), so it
 * writes bytes in proportion to what it changed, not to the archive; reading is the base with the
 * log's entries applied in order. Now and then a publish writes a new base instead (compaction):
 * when its entry would take the log past a quarter of the base's bytes, or past 500 entries
 * (`COMPACTION`). With the log bounded by a fraction f of the base, a base of B bytes is written
 * once per f·B bytes of entries, so each publish writes on average its entry times (1 + 1/f), 5×
 * at f = ¼, whatever the archive's size, and each read costs at most (1 + f) times the base's.
 * The entries' cap bounds the per-entry work of a read where many publishes change little each.
 *
 * Trust: the base names the folder it describes (device, inode, birth time) and its version
 * (`RECORD_VERSION`: a record of another shape is not trusted, and the next build swaps whole); it
 * has a random id, and every log entry names the base it follows, its version and its place in the
 * log (1, 2, …), each framed with its length and a hash of its bytes: a log of another base (another
 * folder's, one left by a compaction), of another version, torn or out of order makes the whole
 * record untrusted, never half-applied.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import { appendLog as appendToLog, type Compaction, logEntries, logFrame, readLog, writeDurably } from "../base-log.ts";
import type { LinkedChange, LiveSite } from "./link-check.ts";

/** Bump when the record's shape (base or log entry) changes: a record of another version is not trusted (the next build swaps whole). */
export const RECORD_VERSION = 4;

/** The base, in the output's state folder (src/pipeline/output.ts `outputStateDir`). */
export const RECORD_FILE = "record.v8";
/** The log of changes since the base. */
export const RECORD_LOG_FILE = "record.log";
/** The next base, while a commit that compacts the record runs. */
export const NEXT_RECORD_FILE = "record.next.v8";
/** The record's earlier name (JSON): removed when a build records the folder anew. */
export const OLD_RECORD_FILE = "manifest.json";

export { type Compaction, logFrame, syncFolder, writeDurably } from "../base-log.ts";

export const COMPACTION: Compaction = { fraction: 0.25, entries: 500 };

interface Base {
  version: number;
  /** Names this base: each log entry names the base it follows. */
  id: string;
  /** The output folder the record describes: its device and inode, so a folder removed or replaced since is not trusted. */
  dev: number;
  ino: number;
  /** Its birth time (0 where the file system keeps none): a folder made anew may get the inode of the one removed. */
  born: number;
  /**
   * Every file, `/`-separated, and its bytes (`sizes[i]`). The cache entry `files[i]` is a link of is
   * `folders[sourceFolders[i]]` (with its separator) followed by `sourceNames[i]`, or none (a file the
   * build wrote) where `sourceFolders[i]` is -1: a few hundred folders hold every entry, so each is
   * written once.
   */
  files: string[];
  folders: string[];
  sourceFolders: Int32Array;
  sourceNames: string[];
  sizes: Float64Array;
  /** 1 where some page of the folder links to the file (a superset; src/pipeline/link-check.ts), null when not known. */
  linked: Uint8Array | null;
}

/** One publish's change to the record. */
export interface RecordChange {
  /** Files moved in (new or replaced), in order, with the cache entry each is a link of ("" for none) and its bytes. */
  files: readonly string[];
  sources: readonly string[];
  sizes: readonly number[];
  /** Files deleted. */
  deletes: readonly string[];
  /**
   * The linked files' change, after the moves and deletes (a file replaced stays linked as it was):
   * `reset` first marks none linked; null: not known from now on.
   */
  linked: { reset: boolean; added: readonly string[]; removed: readonly string[] } | null;
}

/** A log entry: a change, the base it follows, and its place in the log (1, 2, …). */
interface LogEntry extends RecordChange {
  version: number;
  base: string;
  seq: number;
}

/** Where a record read from disk stands: its base, the log's bytes and entries (the next entry's place). */
export interface StoredRecord {
  id: string;
  baseBytes: number;
  logBytes: number;
  entries: number;
}

/**
 * What the live folder holds by its record: file → cache entry or "" (a read-only map in the record's
 * order: a file moved in goes last), each file's size, and the files its pages link to.
 */
export class LiveFiles implements LiveSite {
  /** File → its slot: below `#baseCount` in the base's arrays, from it on in those the log added. */
  readonly #slots = new Map<string, number>();
  #baseCount = 0;
  /** Each slot's file; undefined once the file is deleted or moved in again (to a new slot). The base's list is taken as it is. */
  #baseFiles: (string | undefined)[] = [];
  readonly #files: (string | undefined)[] = [];
  #folders: readonly string[] = [];
  #sourceFolders: Int32Array = new Int32Array(0);
  #sourceNames: readonly string[] = [];
  #baseSizes: Float64Array = new Float64Array(0);
  #baseFlags: Uint8Array = new Uint8Array(0);
  readonly #sources: string[] = [];
  readonly #sizes: number[] = [];
  readonly #flags: number[] = [];
  #linksKnown = false;
  #bytes = 0;
  /** The record on disk this was read from (undefined for one made in memory). */
  stored?: StoredRecord;

  /** A record of the given files in order (`entries`: file, cache entry or "", bytes) and, when known, the files pages link to. */
  static of(entries: Iterable<readonly [string, string, number]>, linked?: Iterable<string>): LiveFiles {
    const live = new LiveFiles();
    for (const [file, source, size] of entries) live.#put(file, source, size, 0);
    if (linked) {
      live.#linksKnown = true;
      for (const file of linked) live.#mark(file, 1);
    }
    return live;
  }

  /** The record of a base, or undefined when it is not well formed. The base's arrays become the record's (its changes write into them). */
  static fromBase(base: Base): LiveFiles | undefined {
    const { files, folders, sourceFolders, sourceNames, sizes, linked } = base;
    const n = files.length;
    if (sourceFolders.length !== n || sourceNames.length !== n || sizes.length !== n || (linked !== null && linked.length !== n)) return undefined;
    const live = new LiveFiles();
    for (let i = 0; i < n; i++) {
      if ((sourceFolders[i] as number) >= folders.length) return undefined;
      live.#slots.set(files[i] as string, i);
      live.#bytes += sizes[i] as number;
    }
    // A file named twice would leave a slot no file names: such a record is not trusted.
    if (live.#slots.size !== n) return undefined;
    live.#baseCount = n;
    live.#baseFiles = files;
    live.#folders = folders;
    live.#sourceFolders = sourceFolders;
    live.#sourceNames = sourceNames;
    live.#baseSizes = sizes;
    live.#baseFlags = linked ?? new Uint8Array(n);
    live.#linksKnown = linked !== null;
    return live;
  }

  get size(): number {
    return this.#slots.size;
  }

  /** The folder's bytes, each file at its size. */
  get bytes(): number {
    return this.#bytes;
  }

  get(file: string): string | undefined {
    const slot = this.#slots.get(file);
    return slot === undefined ? undefined : this.#source(slot);
  }

  has(file: string): boolean {
    return this.#slots.has(file);
  }

  /** Whether `file` is held as a link of `source` ("" for a file a build wrote): `get(file) === source`, without making the path. */
  holds(file: string, source: string): boolean {
    const slot = this.#slots.get(file);
    if (slot === undefined) return false;
    if (slot >= this.#baseCount) return this.#sources[slot - this.#baseCount] === source;
    const folder = this.#sourceFolders[slot] as number;
    if (folder < 0) return source === "";
    const dir = this.#folders[folder] as string;
    const name = this.#sourceNames[slot] as string;
    return source.length === dir.length + name.length && source.startsWith(dir) && source.endsWith(name);
  }

  /** The file's bytes, when held. */
  sizeOf(file: string): number | undefined {
    const slot = this.#slots.get(file);
    return slot === undefined ? undefined : this.#size(slot);
  }

  /** Each file's size, in the map's order (made on each call). */
  get sizes(): number[] {
    return Array.from(this.#slots.values(), (slot) => this.#size(slot));
  }

  /** The files the folder's pages link to (a superset), when known: `has` alone, without making a list. */
  get linked(): { has(file: string): boolean } | undefined {
    if (!this.#linksKnown) return undefined;
    return { has: (file) => this.#isLinked(file) };
  }

  /** The files the folder's pages link to, as a list in the map's order (made on each call), when known. */
  linkedFiles(): string[] | undefined {
    if (!this.#linksKnown) return undefined;
    const files: string[] = [];
    for (const [file, slot] of this.#slots) if (this.#flag(slot)) files.push(file);
    return files;
  }

  keys(): MapIterator<string> {
    return this.#slots.keys();
  }

  /** The files, those moved in last first (the reverse of `keys()`). */
  *newestFirst(): Generator<string> {
    for (let i = this.#files.length - 1; i >= 0; i--) {
      const file = this.#files[i];
      if (file !== undefined) yield file;
    }
    for (let slot = this.#baseCount - 1; slot >= 0; slot--) {
      const file = this.#baseFiles[slot];
      if (file !== undefined) yield file;
    }
  }

  *values(): MapIterator<string> {
    for (const slot of this.#slots.values()) yield this.#source(slot);
  }

  *entries(): MapIterator<[string, string]> {
    for (const [file, slot] of this.#slots) yield [file, this.#source(slot)];
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  forEach(callback: (source: string, file: string, map: ReadonlyMap<string, string>) => void): void {
    for (const [file, source] of this.entries()) callback(source, file, this);
  }

  /** Applies a change: what a log entry does to the record before it. */
  apply(change: RecordChange): void {
    for (const file of change.deletes) this.#drop(file);
    for (const [i, file] of change.files.entries()) {
      const slot = this.#slots.get(file);
      const flag = slot === undefined ? 0 : this.#flag(slot);
      this.#drop(file);
      this.#put(file, change.sources[i] as string, change.sizes[i] as number, flag);
    }
    const linked = change.linked;
    if (linked === null) {
      this.#linksKnown = false;
      return;
    }
    if (linked.reset) {
      this.#baseFlags.fill(0);
      this.#flags.fill(0);
      this.#linksKnown = true;
    }
    if (!this.#linksKnown) return;
    for (const file of linked.removed) this.#mark(file, 0);
    for (const file of linked.added) this.#mark(file, 1);
  }

  /** The base that describes this record (every file in the map's order). */
  toBase(id: string, folder: { dev: number; ino: number; birthtimeMs: number }): Base {
    const n = this.#slots.size;
    const files: string[] = [];
    const folders = new Map<string, number>();
    const sourceFolders = new Int32Array(n);
    const sourceNames: string[] = [];
    const sizes = new Float64Array(n);
    const linked = this.#linksKnown ? new Uint8Array(n) : null;
    let i = 0;
    for (const [file, slot] of this.#slots) {
      files.push(file);
      const source = this.#source(slot);
      // The folder with its separator, and the name: the two make the path back as it was.
      const cut = source.lastIndexOf(path.sep) + 1;
      const dir = source.slice(0, cut);
      let index = folders.get(dir);
      if (index === undefined && source !== "") {
        index = folders.size;
        folders.set(dir, index);
      }
      sourceFolders[i] = index ?? -1;
      sourceNames.push(source.slice(cut));
      sizes[i] = this.#size(slot);
      if (linked) linked[i] = this.#flag(slot);
      i++;
    }
    const { dev, ino, birthtimeMs: born } = folder;
    return { version: RECORD_VERSION, id, dev, ino, born, files, folders: [...folders.keys()], sourceFolders, sourceNames, sizes, linked };
  }

  #source(slot: number): string {
    if (slot >= this.#baseCount) return this.#sources[slot - this.#baseCount] as string;
    const folder = this.#sourceFolders[slot] as number;
    return folder < 0 ? "" : `${this.#folders[folder]}${this.#sourceNames[slot]}`;
  }

  #size(slot: number): number {
    return (slot < this.#baseCount ? this.#baseSizes[slot] : this.#sizes[slot - this.#baseCount]) as number;
  }

  #flag(slot: number): number {
    return (slot < this.#baseCount ? this.#baseFlags[slot] : this.#flags[slot - this.#baseCount]) as number;
  }

  #isLinked(file: string): boolean {
    const slot = this.#slots.get(file);
    return slot !== undefined && this.#flag(slot) === 1;
  }

  /** Marks a file held as linked (1) or not (0); a file not held is not marked (a published site's pages link only to its files). */
  #mark(file: string, flag: number): void {
    const slot = this.#slots.get(file);
    if (slot === undefined) return;
    if (slot < this.#baseCount) this.#baseFlags[slot] = flag;
    else this.#flags[slot - this.#baseCount] = flag;
  }

  #drop(file: string): void {
    const slot = this.#slots.get(file);
    if (slot === undefined) return;
    this.#bytes -= this.#size(slot);
    this.#slots.delete(file);
    if (slot < this.#baseCount) this.#baseFiles[slot] = undefined;
    else this.#files[slot - this.#baseCount] = undefined;
  }

  #put(file: string, source: string, size: number, flag: number): void {
    this.#slots.set(file, this.#baseCount + this.#sources.length);
    this.#files.push(file);
    this.#sources.push(source);
    this.#sizes.push(size);
    this.#flags.push(flag);
    this.#bytes += size;
  }
}

/** The record of what `outputDir` holds (base and log), when it still describes that folder; undefined when it is missing or not trusted. */
export function readRecord(stateDir: string, outputDir: string): LiveFiles | undefined {
  let base: Base;
  let baseBytes: number;
  let log: Buffer;
  try {
    const bytes = readFileSync(path.join(stateDir, RECORD_FILE));
    baseBytes = bytes.length;
    base = deserialize(bytes) as Base;
    const folder = statSync(outputDir);
    if (
      base?.version !== RECORD_VERSION ||
      typeof base.id !== "string" ||
      folder.dev !== base.dev ||
      folder.ino !== base.ino ||
      folder.birthtimeMs !== base.born ||
      !Array.isArray(base.files) ||
      !Array.isArray(base.folders) ||
      !(base.sourceFolders instanceof Int32Array) ||
      !Array.isArray(base.sourceNames) ||
      !(base.sizes instanceof Float64Array) ||
      !(base.linked === null || base.linked instanceof Uint8Array)
    )
      return undefined;
    log = readLog(path.join(stateDir, RECORD_LOG_FILE));
  } catch {
    return undefined;
  }
  const live = LiveFiles.fromBase(base);
  const entries = live && (logEntries(log) as LogEntry[] | undefined);
  if (!live || !entries) return undefined;
  for (const [i, entry] of entries.entries()) {
    if (entry?.version !== RECORD_VERSION || entry.base !== base.id || entry.seq !== i + 1 || !isChange(entry)) return undefined;
    live.apply(entry);
  }
  live.stored = { id: base.id, baseBytes, logBytes: log.length, entries: entries.length };
  return live;
}

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === "string");

/** Is a log entry's change well formed? */
function isChange(entry: LogEntry): boolean {
  const { files, sources, sizes, deletes, linked } = entry;
  return (
    isStrings(files) &&
    isStrings(sources) &&
    Array.isArray(sizes) &&
    sizes.every((size) => typeof size === "number") &&
    sources.length === files.length &&
    sizes.length === files.length &&
    isStrings(deletes) &&
    (linked === null || (typeof linked?.reset === "boolean" && isStrings(linked.added) && isStrings(linked.removed)))
  );
}

/** The change of the linked files a publish records: `linked` as the link check gave it (src/pipeline/link-check.ts), against the record's. */
export function linkedChangeOf(live: LiveFiles, linked: readonly string[] | LinkedChange | undefined): RecordChange["linked"] {
  if (linked === undefined) return null;
  const known = live.linked;
  if (!Array.isArray(linked)) {
    const change = linked as LinkedChange;
    return known ? { reset: false, added: change.added, removed: change.removed } : null;
  }
  const all = linked as readonly string[];
  if (!known) return { reset: true, added: all, removed: [] };
  // Every page was checked (a build that is whole work anyway): the change against the record's.
  const next = new Set(all);
  return { reset: false, added: all.filter((file) => !known.has(file)), removed: (live.linkedFiles() ?? []).filter((file) => !next.has(file)) };
}

/** Writes `live` as a new base of `outputDir`'s record, named `name` in `stateDir` (a log of an earlier base no longer applies to it). */
export function writeBase(stateDir: string, outputDir: string, live: LiveFiles, name = RECORD_FILE): void {
  mkdirSync(stateDir, { recursive: true });
  const base = live.toBase(randomBytes(8).toString("hex"), statSync(outputDir));
  writeDurably(path.join(stateDir, name), serialize(base));
}

/** The frame of a change as the log's entry number `seq` after base `base`. */
export function changeFrame(base: string, seq: number, change: RecordChange): Buffer {
  const entry: LogEntry = { version: RECORD_VERSION, base, seq, ...change };
  return logFrame(entry);
}

/**
 * Writes a frame to the log at byte `at`, cutting whatever follows (a frame written there by a
 * build killed before its commit ended: writing it again is harmless), and fsyncs it.
 */
export function appendLog(stateDir: string, at: number, frame: Uint8Array): void {
  appendToLog(path.join(stateDir, RECORD_LOG_FILE), at, frame);
}
