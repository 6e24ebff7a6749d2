/**
 * A base and a log of changes (issue 19): state kept between builds as a base, written whole now and
 * then, and a log its builds append their changes to, so a build writes bytes in proportion to what
 * it changed, not to the archive. Reading is the base with the log's entries applied in order. A
 * build writes a new base instead of appending (compaction) when its entry would take the log past a
 * fraction of the base's bytes, or past a number of entries (`Compaction`): with the log bounded by a
 * fraction f of the base, a base of B bytes is written once per f·B bytes of entries, so each build
 * writes on average its entry times (1 + 1/f), whatever the archive's size, and each read costs at
 * most (1 + f) times the base's.
 *
 * The log is a sequence of frames, each its payload's length, a hash of its bytes and the payload
 * (node:v8's serialization): a torn or damaged frame makes the whole log unreadable, never half
 * applied. Its users name, in each entry, the base it follows and its place in the log, and trust
 * nothing when those do not match (src/pipeline/live-record.ts, src/pages/kept-plan.ts).
 */
import { createHash } from "node:crypto";
import { closeSync, constants, fsyncSync, ftruncateSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import path from "node:path";
import { deserialize, serialize } from "node:v8";

/** When a build writes a new base instead of appending to the log: see the module's comment. */
export interface Compaction {
  /** The log's bytes, after the entry, above which the base is written anew: this fraction of the base's bytes. */
  fraction: number;
  /** The log's entries above which the base is written anew. */
  entries: number;
}

/** Where a base and its log stand: the base's bytes, the log's bytes and entries. */
export interface LogState {
  baseBytes: number;
  logBytes: number;
  entries: number;
}

/** Whether appending an entry of `entryBytes` as the log's entry number `seq` (1, 2, …) should write a new base instead. */
export function compacts(compaction: Compaction, state: LogState, seq: number, entryBytes: number): boolean {
  return seq > compaction.entries || state.logBytes + entryBytes > compaction.fraction * state.baseBytes;
}

/** Each frame: its payload's length (4 bytes, little-endian), the first 8 bytes of the payload's SHA-256, the payload. */
const FRAME_HEAD = 12;

function digest(payload: Uint8Array): Buffer {
  return createHash("sha256").update(payload).digest().subarray(0, 8);
}

/** An entry as the log holds it. */
export function logFrame(entry: object): Buffer {
  const payload = serialize(entry);
  const head = Buffer.alloc(FRAME_HEAD);
  head.writeUInt32LE(payload.length, 0);
  digest(payload).copy(head, 4);
  return Buffer.concat([head, payload]);
}

/** The log's entries, or undefined when a frame is torn or does not match its hash. */
export function logEntries(log: Buffer): unknown[] | undefined {
  const entries: unknown[] = [];
  for (let at = 0; at < log.length; ) {
    if (at + FRAME_HEAD > log.length) return undefined;
    const length = log.readUInt32LE(at);
    const payload = log.subarray(at + FRAME_HEAD, at + FRAME_HEAD + length);
    if (payload.length !== length || !digest(payload).equals(log.subarray(at + 4, at + FRAME_HEAD))) return undefined;
    try {
      entries.push(deserialize(payload));
    } catch {
      return undefined;
    }
    at += FRAME_HEAD + length;
  }
  return entries;
}

/** A log's bytes (none when there is no log). */
export function readLog(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return Buffer.alloc(0);
    throw error;
  }
}

/**
 * Writes a frame to the log `file` at byte `at`, cutting whatever follows (a frame written there by
 * a build killed before it ended: writing it again is harmless), and fsyncs it (`sync: false`: not,
 * for a cache that any earlier state of serves as well).
 */
export function appendLog(file: string, at: number, frame: Uint8Array, options: { sync?: boolean } = {}): void {
  const sync = options.sync ?? true;
  const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT, 0o644);
  try {
    ftruncateSync(fd, at);
    writeSync(fd, frame, 0, frame.length, at);
    if (sync) fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // A log made by this write: its name, made durable.
  if (sync && at === 0) syncFolder(path.dirname(file));
}

/** Writes `data` to `file` through a staging name, fsynced before the rename, and the rename made durable. */
export function writeDurably(file: string, data: Uint8Array): void {
  const staging = `${file}.tmp-${process.pid}`;
  const fd = openSync(staging, "w");
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(staging, file);
  syncFolder(path.dirname(file));
}

/** Makes a folder's entries (names made, renamed or removed in it) durable. */
export function syncFolder(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
