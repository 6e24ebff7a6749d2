/**
 * A thread that feeds one Pagefind process (src/pipeline/search-index.ts): it turns articles into
 * records (their Markdown into text, ~0.3 ms an article) and sends them over Pagefind's pipe.
 * On the build's own thread that work waited for Eleventy, which holds the thread for seconds at a
 * time while it renders a slice of pages: in a cold 20k build the Pagefind process that runs
 * beside the render indexed three shards of ~110 articles in all, and the whole index was
 * made after the render, on a core the render had left idle. A thread has an event loop of its
 * own, so the shards started during the render are indexed during the render.
 */
import { Worker } from "node:worker_threads";
import type { RecordSource, ShardJob } from "./search-index.ts";
import { threadSource } from "./thread-source.ts";

/** One article of a shard, as the thread gets it: what its kept record is found by, and what its record is made from. */
export interface ThreadItem {
  source: string | undefined;
  record: RecordSource;
}

export type ThreadRequest = { job: ShardJob; items: readonly ThreadItem[] } | { close: true };
export type ThreadReply = { made: number } | { failure: { message: string; search: boolean } };

/** A shard's failure in the thread, as the build's thread throws it. */
export class ThreadFailure extends Error {
  constructor(
    message: string,
    readonly search: boolean,
  ) {
    super(message);
  }
}

export class SearchThread {
  readonly #worker: Worker;
  readonly #exited: Promise<void>;
  #pending: { resolve(made: number): void; reject(error: Error): void } | undefined;
  #stopped: Error | undefined;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on("message", (reply: ThreadReply) => {
      const pending = this.#pending;
      this.#pending = undefined;
      if ("made" in reply) pending?.resolve(reply.made);
      else pending?.reject(new ThreadFailure(reply.failure.message, reply.failure.search));
    });
    worker.on("error", (error) => {
      this.#stopped ??= error;
    });
    this.#exited = new Promise((resolve) => {
      worker.once("exit", (code) => {
        this.#stopped ??= new Error(`the search index's thread stopped (exit code ${code})`);
        this.#pending?.reject(this.#stopped);
        this.#pending = undefined;
        resolve();
      });
    });
  }

  static async start(): Promise<SearchThread> {
    const source = await threadSource("search-thread-worker", "src/pipeline/search-thread-worker.ts");
    return new SearchThread(new Worker(source.code, { eval: true, workerData: { entry: source.entry } }));
  }

  /** Indexes one shard into the cache; resolves with the number of records made (not taken from the kept ones). */
  index(job: ShardJob, items: readonly ThreadItem[]): Promise<number> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    if (this.#pending) return Promise.reject(new Error("the search index's thread indexes one shard at a time"));
    return new Promise((resolve, reject) => {
      this.#pending = { resolve, reject };
      this.#worker.postMessage({ job, items } satisfies ThreadRequest);
    });
  }

  /** Stops the thread's Pagefind process (a shard being indexed fails), then the thread. */
  async close(): Promise<void> {
    if (!this.#stopped) this.#worker.postMessage({ close: true } satisfies ThreadRequest);
    await this.#exited;
  }
}
