/**
 * The build's encoding, in a worker thread. Images are encoded while pages render (src/pipeline/
 * build.ts), and Eleventy holds this thread for seconds at a time while it renders a slice of
 * pages (its writes are synchronous): an encode finished by libvips waited for this thread before
 * the next one could start, so at 20k articles only ~20 of the 346 social cards were made during
 * the 23 s of rendering and the rest added ~7 s after it. The worker has an event loop of its own,
 * so the next encode starts as soon as one ends, whatever this thread is doing.
 *
 * The worker's code is plain JavaScript (it runs without the TypeScript loader, as the report's
 * chart worker does): it applies each task's steps (encode.ts, `encodeSteps`) to a sharp pipeline
 * and writes the file into the image cache through a staging name, as ContentStore.put does
 * (`<entry>.tmp-<pid>`: the store's `prune()` removes those a dead build left). Tasks go to the
 * worker in batches, so a cold archive of photos is never copied into it whole.
 */
import { Worker } from "node:worker_threads";
import { composeCard, type EncodeStep } from "./encode.ts";
import type { GeneratedCard } from "./social-card.ts";

export interface EncodeTask {
  /** What sharp reads: a photo's path, or a generated card's layers (`composeCard`). */
  input: { file: string } | { card: GeneratedCard };
  steps: readonly EncodeStep[];
  /** The cache file to write. */
  target: string;
}

/** An encode that failed: which task, and sharp's message. */
export class EncodeFailure extends Error {
  constructor(
    readonly index: number,
    message: string,
  ) {
    super(message);
  }
}

/** Tasks handed to the worker at a time; it asks for more when half are left. Cards are ~0.1 KB each plus their SVG, photo outputs ~0.3 KB. */
const BATCH = 2048;

const SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const { rename, rm, writeFile } = require("node:fs/promises");
const queue = [];
const waiting = [];
let ended = false;
let asked = false;
let failure;
let sharp;
const frames = new Map();
const composeCard = (${composeCard.toString()});
const add = ({ tasks, end }) => {
  queue.push(...tasks);
  ended = end;
  asked = false;
  for (const wake of waiting.splice(0)) wake();
};
parentPort.on("message", add);
add(workerData);
async function take() {
  for (;;) {
    if (failure) return undefined;
    if (!ended && !asked && queue.length < workerData.low) {
      asked = true;
      parentPort.postMessage({ want: true });
    }
    if (queue.length) return queue.shift();
    if (ended) return undefined;
    await new Promise((wake) => waiting.push(wake));
  }
}
async function lane() {
  for (let task = await take(); task; task = await take()) {
    const staging = task.target + ".tmp-" + process.pid;
    try {
      let image;
      if ("card" in task.input) {
        const { data, raw } = await composeCard(sharp, frames, task.input.card);
        image = sharp(data, { raw });
      } else image = sharp(task.input.file);
      for (const [method, ...args] of task.steps) image = image[method](...args);
      await writeFile(staging, await image.toBuffer());
      await rename(staging, task.target);
    } catch (error) {
      failure ??= { index: task.index, message: String((error && error.message) || error) };
      await rm(staging, { force: true }).catch(() => undefined);
      for (const wake of waiting.splice(0)) wake();
    }
  }
}
(async () => {
  try {
    sharp = (await import(workerData.sharp)).default;
    // Loading sharp turns libvips' operation cache back on (50 MB); nothing here is made twice.
    sharp.cache(false);
    await Promise.all(Array.from({ length: workerData.concurrency }, lane));
  } catch (error) {
    failure ??= { index: -1, message: String((error && error.message) || error) };
  }
  parentPort.postMessage(failure ? { failure } : { done: true });
  parentPort.close();
})();
`;

/**
 * Encodes `tasks` in a worker, `concurrency` at a time, into their cache files. Rejects with an
 * EncodeFailure at the first that fails (after the ones running have ended; no other is started),
 * or with an Error when the worker could not run. Settles only once the worker has exited.
 * `batchSize`: tasks handed over at a time (smaller in tests).
 */
export function encodeInWorker(tasks: readonly EncodeTask[], concurrency: number, batchSize = BATCH): Promise<void> {
  let sent = 0;
  const batch = () => {
    const next = tasks.slice(sent, sent + batchSize).map((task, i) => ({ ...task, index: sent + i }));
    sent += next.length;
    return { tasks: next, end: sent >= tasks.length };
  };
  return new Promise((resolve, reject) => {
    let outcome: { failure: { index: number; message: string } } | { done: true } | undefined;
    let crash: Error | undefined;
    const worker = new Worker(SOURCE, {
      eval: true,
      workerData: { sharp: import.meta.resolve("sharp"), concurrency: Math.max(1, concurrency), low: Math.ceil(batchSize / 2), ...batch() },
    });
    worker.on("message", (message: { want: true } | { failure: { index: number; message: string } } | { done: true }) => {
      if ("want" in message) worker.postMessage(batch());
      else outcome = message;
    });
    worker.on("error", (error) => {
      crash ??= error;
    });
    worker.on("exit", (code) => {
      if (outcome && "done" in outcome) resolve();
      else if (outcome && outcome.failure.index >= 0) reject(new EncodeFailure(outcome.failure.index, outcome.failure.message));
      else reject(new Error(`the image encoding worker stopped: ${outcome?.failure.message ?? crash?.message ?? `exit code ${code}`}`));
    });
  });
}
