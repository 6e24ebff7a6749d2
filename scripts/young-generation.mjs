// What `npm run build`'s `--max-semi-space-size=64` (package.json) is for, and why the launcher (scripts/run.mjs)
// sets it back for the threads a build starts.
import v8 from "node:v8";

/**
 * Gives threads started from now on V8's own young generation (16 MB semi-spaces), whatever Node was started with.
 *
 * `npm run build` starts Node with `--max-semi-space-size=64`: the build's thread may grow its young generation to
 * 64 MB semi-spaces, which a +1 build of a 100k archive needs (issue 19): what the load and the plan keep is copied
 * out of the young generation in fewer scavenges (40 against 119: 0.9 s of pauses against 1.2 s), and less of what
 * they throw away is promoted, so fewer builds end with a full collection in the link check (+1 at 100k, 4,000 a
 * month: 7.46 s against 7.91 s, six pairs; cold and +1 at 20k unchanged). V8 reads the option whenever it makes a
 * heap, for a thread too (a worker's `resourceLimits` do not override it), and render threads, each with its own
 * model, would hold ~0.19 GiB more at 20k with two (1.49 → 1.68 GiB). Set back to its default once this thread's
 * heap is made, the option no longer reaches them.
 */
export function threadsKeepDefaultYoungGeneration() {
  v8.setFlagsFromString("--max-semi-space-size=0");
}
