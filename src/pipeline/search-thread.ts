/**
 * A search shard indexed from a thread of its own (issue 19): Pagefind's Node API answers each record
 * through the event loop of the thread that sent it, so a shard sent from the build's thread moves
 * only when that thread's loop turns. A publish's shard (a day's: ~130 records, all but the new
 * article's kept from the last build) was started before the plan and then waited through the
 * plan, the render and the link check (~3 s of work that never lets the loop turn at 100,000
 * articles), and was indexed at the end, ~0.2–0.6 s that the build waited for. Handed whole to a
 * thread, the records reach Pagefind at once and the shard is written on the second core while
 * the build's thread plans. The thread's code is plain JavaScript (it runs without the TypeScript
 * loader) and imports Pagefind by the URL this module resolves: a Pagefind process of its own, one
 * per shard, as on the build's thread.
 */
import { Worker } from "node:worker_threads";

const SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
// Pagefind's process is spawned from this thread, so only this thread's loop reaps it: the thread waits for it to
// end before it answers (a process no loop reaps stays a zombie until the build's process ends). Pagefind's module
// spawns through child_process, whose spawn is wrapped here, before the module is loaded, to know the process.
const childProcess = require("node:child_process");
const spawn = childProcess.spawn;
const children = [];
childProcess.spawn = function (...args) {
  const child = spawn.apply(this, args);
  children.push(child);
  return child;
};
// At most 5 s: a process that does not end when told to is left to the build's exit, not waited for forever.
const ended = () => {
  let timer;
  const all = Promise.all(children.map((c) => (c.exitCode !== null || c.signalCode !== null ? undefined : new Promise((resolve) => c.once("exit", resolve)))));
  return Promise.race([all, new Promise((resolve) => { timer = setTimeout(resolve, 5000); })]).finally(() => clearTimeout(timer));
};
let api;
let stopped = false;
const close = async () => {
  try { await api?.close(); } catch {}
  await ended();
};
parentPort.on("message", async (message) => {
  if (message.stop) {
    stopped = true;
    await close();
    parentPort.postMessage({ stopped: true });
    return;
  }
  try {
    api = await import(workerData.pagefind);
    if (stopped) throw new Error("the search index was stopped");
    const { index, errors } = await api.createIndex({});
    if (!index) {
      await close();
      return parentPort.postMessage({ errors: errors.length ? errors : ["no index"] });
    }
    const problems = [];
    const inFlight = new Set();
    for (const record of message.records) {
      const added = index.addCustomRecord(record).then((r) => {
        problems.push(...r.errors);
        inFlight.delete(added);
      });
      added.catch(() => undefined);
      inFlight.add(added);
      if (inFlight.size >= workerData.inFlight) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    let failed = problems;
    if (!failed.length) {
      const written = await index.writeFiles({ outputPath: message.outputPath });
      failed = written.errors;
    }
    await close();
    parentPort.postMessage({ errors: failed });
  } catch (error) {
    await close();
    parentPort.postMessage({ errors: [String((error && error.message) || error)] });
  }
});
`;

/** A shard being indexed in its thread: `done` has Pagefind's errors (none: written), `stop()` ends its process and thread. */
export interface ThreadedShard {
  done: Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * Indexes `records` (in order) into a new Pagefind index in a thread, written into `outputPath`;
 * `inFlight` records at most wait for Pagefind's answer at once, as on the build's thread.
 */
export function indexInThread(pagefindUrl: string, records: readonly unknown[], outputPath: string, inFlight: number): ThreadedShard {
  const worker = new Worker(SOURCE, { eval: true, workerData: { pagefind: pagefindUrl, inFlight } });
  let settled = false;
  const done = new Promise<string[]>((resolve, reject) => {
    worker.once("message", (reply: { errors?: string[]; stopped?: boolean }) => {
      settled = true;
      if (reply.stopped) reject(new Error("the search index was stopped"));
      else resolve(reply.errors ?? []);
    });
    worker.once("error", (error) => {
      settled = true;
      reject(error);
    });
    worker.once("exit", () => {
      if (!settled) reject(new Error("the search index's thread stopped"));
    });
  }).finally(() => worker.terminate());
  done.catch(() => undefined);
  worker.postMessage({ records, outputPath });
  return {
    done,
    async stop() {
      if (settled) return;
      // Pagefind's process is closed by its thread (its stdin ends), then the thread goes.
      const stopped = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2000);
        worker.once("message", () => {
          clearTimeout(timer);
          resolve();
        });
        worker.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
      });
      worker.postMessage({ stop: true });
      await stopped;
      await worker.terminate();
    },
  };
}
