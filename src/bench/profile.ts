/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`) as the functions with the
 * most self time, so a benchmark run can say where the time went.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  /** The npm package, our file, `node` for Node's own code, or V8's `(garbage collector)` etc. */
  source: string;
  milliseconds: number;
  share: number;
}

/** Self time per function (name, file and line), largest first. */
export function selfTimes(profile: CpuProfile): SelfTime[] {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const totals = new Map<string, { micros: number; source: string }>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const f = frames.get(id);
    const delta = profile.timeDeltas[i] ?? 0;
    all += delta;
    if (!f) return;
    const where = f.url ? ` ${shorten(f.url)}:${f.lineNumber + 1}` : "";
    // V8 names regular expressions by their source, which can be kilobytes long.
    const key = `${(f.functionName || "(anonymous)").slice(0, 80)}${where}`;
    const entry = totals.get(key) ?? { micros: 0, source: sourceOf(f.url, f.functionName) };
    entry.micros += delta;
    totals.set(key, entry);
  });
  return [...totals]
    .map(([name, { micros, source }]) => ({ name, source, milliseconds: micros / 1000, share: micros / all }))
    .sort((a, b) => b.milliseconds - a.milliseconds);
}

function sourceOf(url: string, functionName: string): string {
  if (functionName.startsWith("RegExp:")) return "(regular expressions)";
  if (!url) return functionName.startsWith("(") ? functionName : "node";
  if (url.startsWith("node:")) return "node";
  return /node_modules\/(@[^/]+\/[^/]+|[^/]+)\//.exec(url)?.[1] ?? shorten(url);
}

function shorten(url: string): string {
  const i = url.lastIndexOf("node_modules/");
  if (i >= 0) return url.slice(i + "node_modules/".length);
  return url.replace(/^file:\/\/.*?\/(src|layouts|scripts)\//, "$1/");
}

/** The largest profile in `dir`: tsx starts a small launcher process besides the build. */
export function largestProfile(dir: string): string | undefined {
  const files = readdirSync(dir).filter((f) => f.endsWith(".cpuprofile"));
  return files.map((f) => path.join(dir, f)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
}

/** Self time summed per package (`luxon`, `markdown-it`) or per file of ours, largest first. */
export function bySource(times: readonly SelfTime[]): SelfTime[] {
  const totals = new Map<string, SelfTime>();
  for (const t of times) {
    const sum = totals.get(t.source) ?? { name: t.source, source: t.source, milliseconds: 0, share: 0 };
    sum.milliseconds += t.milliseconds;
    sum.share += t.share;
    totals.set(t.source, sum);
  }
  return [...totals.values()].sort((a, b) => b.milliseconds - a.milliseconds);
}

const line = (r: SelfTime) => `${(r.share * 100).toFixed(1).padStart(5)}%  ${r.milliseconds.toFixed(0).padStart(7)} ms  ${r.name}`;

export function topSelfTime(file: string, count = 10): string {
  const times = selfTimes(JSON.parse(readFileSync(file, "utf8")) as CpuProfile);
  return `by function:\n${times.slice(0, count).map(line).join("\n")}\nby package or file:\n${bySource(times).slice(0, count).map(line).join("\n")}`;
}
