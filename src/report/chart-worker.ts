/**
 * Vega in a worker thread, started with the build (src/report/index.ts): loading Vega and Vega-Lite
 * takes ~0.4 s of CPU, which the worker spends on another core while the build runs, so the build
 * report's phase chart costs the publish almost nothing. The worker's code is plain JavaScript
 * (it runs without the TypeScript loader) and imports the two packages by the URLs this module
 * resolves; it renders what `vegaSvg` (src/report/chart.ts) renders, from the same themed spec.
 * Should the worker fail, the chart is rendered in this thread instead.
 */
import { Worker } from "node:worker_threads";
import type { TopLevelSpec } from "vega-lite";
import { type SvgRenderer, vegaSvg } from "./chart.ts";

const SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const ready = Promise.all([import(workerData.vega), import(workerData.vegaLite)]);
ready.catch(() => undefined);
parentPort.on("message", async ({ id, spec }) => {
  try {
    const [vega, { compile }] = await ready;
    const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
    try {
      parentPort.postMessage({ id, svg: await view.toSVG() });
    } finally {
      view.finalize();
    }
  } catch (error) {
    parentPort.postMessage({ id, error: String((error && error.stack) || error) });
  }
});
`;

export interface ChartWorker {
  render: SvgRenderer;
  /** Stops the worker (after the report, or when the build failed before it). */
  close(): Promise<void>;
}

/** Starts the worker, which loads Vega at once; it keeps the process alive only while a chart is being rendered. */
export function startChartWorker(): ChartWorker {
  let worker: Worker | undefined;
  try {
    worker = new Worker(SOURCE, { eval: true, workerData: { vega: import.meta.resolve("vega"), vegaLite: import.meta.resolve("vega-lite") } });
    worker.unref();
  } catch {
    worker = undefined;
  }
  const pending = new Map<number, { resolve: (svg: string) => void; reject: (error: Error) => void }>();
  let next = 0;
  let broken: Error | undefined;
  const fail = (error: Error) => {
    broken ??= error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  worker?.on("message", ({ id, svg, error }: { id: number; svg?: string; error?: string }) => {
    const p = pending.get(id);
    pending.delete(id);
    if (!pending.size) worker?.unref();
    if (svg !== undefined) p?.resolve(svg);
    else p?.reject(new Error(error));
  });
  worker?.on("error", fail);
  worker?.on("exit", () => fail(new Error("the chart worker stopped")));
  const inWorker = (spec: TopLevelSpec) =>
    new Promise<string>((resolve, reject) => {
      if (!worker || broken) return reject(broken ?? new Error("no chart worker"));
      const id = next++;
      pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ id, spec });
    });
  return {
    // A worker that failed leaves the chart to this thread: the report is written either way.
    render: (spec) => inWorker(spec).catch(() => vegaSvg(spec)),
    async close() {
      await worker?.terminate();
    },
  };
}
