/**
 * The benchmark's record: every `npm run bench` appends its figures to `docs/bench/results.json`
 * (committed), with the machine, its load and the code measured, and the chart
 * `docs/bench/build-times.svg` is drawn again from every recorded run (src/bench/chart.ts).
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Row } from "./report.ts";

/** The builds a run can have; the chart draws the first five. `npm run bench:shards` records its parts and merge (not charted). */
export const SERIES = [
  "ours, cold",
  "ours, warm",
  "ours, +1 article",
  "Hugo minimal",
  "Hugo + Pagefind",
  "Eleventy minimal",
  "ours, shard part",
  "ours, shard merge",
  "ours, +1 newest",
] as const;
export type Series = (typeof SERIES)[number];

export interface RecordedBuild {
  series: Series;
  /** The tool's version for baselines (Hugo, Pagefind, Eleventy). */
  version?: string;
  wallSeconds: number;
  cpuSeconds?: number;
  peakRssBytes?: number;
  /** `.html` files written. */
  pages: number;
  /** For "Hugo + Pagefind": Pagefind's own share. */
  pagefindWallSeconds?: number;
  /** For "ours, shard part" and "ours, shard merge": which part (`3/8`, `3/8 +1`; a calibration part `1/64`) or merge (`merge`, `merge +1`); for a part, the articles it rendered. */
  part?: string;
  partArticles?: number;
}

export interface RecordedRun {
  /** When the run finished (ISO 8601, UTC). */
  date: string;
  /** The commit measured (`-dirty` when the work tree had changes). */
  commit: string;
  articles: number;
  seed: number | "default";
  photos: number;
  /** The corpus' shape when not the default (`--per-month`, `--tags`, `--article-kb`): months spanned, articles a month, tags, KB a body. */
  shape?: CorpusShape;
  machine: {
    cpus: number;
    memoryGiB: number;
    node: string;
    /** The folder the corpus and every build were on (`TMPDIR`), and whether it is in memory. */
    tmpdir: string;
    inMemory: boolean;
    /** The 1, 5 and 15 minute load averages when the run started and ended (the machine may be shared). */
    loadBefore: number[];
    loadAfter: number[];
  };
  builds: RecordedBuild[];
  /** `npm run bench:shards`: the number of parts (each part and the merge start without .cache/), and whether a +1 run followed with each one's own cache (`--warm`; its parts are `3/8 +1`, its merge `merge +1`). */
  shards?: { count: number; warm: boolean };
}

export interface CorpusShape {
  perMonth?: number;
  months?: number;
  tags?: number;
  articleKb?: number;
}

/**
 * Is `dir` on a file system held in memory (tmpfs, ramfs: `/dev/shm`, often `/run`, sometimes `/tmp`)?
 * Read from /proc/mounts (the longest mount point holding it); false where that cannot be read.
 */
export function inMemoryFolder(dir: string, mounts = readMounts()): boolean {
  let best: { point: string; type: string } | undefined;
  const target = realOrSelf(dir);
  for (const m of mounts) {
    const inside = target === m.point || target.startsWith(m.point === "/" ? "/" : `${m.point}/`);
    if (inside && (!best || m.point.length > best.point.length)) best = m;
  }
  return best !== undefined && (best.type === "tmpfs" || best.type === "ramfs");
}

/**
 * Where the corpus and the builds go. On disk by default (CI runners build on disk): TMPDIR, or /var/tmp when
 * TMPDIR is in memory; `--in-memory`: /dev/shm.
 */
export function benchFolder(inMemory: boolean): string {
  if (inMemory) {
    if (!existsSync("/dev/shm")) throw new Error("--in-memory: expected /dev/shm, which this machine does not have");
    return "/dev/shm";
  }
  for (const dir of [os.tmpdir(), "/var/tmp"]) if (existsSync(dir) && !inMemoryFolder(dir)) return dir;
  throw new Error(`--on-disk: expected TMPDIR (${os.tmpdir()}) or /var/tmp on disk, but both are in memory; set TMPDIR to a folder on disk`);
}

function readMounts(): Array<{ point: string; type: string }> {
  try {
    return readFileSync("/proc/mounts", "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [, point = "", type = ""] = line.split(" ");
        // /proc/mounts writes spaces in mount points as \040.
        return { point: point.replace(/\\040/g, " "), type };
      });
  } catch {
    return [];
  }
}

function realOrSelf(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return path.resolve(dir);
  }
}

export function machineFacts(tmp: string): Omit<RecordedRun["machine"], "loadAfter"> {
  return {
    cpus: os.cpus().length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    tmpdir: tmp,
    inMemory: inMemoryFolder(tmp),
    loadBefore: loadAverage(),
  };
}

export function loadAverage(): number[] {
  return os.loadavg().map((n) => Math.round(n * 100) / 100);
}

export function currentCommit(root: string): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: root, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: root, encoding: "utf8" }).trim();
    return dirty ? `${head}-dirty` : head;
  } catch {
    return "unknown";
  }
}

export function recordedBuild(series: Series, row: Row, extra: Partial<RecordedBuild> = {}): RecordedBuild {
  const m = row.measurement;
  return {
    series,
    ...extra,
    wallSeconds: round(m.wallSeconds),
    ...(m.cpuSeconds === undefined ? {} : { cpuSeconds: round(m.cpuSeconds) }),
    ...(m.peakRssBytes === undefined ? {} : { peakRssBytes: m.peakRssBytes }),
    pages: row.pages,
  };
}

export function readRuns(file: string): RecordedRun[] {
  if (!existsSync(file)) return [];
  const data = JSON.parse(readFileSync(file, "utf8")) as { runs?: RecordedRun[] };
  if (!Array.isArray(data.runs)) throw new Error(`${file}: expected {"runs": [...]}, the bench's record`);
  return data.runs;
}

export function appendRun(file: string, run: RecordedRun): RecordedRun[] {
  const runs = [...readRuns(file), run];
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ runs }, null, 2)}\n`);
  return runs;
}

const round = (n: number) => Math.round(n * 100) / 100;
