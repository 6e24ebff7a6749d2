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
  milliseconds: number;
  share: number;
}

/** Self time per function (name, file and line), largest first. */
export function selfTimes(profile: CpuProfile): SelfTime[] {
  const frames = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const totals = new Map<string, number>();
  let all = 0;
  profile.samples.forEach((id, i) => {
    const f = frames.get(id);
    const delta = profile.timeDeltas[i] ?? 0;
    all += delta;
    if (!f) return;
    const where = f.url ? ` ${shorten(f.url)}:${f.lineNumber + 1}` : "";
    const key = `${f.functionName || "(anonymous)"}${where}`;
    totals.set(key, (totals.get(key) ?? 0) + delta);
  });
  return [...totals]
    .map(([name, micros]) => ({ name, milliseconds: micros / 1000, share: micros / all }))
    .sort((a, b) => b.milliseconds - a.milliseconds);
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

export function topSelfTime(file: string, count = 10): string {
  const rows = selfTimes(JSON.parse(readFileSync(file, "utf8")) as CpuProfile).slice(0, count);
  return rows.map((r) => `${(r.share * 100).toFixed(1).padStart(5)}%  ${r.milliseconds.toFixed(0).padStart(7)} ms  ${r.name}`).join("\n");
}
