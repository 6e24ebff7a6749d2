/**
 * The search index's feeding thread (src/pipeline/search-thread.ts starts it): indexes the shards
 * it is sent, one at a time, with the Pagefind process of its own module instance, exactly as the
 * build's thread does (`indexShard`), the records made here from their plain data (`recordOf`).
 */
import { parentPort } from "node:worker_threads";
import * as pagefind from "pagefind";
import { indexShard, recordOf, SearchIndexError } from "./search-index.ts";
import type { ThreadReply, ThreadRequest } from "./search-thread.ts";

const port = parentPort;
if (!port) throw new Error("src/pipeline/search-thread-worker.ts runs in a worker thread (src/pipeline/search-thread.ts starts it)");
let stopped = false;

port.on("message", (request: ThreadRequest) => {
  if ("close" in request) {
    stopped = true;
    // Pagefind's process goes (a shard in progress fails, and its failure is posted), then the port: the thread ends.
    pagefind.close().then(() => setImmediate(() => port.close()));
    return;
  }
  indexShard(
    pagefind,
    request.job,
    request.items,
    (item) => item.source,
    (item) => recordOf(item.record),
    () => stopped,
  ).then(
    (made) => port.postMessage({ made } satisfies ThreadReply),
    (error: unknown) =>
      port.postMessage({
        failure: { message: error instanceof Error ? error.message : String(error), search: error instanceof SearchIndexError },
      } satisfies ThreadReply),
  );
});
