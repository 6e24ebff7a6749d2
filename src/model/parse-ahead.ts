/**
 * A first load parsed on two threads (issue 19). When the parse cache's table is empty (a first build, or
 * one after the code, the config or the author list changed) every article file is read, hashed and parsed
 * on the load's thread, ~0.14 ms a file (a cold 100k build's load took 13.6 s while the second core had
 * nothing to do: the images, the search index and the render all wait for the model). A worker thread
 * takes whole folders from the end of the list while the load goes from its start; each folder it
 * finishes comes back as the parse cache's own chunk (src/model/parse-cache.ts `chunkOf`, `adopt`) with
 * the files' texts, stats and hashes, so the load takes its articles as cache hits: the same articles a
 * parse gives, which the warm builds' byte-for-byte tests already hold the cache to.
 *
 * Who parses a folder is settled once, in shared memory: the first of the two threads to claim it.
 * The load waits only for a folder the worker has claimed and not yet sent (at most one folder's parse
 * when the two meet). A file the worker could not parse (a problem, a BOM, CR line endings) is not in
 * its chunk and is parsed by the load as before, which reports its problems with file, line and field;
 * a worker that fails or never starts leaves every folder it had not sent to the load. A load that throws
 * leaves the worker to end by itself (it stops at the first folder the load had claimed), as the stat thread does.
 */

import { isUtf8 } from "node:buffer";
import { availableParallelism } from "node:os";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import { DateTime } from "luxon";
import { readWithStat } from "../content/files.ts";
import type { FileStat } from "../content/stat-ahead.ts";
import type { Author } from "../schema/author.ts";
import type { SiteConfig } from "../schema/site.ts";
import { workerSource } from "../worker-source.ts";
import { articleEnv, parseArticle } from "./parse-article.ts";
import { ParseCache, split } from "./parse-cache.ts";

/** Below this many files, a thread costs more to start (loading its bundle took ~0.5 s here beside a busy load) than it parses. */
export const PARSE_AHEAD_MIN_FILES = 2000;

/** What the tests read: workers started, and the folders and files whose parses came from one. */
export const parseAheadCounts = { started: 0, folders: 0, files: 0 };

/** What the worker is started with. */
export interface ParseAheadData {
  root: string;
  /** Every file of the load, in its order; and the folder each belongs to (-1: not one to parse, a misplaced file). */
  files: string[];
  folderOf: Int32Array;
  dirs: string[];
  /** Per folder: 0 unclaimed, 1 the load's, 2 the worker's (`Atomics.compareExchange`). */
  claims: Int32Array;
  config: SiteConfig;
  authors: Map<string, Author>;
  /** The build clock as milliseconds and zone, and when the load started (the racy check's). */
  now: number;
  zone: string;
  startedAt: number;
  /** The load's parse environment: a worker whose own differs sends nothing. */
  environment: string;
  port: MessagePort;
}

/** One folder, as the worker sends it: its chunk and, per file of it, the text, stat and hash the load would have read. */
interface FolderParsed {
  f: number;
  chunk?: Uint8Array;
  names: string[];
  texts: string[];
  hashes: string[];
  stats: Float64Array;
}

/** What the load starts the worker with: its parse environment, clock and cache, and from how many files a worker pays. */
interface StartOptions {
  config: SiteConfig;
  authors: ReadonlyMap<string, Author>;
  now: DateTime;
  startedAt: number;
  cache: ParseCache;
  from?: number;
}

/** A file the worker parsed: what the load takes instead of reading it. */
export interface AheadFile {
  text: string;
  hash: string;
  stat: FileStat;
}

export class ParseAhead {
  readonly #folderOf: Int32Array;
  readonly #dirs: string[];
  readonly #claims: Int32Array;
  readonly #cache: ParseCache;
  readonly #port: MessagePort;
  #worker: Worker | undefined;
  /** Folders the worker sent, not yet taken; and the load's waits for the others, by folder. */
  readonly #arrived = new Map<number, FolderParsed | undefined>();
  readonly #waiting = new Map<number, (folder: FolderParsed | undefined) => void>();
  /** The folder the load is in, and its files from the worker (undefined: the load's own). */
  #at = -1;
  #files: Map<string, AheadFile> | undefined;
  /** The worker's folders the load has taken, by folder: a folder's files need not be together in the sorted list (`05/a.md`, `05/m/b.md`, `05/z.md`). */
  readonly #opened = new Map<number, Map<string, AheadFile>>();

  /**
   * Starts the worker for a load that will parse every file (the caller knows the parse cache's table is empty),
   * when there are at least `from` of them and another core is free; else undefined. Its code may have to be bundled first (once per version).
   */
  static async start(
    root: string,
    files: readonly string[],
    parse: (file: string) => boolean,
    options: StartOptions,
  ): Promise<ParseAhead | undefined> {
    if (process.env.NEWSROOM_PARSE_AHEAD === "0") return undefined;
    if (files.length < (options.from ?? PARSE_AHEAD_MIN_FILES) || availableParallelism() < 2) return undefined;
    try {
      return new ParseAhead(await workerSource("parse-worker", "src/model/parse-worker.ts"), root, files, parse, options);
    } catch {
      // No bundle, or a config or author list that cannot be sent to a thread (none expected): the load parses alone.
      return undefined;
    }
  }

  private constructor(
    source: { code: string; entry: string },
    root: string,
    files: readonly string[],
    parse: (file: string) => boolean,
    options: StartOptions,
  ) {
    this.#cache = options.cache;
    this.#folderOf = new Int32Array(files.length).fill(-1);
    this.#dirs = [];
    const index = new Map<string, number>();
    for (let n = 0; n < files.length; n++) {
      const file = files[n] as string;
      if (!parse(file)) continue;
      const [dir] = split(file);
      let f = index.get(dir);
      if (f === undefined) {
        f = this.#dirs.length;
        index.set(dir, f);
        this.#dirs.push(dir);
      }
      this.#folderOf[n] = f;
    }
    // Two more slots: set once the worker has claimed its first folder, and once it has ended its claims (`claimed`).
    this.#claims = new Int32Array(new SharedArrayBuffer(4 * (this.#dirs.length + 2)));
    const { port1, port2 } = new MessageChannel();
    this.#port = port1;
    port1.on("message", (m: FolderParsed) => this.#arrive(m.f, m));
    // The load's own turns deliver the folders; the port and the worker keep the process alive only while the load waits for a folder.
    port1.unref();
    const data: Omit<ParseAheadData, "port"> = {
      root,
      files: files as string[],
      folderOf: this.#folderOf,
      dirs: this.#dirs,
      claims: this.#claims,
      config: options.config,
      authors: new Map(options.authors),
      now: options.now.toMillis(),
      zone: options.now.zoneName ?? "UTC",
      startedAt: options.startedAt,
      environment: options.cache.environment,
    };
    // Started before the load's loop, which gives the event loop no turn until it waits for a folder of the worker's.
    const worker = new Worker(source.code, { eval: true, workerData: { ...data, port: port2, entry: source.entry }, transferList: [port2] });
    parseAheadCounts.started++;
    this.#worker = worker;
    worker.unref();
    // A worker that fails or ends leaves the folders it has not sent to the load.
    worker.on("error", () => this.#giveUp());
    worker.on("exit", () => this.#giveUp());
  }

  /**
   * The file at `n` as the worker parsed it, once its folder came back (a promise while the worker parses it);
   * undefined when the load parses it: its folder is the load's (claimed here on its first file), or the
   * worker could not parse this file. Files come in the load's order.
   */
  take(n: number, file: string): AheadFile | undefined | Promise<AheadFile | undefined> {
    const f = this.#folderOf[n] as number;
    if (f < 0) return undefined;
    if (f !== this.#at) {
      this.#at = f;
      this.#files = this.#opened.get(f);
      if (this.#files) return this.#files.get(name(file));
      // The load's from now on, unless the worker claimed it first.
      if (Atomics.compareExchange(this.#claims, f, 0, 1) !== 2) return undefined;
      const arrived = this.#arrived.get(f);
      if (arrived !== undefined || this.#arrived.has(f)) return this.#open(f, arrived, file);
      this.#port.ref();
      this.#worker?.ref();
      return new Promise<FolderParsed | undefined>((resolve) => this.#waiting.set(f, resolve)).then((folder) => this.#open(f, folder, file));
    }
    return this.#files?.get(name(file));
  }

  /**
   * Waits (blocking, at most `ms`) until the worker has claimed its first folder (`first`) or every folder it will
   * (`all`), or has none to claim: the tests have it hold part or all of a small site, which the load would
   * otherwise parse alone before the thread is up.
   */
  claimed(until: "first" | "all", ms: number): void {
    Atomics.wait(this.#claims, this.#dirs.length + (until === "all" ? 1 : 0), 0, ms);
  }

  /** Stops the worker (the load is done). */
  close(): void {
    void this.#worker?.terminate();
    this.#port.close();
    this.#opened.clear();
  }

  #open(f: number, folder: FolderParsed | undefined, file: string): AheadFile | undefined {
    this.#arrived.delete(f);
    if (f !== this.#at) return undefined;
    const dir = this.#dirs[f] as string;
    const adopted = folder?.chunk ? new Set(this.#cache.adopt(dir, folder.chunk)) : undefined;
    const files = new Map<string, AheadFile>();
    if (folder && adopted)
      for (let k = 0; k < folder.names.length; k++) {
        const base = folder.names[k] as string;
        if (!adopted.has(base)) continue;
        const s = folder.stats;
        files.set(base, {
          text: folder.texts[k] as string,
          hash: folder.hashes[k] as string,
          stat: { size: s[4 * k] as number, mtimeMs: s[4 * k + 1] as number, ctimeMs: s[4 * k + 2] as number, ino: s[4 * k + 3] as number },
        });
      }
    parseAheadCounts.folders += files.size > 0 ? 1 : 0;
    parseAheadCounts.files += files.size;
    this.#opened.set(f, files);
    this.#files = files;
    return files.get(name(file));
  }

  #arrive(f: number, folder: FolderParsed | undefined): void {
    const waiting = this.#waiting.get(f);
    if (waiting) {
      this.#waiting.delete(f);
      if (this.#waiting.size === 0) {
        this.#port.unref();
        this.#worker?.unref();
      }
      waiting(folder);
    } else this.#arrived.set(f, folder);
  }

  /** The worker is gone, or has closed its end: the folders it claimed and did not send come back empty (the load parses their files). */
  #giveUp(): void {
    // What it sent before it ended first (its exit can come before its last messages).
    for (let m = receiveMessageOnPort(this.#port); m; m = receiveMessageOnPort(this.#port))
      this.#arrive((m.message as FolderParsed).f, m.message as FolderParsed);
    for (let f = 0; f < this.#dirs.length; f++)
      if (Atomics.load(this.#claims, f) === 2 && !this.#arrived.has(f) && !this.#opened.has(f)) this.#arrive(f, undefined);
  }
}

/** A file's name in its folder (what a chunk lists). */
function name(file: string): string {
  return split(file)[1];
}

/**
 * The worker's side (src/model/parse-worker.ts): claims folders from the last, parses each file as the load
 * would, and sends each folder's chunk with its files' texts; stops at the first folder the load claimed.
 */
export function runParseAhead(data: ParseAheadData): void {
  const now = DateTime.fromMillis(data.now, { zone: data.zone });
  const env = articleEnv(data.config, data.authors, now);
  const byFolder: number[][] = data.dirs.map(() => []);
  for (let n = 0; n < data.files.length; n++) {
    const f = data.folderOf[n] as number;
    if (f >= 0) byFolder[f]?.push(n);
  }
  const base = data.root.endsWith("/") ? data.root : `${data.root}/`;
  const started = data.dirs.length;
  const ended = data.dirs.length + 1;
  // Another parse environment (a config or author list that did not come through as it was): nothing is claimed.
  const same = new ParseCache(data.root, data.config, data.authors, data.startedAt).environment === data.environment;
  for (let f = same ? data.dirs.length - 1 : -1; f >= 0; f--) {
    const claimed = Atomics.compareExchange(data.claims, f, 0, 2) === 0;
    if (f === data.dirs.length - 1 || !claimed) {
      Atomics.store(data.claims, started, 1);
      Atomics.notify(data.claims, started);
    }
    if (!claimed) break;
    const dir = data.dirs[f] as string;
    // One cache a folder: what it holds goes with the folder's message.
    const cache = new ParseCache(data.root, data.config, data.authors, data.startedAt);
    const out: FolderParsed = { f, names: [], texts: [], hashes: [], stats: new Float64Array(0) };
    const stats: number[] = [];
    for (const n of byFolder[f] ?? []) {
      const file = data.files[n] as string;
      let read: ReturnType<typeof readWithStat>;
      try {
        read = readWithStat(base + file);
      } catch {
        // Left to the load, which reports it.
        continue;
      }
      const { bytes, stat } = read;
      if (!isUtf8(bytes)) continue;
      const parsed = parseArticle(file, bytes, env);
      if (!parsed.ok) continue;
      const text = bytes.toString("utf8");
      const hash = ParseCache.hash(file, bytes);
      // Not kept (a BOM, CR line endings): left to the load.
      if (!cache.set(file, hash, stat, text, parsed.article, parsed.fileSlug)) continue;
      out.names.push(name(file));
      out.texts.push(text);
      out.hashes.push(hash);
      stats.push(stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino);
    }
    out.stats = Float64Array.from(stats);
    out.chunk = cache.chunkOf(dir);
    data.port.postMessage(out);
  }
  for (const slot of [started, ended]) {
    Atomics.store(data.claims, slot, 1);
    Atomics.notify(data.claims, slot);
  }
  data.port.close();
}
