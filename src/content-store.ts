/**
 * The build's caches are content-addressed: a rendered page is stored under the hash of its view
 * (src/pipeline/page-cache.ts), a search shard under the hash of its records' inputs
 * (src/pipeline/search-index.ts), an encoded image under the hash of its recipe and source bytes
 * (src/images/write-images.ts). Each is a `ContentStore` over its folder in `.cache/`: an entry
 * (a file or a folder) is written under a staging name carrying the writer's pid and renamed into
 * place, so it is complete or absent, and a build that died leaves only staging names, which the
 * next `prune()` recognises and removes. Nothing writes into an entry after it is in place, and
 * the build never rewrites a published file in place, so an entry goes into the output as a hard
 * link (20k files: ~0.5 s instead of 2–3 s copying), or as a copy where links cannot be made
 * (another file system, a file system without them, a file with too many links).
 */
import { copyFileSync, type Dirent, existsSync, linkSync, mkdirSync, readdirSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
import { copyFile, link, mkdir, rename, rm, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";

export interface PlaceOptions {
  /** A file already at `to` is replaced (else that is an error). */
  replace?: boolean;
}

/** Whether a failed link() is one a copy can stand in for. */
function copyInstead(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "EXDEV" || code === "EPERM" || code === "EMLINK" || code === "ENOTSUP" || code === "EOPNOTSUPP";
}

/** Puts the cache entry `from` at `to`: a hard link, or a copy. */
export async function linkOrCopy(from: string, to: string, options: PlaceOptions = {}): Promise<void> {
  try {
    await link(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST" && options.replace) {
      await unlink(to);
      await linkOrCopy(from, to);
      return;
    }
    if (!copyInstead(error)) throw error;
    await copyFile(from, to);
  }
}

/** `linkOrCopy`, synchronous: tens of thousands of tiny link() calls take a tenth of the time they take through the thread pool. */
export function linkOrCopySync(from: string, to: string, options: PlaceOptions = {}): void {
  try {
    linkSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST" && options.replace) {
      unlinkSync(to);
      linkOrCopySync(from, to);
      return;
    }
    if (!copyInstead(error)) throw error;
    copyFileSync(from, to);
  }
}

/**
 * Writes a whole file through a staging name beside it, then renames it into place: a process killed
 * while writing leaves the last whole file (and a `.tmp-<pid>` name the stores remove once that process
 * is gone). Not fsynced: for caches and reports, which a lost write only makes a build redo.
 */
export function writeWhole(file: string, data: string | Uint8Array): void {
  stagedSync(file, (staging) => writeFileSync(staging, data));
}

/** Whether process `pid` is alive (EPERM: it is, under another user). */
export function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

const STAGING = /\.tmp-(\d+)$/;

/** Staging names this process is writing, in any store: `prune()` leaves them alone. */
const writing = new Set<string>();

/** Writes `target` whole: `write` makes it under a staging name of this process (which `prune()` leaves alone meanwhile), then it is renamed into place. */
function stagedSync(target: string, write: (staging: string) => void): void {
  const staging = `${target}.tmp-${process.pid}`;
  writing.add(staging);
  try {
    write(staging);
    renameSync(staging, target);
  } finally {
    writing.delete(staging);
  }
}

interface Listing {
  keys: Set<string>;
  /** Staging names, as paths. */
  staging: string[];
}

export interface StoreOptions {
  /** Entries under a subfolder named after the key's first two characters (`ab/abcdef…`): for stores of tens of thousands of entries. */
  fanout?: boolean;
}

/**
 * A content-addressed store over one folder: an entry is a file or a folder named by its key,
 * complete once it is there, never changed afterwards. Keys are file names (no `/`, no staging suffix).
 */
export class ContentStore {
  readonly dir: string;
  readonly #fanout: boolean;
  /** The folder, normalised, and a separator: an entry's path is this, (its subfolder,) its key, as `path.join` writes it. */
  readonly #prefix: string;
  /** What `keys()` found, for the next `prune()`. */
  #listing: Listing | undefined;
  /** Subfolders known to exist (fanout stores). */
  readonly #made = new Set<string>();

  constructor(dir: string, options: StoreOptions = {}) {
    this.dir = dir;
    this.#fanout = options.fanout ?? false;
    // What path.join puts before a plain name (a key): the folder normalised, and a separator unless it is "." or the root.
    this.#prefix = path.join(dir, "x").slice(0, -1);
  }

  /** Where the entry `key` is (or would be). */
  path(key: string): string {
    if (key.includes("/") || key.includes(path.sep) || STAGING.test(key) || key.startsWith(".") || key === "")
      throw new Error(`content store: "${key}" is not a key`);
    // Written out rather than through path.join (a key has no separator and no dot segment): a publish at 100,000
    // articles names ~127,000 entries, and path.join took ~0.15 s of it.
    return this.#fanout ? `${this.#prefix}${key.slice(0, 2)}${path.sep}${key}` : `${this.#prefix}${key}`;
  }

  async has(key: string): Promise<boolean> {
    try {
      await stat(this.path(key));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * The keys of every entry in the store now (staging names and a fanout store's top-level files
   * aside). The listing is kept for the next `prune()`, which then lists nothing again.
   */
  keys(): ReadonlySet<string> {
    this.#listing = this.#list();
    return this.#listing.keys;
  }

  #list(): Listing {
    const listing: Listing = { keys: new Set(), staging: [] };
    const visit = (dir: string, names: readonly string[]) => {
      for (const name of names) {
        if (STAGING.test(name)) listing.staging.push(path.join(dir, name));
        else listing.keys.add(name);
      }
    };
    let top: Dirent[];
    try {
      top = readdirSync(this.dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return listing;
      throw error;
    }
    if (!this.#fanout)
      visit(
        this.dir,
        top.map((e) => e.name),
      );
    else
      for (const e of top) {
        if (e.isDirectory()) visit(path.join(this.dir, e.name), readdirSync(path.join(this.dir, e.name)));
        // Top-level files of a fanout store are not entries (the page cache keeps its links table there), but may be staging names.
        else if (STAGING.test(e.name)) listing.staging.push(path.join(this.dir, e.name));
      }
    return listing;
  }

  /**
   * Writes the entry `key`: `write` makes a file or a folder at the staging path it is given,
   * which is then renamed into place. Another writer's identical entry already in place wins.
   */
  async put(key: string, write: (staging: string) => Promise<void>): Promise<void> {
    const target = this.path(key);
    await this.#mkdir(path.dirname(target));
    const staging = `${target}.tmp-${process.pid}`;
    writing.add(staging);
    try {
      await rm(staging, { recursive: true, force: true });
      await write(staging);
      try {
        await rename(staging, target);
      } catch (error) {
        // A folder cannot replace another: another build wrote the same entry first, and theirs is identical.
        if (!existsSync(target)) throw error;
        await rm(staging, { recursive: true, force: true });
      }
    } catch (error) {
      await rm(staging, { recursive: true, force: true });
      throw error;
    } finally {
      writing.delete(staging);
    }
  }

  /** `put` of a file's bytes. */
  putBytes(key: string, bytes: Uint8Array | string): Promise<void> {
    return this.put(key, (staging) => writeFile(staging, bytes));
  }

  /** `putBytes`, synchronous: for a few small files a build writes while it renders, which lets the event loop turn only every few seconds. */
  putBytesSync(key: string, bytes: Uint8Array | string): void {
    const target = this.path(key);
    this.#mkdirSync(path.dirname(target));
    writeWhole(target, bytes);
  }

  /**
   * Takes the finished file `from` in as the entry `key`: a hard link, made whole at once, or a
   * copy through a staging name. An entry already there is kept (it is identical).
   */
  adoptSync(key: string, from: string): void {
    const target = this.path(key);
    this.#mkdirSync(path.dirname(target));
    try {
      linkSync(from, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return;
      if (!copyInstead(error)) throw error;
      stagedSync(target, (staging) => copyFileSync(from, staging));
    }
  }

  /** Puts the file entry `key` at `to` (a hard link, or a copy). */
  place(key: string, to: string, options: PlaceOptions = {}): Promise<void> {
    return linkOrCopy(this.path(key), to, options);
  }

  /** `place`, synchronous (see `linkOrCopySync`). */
  placeSync(key: string, to: string, options: PlaceOptions = {}): void {
    linkOrCopySync(this.path(key), to, options);
  }

  /** Removes the entry `key`, if it is there. */
  async remove(key: string): Promise<void> {
    await rm(this.path(key), { recursive: true, force: true });
  }

  /**
   * Removes what a build did not use: every entry whose key is not in `used` (with `used`
   * omitted, no entry), and every staging name whose writer is gone (a build that died, or
   * this process's own finished writes).
   */
  async prune(used?: ReadonlySet<string>): Promise<void> {
    // Entries put since `keys()` listed the store are this build's own (or another build's, kept).
    const listing = this.#listing ?? this.#list();
    this.#listing = undefined;
    const stale = listing.staging.filter((file) => {
      const pid = Number(STAGING.exec(file)?.[1]);
      return pid === process.pid ? !writing.has(file) : !running(pid);
    });
    if (used) for (const key of listing.keys) if (!used.has(key)) stale.push(this.path(key));
    await Promise.all(stale.map((file) => rm(file, { recursive: true, force: true })));
  }

  /** Writes a file beside the entries (not an entry: `name` is kept by `prune()`, in fanout stores) through a staging name. */
  async writeFile(name: string, data: string | Uint8Array): Promise<void> {
    await this.#mkdir(this.dir);
    const file = path.join(this.dir, name);
    const staging = `${file}.tmp-${process.pid}`;
    writing.add(staging);
    try {
      await writeFile(staging, data);
      await rename(staging, file);
    } finally {
      writing.delete(staging);
    }
  }

  async #mkdir(dir: string): Promise<void> {
    if (this.#made.has(dir)) return;
    await mkdir(dir, { recursive: true });
    this.#made.add(dir);
  }

  #mkdirSync(dir: string): void {
    if (this.#made.has(dir)) return;
    mkdirSync(dir, { recursive: true });
    this.#made.add(dir);
  }
}
