/** Bounded concurrency: image work runs on every core but never on thousands of files at once. */
import { availableParallelism } from "node:os";

/** One encode pipeline per core (libvips itself runs one thread per pipeline here, REFERENCE.md §12). */
export const ENCODE_CONCURRENCY = availableParallelism();

/** Maps `items` through `fn` with at most `limit` calls in flight; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  async function worker(): Promise<void> {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  }
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return out;
}
