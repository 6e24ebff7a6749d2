/**
 * The preview's watcher: which files under some folders changed, by content.
 *
 * Node's `fs.watch(folder, { recursive: true })` is not used: on Linux, Node 20 emulates it
 * in JavaScript by watching every file's inode and, on an event in a folder, reading the
 * folder and reporting only names it has not seen before. A save that renames a temporary
 * file over the article (`sed -i`, vim, many IDEs, `git checkout`) leaves the file's watch on
 * the deleted inode, so that save and every later save to the file go unreported; the
 * temporary file is reported only when the folder is read before the rename, a race a busy
 * machine loses (issue 17).
 *
 * Here every folder is watched on its own (`fs.watch(folder)`, one inotify watch per folder,
 * which reports its entries by name however they are replaced), and an event is only a hint:
 * the hinted path is looked at again and its content hash compared with the last one seen.
 * A save that leaves the bytes as they were changes nothing; editors' temporary, backup and
 * lock files never count (`isScratch`); a new folder is watched and read, a removed one
 * reports every file it held.
 */
import { createHash } from "node:crypto";
import { type FSWatcher, readdirSync, readFileSync, realpathSync, type Stats, statSync, watch } from "node:fs";
import path from "node:path";

/** Names editors and tools give their temporary, backup, swap and lock files. */
const SCRATCH = [
  /^sed[A-Za-z0-9]{6}$/, // sed -i
  /^4913$/, // vim checks it may write the folder
  /~$/, // vim and emacs backups
  /^\..*\.sw[a-p]$/, // vim and nano swap files (.x.md.swp, .swo …)
  /^\.#/, // emacs lock links
  /^#.*#$/, // emacs auto-saves
  /___jb_(tmp|old|bak)___$/, // JetBrains "safe write"
  /^\.goutputstream-/, // GNOME (gedit)
  /\.kate-swp$/, // Kate
  /\.crswap$/, // browsers' File System Access
  /\.(tmp|temp|bak)$/i,
  /^\.DS_Store$/,
  /^\.[^.].*\.[A-Za-z0-9]{6}$/, // rsync's .name.XXXXXX
];

export function isScratch(name: string): boolean {
  return SCRATCH.some((pattern) => pattern.test(name));
}

interface Seen {
  hash: string;
  /** mtime, ctime, size and inode: a rescanned file with the same signature is not read again. */
  signature: string;
}

const signature = (s: Stats) => `${s.mtimeMs} ${s.ctimeMs} ${s.size} ${s.ino}`;
/** A linked folder that leads to a folder above itself would be read forever. */
function loops(folder: string): boolean {
  try {
    const real = realpathSync(folder);
    return real !== folder && `${folder}${path.sep}`.startsWith(`${real}${path.sep}`);
  } catch {
    return false;
  }
}
const digest = (bytes: Buffer) => createHash("sha1").update(bytes).digest("base64");

export class TreeWatch {
  readonly #files = new Map<string, Seen>();
  readonly #folders = new Map<string, FSWatcher>();
  readonly #hints = new Set<string>();
  #closed = false;
  /** When the oldest and the newest hint not yet looked at arrived (performance.now()). */
  firstHint = 0;
  lastHint = 0;

  /** `onHint` is called on every event: something under a watched folder may have changed. */
  constructor(
    private readonly onHint: () => void,
    private readonly onProblem: (message: string) => void = () => {},
  ) {}

  /** Watches `folder` and everything under it, and records every file's content as it is now. */
  add(folder: string): void {
    this.#watchTree(path.resolve(folder), []);
  }

  get pending(): boolean {
    return this.#hints.size > 0;
  }

  /** Files (absolute paths) whose content differs from when last seen: changed, new or removed. */
  changes(): string[] {
    const hints = [...this.#hints];
    this.#hints.clear();
    const changed: string[] = [];
    for (const hint of hints) this.#check(hint, changed);
    return [...new Set(changed)].sort();
  }

  /** Looks at `files` again at the next `changes()`: after an update read them, in case a save came in between. */
  hint(files: Iterable<string>): void {
    for (const file of files) this.#hint(file);
  }

  close(): void {
    this.#closed = true;
    for (const watcher of this.#folders.values()) watcher.close();
    this.#folders.clear();
    this.#hints.clear();
  }

  #hint(file: string): void {
    if (this.#closed || isScratch(path.basename(file))) return;
    const now = performance.now();
    if (!this.#hints.size) this.firstHint = now;
    this.lastHint = now;
    this.#hints.add(file);
    this.onHint();
  }

  /** Watches `folder` (again: it may have been replaced) and everything under it, and compares every file in it. */
  #watchTree(folder: string, changed: string[]): void {
    if (this.#closed || loops(folder)) return;
    const before = this.#folders.get(folder);
    before?.close();
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, (_event, name) => {
        const entry = name?.toString();
        this.#hint(entry ? path.join(folder, entry) : folder);
        // The folder's own removal or move is reported under its own name.
        if (entry === path.basename(folder)) this.#hint(folder);
      });
    } catch (error) {
      this.#folders.delete(folder);
      // Gone already (its parent's event says so), or the system's limit on watches is reached.
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") this.onProblem(`cannot watch ${folder} (${(error as Error).message}): saves there are not seen`);
      return;
    }
    watcher.on("error", () => this.#hint(folder));
    this.#folders.set(folder, watcher);
    let names: Set<string>;
    try {
      names = new Set(readdirSync(folder));
    } catch {
      return; // Gone (its parent's event says so) or unreadable.
    }
    for (const name of names) if (!isScratch(name)) this.#check(path.join(folder, name), changed, true);
    // Files and folders seen before in a folder that no longer has them (a folder replaced by another of the same name).
    if (!before) return;
    const inside = folder + path.sep;
    const missing = new Set<string>();
    for (const known of [...this.#files.keys(), ...this.#folders.keys()]) {
      if (!known.startsWith(inside)) continue;
      const name = known.slice(inside.length).split(path.sep)[0] as string;
      if (!names.has(name)) missing.add(name);
    }
    for (const name of missing) this.#check(path.join(folder, name), changed);
  }

  /** `scan`: part of reading a folder, where a file whose size, times and inode are as they were is not read again. */
  #check(file: string, changed: string[], scan = false): void {
    let stat: Stats | undefined;
    try {
      stat = statSync(file);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      if (this.#files.delete(file)) changed.push(file);
      this.#watchTree(file, changed);
      return;
    }
    if (stat?.isFile()) {
      const seen = this.#files.get(file);
      const sig = signature(stat);
      if (scan && seen?.signature === sig) return;
      let hash: string | undefined;
      try {
        hash = digest(readFileSync(file));
      } catch {
        hash = undefined;
      }
      if (hash !== undefined) {
        this.#files.set(file, { hash, signature: sig });
        if (seen?.hash !== hash) changed.push(file);
        return;
      }
    }
    // Gone (or not a regular file): the file, or everything the folder held.
    if (this.#files.delete(file)) changed.push(file);
    const inside = file + path.sep;
    for (const known of [...this.#files.keys()]) {
      if (!known.startsWith(inside)) continue;
      this.#files.delete(known);
      changed.push(known);
    }
    for (const [folder, watcher] of this.#folders) {
      if (folder !== file && !folder.startsWith(inside)) continue;
      watcher.close();
      this.#folders.delete(folder);
    }
  }
}
