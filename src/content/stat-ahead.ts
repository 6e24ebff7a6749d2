/**
 * The stat of every article file, taken on another thread ahead of the load (issue 19). A publish
 * reads only the files that changed, but it must stat every one of them to know which (the parse
 * cache's stat shortcut, src/model/parse-cache.ts), one file at a time in the kernel: at 100,000 articles
 * the load took 1.91 s with the stats on its thread, 1.60 s with them on this worker. A worker thread stats the files in the load's order, into shared
 * memory, while this thread reads the parse cache and goes through the files it has stats for.
 *
 * Nothing ever waits for the worker: a file it has not reached yet is stat'ed here, as before, and
 * the worker then jumps past the place this thread reached. A worker that fails, or never starts,
 * only leaves every stat to this thread. A stat from the worker is taken a moment before this thread
 * would have taken it, which the stat shortcut allows as it allows any stat followed by a later read
 * (a file changed in between fails its lazy read, or is read now when its stat is not the kept one).
 */
import { type Stats, statSync } from "node:fs";
import { Worker } from "node:worker_threads";

/** What the parse cache's stat shortcut compares: size, mtime, ctime and inode. */
export type FileStat = Pick<Stats, "size" | "mtimeMs" | "ctimeMs" | "ino">;

/** Below this many files, a thread costs more to start (~20 ms) than the stats it takes. */
export const STAT_AHEAD_MIN_FILES = 2000;

// The worker's code, on its own (no bundle, no imports of ours). Per file, four numbers in `stats` and a
// flag in `flags`, stored after them (1: the worker's stat is there; 2: its stat failed, and this thread stats
// the file itself, which reports the error as before). `at[0]`: the place this thread has reached; the
// worker, when behind it, jumps ahead of it (the files it skipped are stat'ed here, their flags still 0).
const SOURCE = `
const { workerData } = require("node:worker_threads");
const { statSync } = require("node:fs");
const { base, list, stats, flags, at } = workerData;
const files = list.split("\\0");
const out = new Float64Array(stats);
const flag = new Int32Array(flags);
const here = new Int32Array(at);
let i = 0;
while (i < files.length) {
  const reached = Atomics.load(here, 0);
  if (reached > i) i = reached + 64;
  const end = Math.min(files.length, i + 64);
  for (; i < end; i++) {
    const k = 4 * i;
    try {
      const s = statSync(base + files[i]);
      out[k] = s.size; out[k + 1] = s.mtimeMs; out[k + 2] = s.ctimeMs; out[k + 3] = s.ino;
      Atomics.store(flag, i, 1);
    } catch {
      Atomics.store(flag, i, 2);
    }
  }
}
`;

export class StatAhead {
  readonly #base: string;
  readonly #files: readonly string[];
  #stats: Float64Array | undefined;
  #flags: Int32Array | undefined;
  #at: Int32Array | undefined;
  #worker: Worker | undefined;
  /** Stats the worker gave this thread, and those this thread took itself: for the tests. */
  readonly counts = { worker: 0, here: 0 };
  /** Settles when the worker has stopped (at once without one): for the tests. */
  readonly finished: Promise<void>;

  /** `base`: the folder the files are relative to, with its trailing separator; `files` in the order `of` is called. */
  constructor(base: string, files: readonly string[], minFiles = STAT_AHEAD_MIN_FILES) {
    this.#base = base;
    this.#files = files;
    let stopped = () => {};
    this.finished = new Promise((resolve) => {
      stopped = resolve;
    });
    if (files.length === 0 || files.length < minFiles) {
      stopped();
      return;
    }
    try {
      const stats = new SharedArrayBuffer(8 * 4 * files.length);
      const flags = new SharedArrayBuffer(4 * files.length);
      const at = new SharedArrayBuffer(4);
      this.#worker = new Worker(SOURCE, { eval: true, workerData: { base, list: files.join("\0"), stats, flags, at } });
      // A worker that fails to start or dies leaves the stats to this thread; it never keeps the process alive.
      this.#worker.on("error", () => undefined);
      this.#worker.on("exit", stopped);
      this.#worker.unref();
      this.#stats = new Float64Array(stats);
      this.#flags = new Int32Array(flags);
      this.#at = new Int32Array(at);
    } catch {
      this.#worker = undefined;
      stopped();
    }
  }

  /**
   * The stat of file `i` of the list: the worker's when it has it, else taken here (a file that is
   * gone throws here, as `statSync` does). The object returned is new: the parse cache keeps it.
   */
  of(i: number): FileStat {
    const stats = this.#stats;
    if (this.#flags && stats) {
      // The flag is stored after the numbers: once it is read as 1, they are there.
      if (Atomics.load(this.#flags, i) === 1) {
        this.counts.worker++;
        const k = 4 * i;
        return { size: stats[k] as number, mtimeMs: stats[k + 1] as number, ctimeMs: stats[k + 2] as number, ino: stats[k + 3] as number };
      }
      // The worker is behind (or its stat failed): it jumps ahead of this place.
      Atomics.store(this.#at as Int32Array, 0, i + 1);
    }
    this.counts.here++;
    return statSync(this.#base + (this.#files[i] as string));
  }

  /** Stops the worker when the load is done (or failed) before it was. */
  close(): void {
    void this.#worker?.terminate();
    this.#worker = undefined;
    this.#stats = this.#flags = this.#at = undefined;
  }
}
