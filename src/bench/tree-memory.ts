/**
 * Memory of a whole process tree: a build starts other processes (Pagefind, and tsx runs Node in a
 * child), and they hold memory at the same time. GNU time and `resourceUsage()` give only the largest
 * single process's peak, so the benchmark also samples, every `intervalMs`, the resident memory of the
 * measured process and all its descendants (from /proc, Linux only) and keeps the largest sum.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";

export interface TreeSampler {
  /** Stops sampling; the largest summed RSS seen, in bytes (undefined without /proc or before any sample). */
  stop(): number | undefined;
}

interface ProcInfo {
  ppid: number;
  rssPages: number;
}

/** ppid and resident pages of every process in /proc/N/stat; fields after the last `)` (the name may hold spaces). */
export function readProcesses(procDir = "/proc"): Map<number, ProcInfo> {
  const out = new Map<number, ProcInfo>();
  for (const name of readdirSync(procDir)) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = readFileSync(`${procDir}/${name}/stat`, "utf8");
    } catch {
      continue; // gone between listing and reading
    }
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Field 4 of stat is ppid, field 24 rss (proc(5)); fields[0] is field 3 (state).
    out.set(Number(name), { ppid: Number(fields[1]), rssPages: Number(fields[21]) });
  }
  return out;
}

/** Resident pages of `root` and every process descended from it. */
export function treeRssPages(processes: Map<number, ProcInfo>, root: number): number {
  const children = new Map<number, number[]>();
  for (const [pid, info] of processes) {
    const list = children.get(info.ppid);
    if (list) list.push(pid);
    else children.set(info.ppid, [pid]);
  }
  let pages = 0;
  const stack = [root];
  const seen = new Set<number>();
  while (stack.length) {
    const pid = stack.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    pages += processes.get(pid)?.rssPages ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return pages;
}

let pageSize: number | undefined;
function systemPageSize(): number {
  if (pageSize === undefined) {
    const out = spawnSync("getconf", ["PAGESIZE"], { encoding: "utf8" });
    const n = Number(out.stdout?.trim());
    pageSize = Number.isInteger(n) && n > 0 ? n : 4096;
  }
  return pageSize;
}

export function sampleTree(root: number, intervalMs = 100): TreeSampler {
  if (!existsSync("/proc/self/stat")) return { stop: () => undefined };
  const size = systemPageSize();
  let peak: number | undefined;
  const sample = () => {
    const pages = treeRssPages(readProcesses(), root);
    if (pages > 0 && (peak === undefined || pages * size > peak)) peak = pages * size;
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}
