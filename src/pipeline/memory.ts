/**
 * A full garbage collection between render passes (and every few hundred pages within one),
 * when the heap has grown well past what was live after the last one. V8 sizes its next collection from the heap limit: with the limit a big
 * archive needs (`--max-old-space-size=8192`), one early collection during a cold 20k build let
 * the heap grow to 1.8 GiB of mostly dead pages (Eleventy keeps a pass's pages until it returns)
 * without another, while ~0.4 GiB was live. Collecting between passes keeps the peak near what
 * is live, at ~0.1-0.3 s a collection.
 *
 * `gc` is exposed the way Jest's leak detector does it (`--expose-gc` set at run time, the
 * function taken from a fresh context), so no launcher has to pass a flag.
 */
import v8 from "node:v8";
import vm from "node:vm";

/** Below this, a heap is left to V8 (small sites never pay for a collection). */
const FLOOR = 512 * 1024 ** 2;
/**
 * A render thread's floor (src/pipeline/render-worker.ts): its live heap is its model (~90 MB at 20k
 * articles) and its pass, and each thread's heap counts in the build's peak, so it is kept nearer
 * what is live (at 512 MB, two threads took a cold 20k build from 1.42 to 2.34 GiB).
 */
export const THREAD_FLOOR = 160 * 1024 ** 2;
/** A render thread's growth before a collection: its passes are small, so a collection costs little. */
export const THREAD_GROWTH = 1.25;
/** Collect when the heap holds this many times what was live after the last collection. */
const GROWTH = 1.5;

let gc: (() => void) | undefined;
let live = 0;

/** Collects garbage now if the heap has grown past `growth` × the live size (or `floor`); returns whether it did. */
export function collectIfGrown(floor = FLOOR, growth = GROWTH): boolean {
  if (v8.getHeapStatistics().used_heap_size < Math.max(floor, growth * live)) return false;
  collect();
  return true;
}

/**
 * Collects garbage now, above `FLOOR`: when a phase that made much of it ends and other processes
 * are about to take memory (the search index's, once rendering is done), so V8 gives back the pages it
 * no longer needs instead of holding them until the heap grows by half again.
 */
export function collectAfterPhase(): void {
  if (v8.getHeapStatistics().used_heap_size < FLOOR) return;
  // Twice: the second finishes the first's sweeping and gives its emptied pages back (a cold 20k
  // build's process held ~1.12 GiB through its search phase after one, ~1.01 GiB after two).
  collect();
  collect();
}

function collect(): void {
  if (!gc) {
    v8.setFlagsFromString("--expose-gc");
    gc = vm.runInNewContext("gc") as () => void;
  }
  gc();
  live = v8.getHeapStatistics().used_heap_size;
}
