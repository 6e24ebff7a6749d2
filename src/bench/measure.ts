/**
 * Runs one build as a child process and measures it from outside: wall time, CPU
 * time (user + sys, children included) and peak RSS. Uses GNU time (Debian package
 * `time`) when present; otherwise a preload hook that records each Node process's
 * own resourceUsage() at exit (then a non-Node build such as Hugo gets wall time only).
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sampleTree } from "./tree-memory.ts";

export interface Measurement {
  wallSeconds: number;
  /** User + system CPU seconds, or undefined when it could not be measured. */
  cpuSeconds?: number;
  /**
   * Peak memory counting every process the build starts: the larger of the largest single process's
   * own peak (GNU time or the hook) and the largest sampled sum over the process tree (src/bench/tree-memory.ts).
   */
  peakRssBytes?: number;
}

export interface RunOptions {
  cwd: string;
  /** A scratch folder for the measurement files. */
  scratch: string;
  env?: NodeJS.ProcessEnv;
  /** Force the Node preload hook even when GNU time exists (for tests). */
  noGnuTime?: boolean;
}

const GNU_TIME = "/usr/bin/time";

const HOOK = `const fs = require("node:fs");
process.on("exit", () => {
  const u = process.resourceUsage();
  fs.appendFileSync(process.env.BENCH_RUSAGE_FILE, JSON.stringify({ cpu: u.userCPUTime + u.systemCPUTime, rss: u.maxRSS }) + "\\n");
});
`;

export async function measure(command: string, args: readonly string[], options: RunOptions): Promise<Measurement> {
  const useTime = !options.noGnuTime && existsSync(GNU_TIME);
  const timeFile = path.join(options.scratch, `time-${Date.now()}.txt`);
  const hookFile = path.join(options.scratch, "rusage-hook.cjs");
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  if (!useTime) {
    writeFileSync(hookFile, HOOK);
    writeFileSync(timeFile, "");
    env.BENCH_RUSAGE_FILE = timeFile;
    env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ""} --require ${hookFile}`.trim();
  }
  const [cmd, argv] = useTime ? [GNU_TIME, ["-f", "%e %U %S %M", "-o", timeFile, command, ...args]] : [command, [...args]];
  // Flush the corpus just written, so its write-back does not land inside the timed build.
  spawnSync("sync");
  const started = performance.now();
  let treePeak: number | undefined;
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: options.cwd, env, stdio: "inherit" });
    const tree = child.pid === undefined ? undefined : sampleTree(child.pid);
    child.on("error", (e) => {
      tree?.stop();
      reject(e);
    });
    child.on("close", (c) => {
      treePeak = tree?.stop();
      resolve(c ?? -1);
    });
  });
  const wallSeconds = (performance.now() - started) / 1000;
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited with status ${code} in ${options.cwd}`);
  const own = useTime ? fromGnuTime(timeFile) : fromHook(timeFile);
  const peaks = [own.peakRssBytes, treePeak].filter((n): n is number => n !== undefined);
  return { wallSeconds, ...own, ...(peaks.length ? { peakRssBytes: Math.max(...peaks) } : {}) };
}

/** `%e %U %S %M`: GNU time reports the largest RSS of the child and its waited-for descendants, in KiB. */
function fromGnuTime(file: string): Omit<Measurement, "wallSeconds"> {
  const last = readFileSync(file, "utf8").trim().split("\n").at(-1) ?? "";
  const [, user, sys, rssKiB] = last.split(" ").map(Number);
  return { cpuSeconds: (user ?? 0) + (sys ?? 0), peakRssBytes: (rssKiB ?? 0) * 1024 };
}

/** One line per Node process (tsx starts two): CPU adds up, the peak is the largest one. */
function fromHook(file: string): Omit<Measurement, "wallSeconds"> {
  const lines = readFileSync(file, "utf8").trim().split("\n").filter(Boolean);
  if (!lines.length) return {};
  const usages = lines.map((l) => JSON.parse(l) as { cpu: number; rss: number });
  return {
    cpuSeconds: usages.reduce((n, u) => n + u.cpu, 0) / 1e6,
    peakRssBytes: Math.max(...usages.map((u) => u.rss)) * 1024,
  };
}

/** Pages written: every `.html` file in the output. */
export function countPages(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith(".html")).length;
}
