/**
 * Seeded randomness for the benchmark corpus: the same seed gives the same corpus on
 * every machine, so figures from different runs compare like with like.
 */

/** mulberry32: tiny, fast and good enough for synthetic text (not for cryptography). */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
}

/**
 * Draws ranks 0..n-1 with probability proportional to 1/(rank+1)^s: a few tags are on
 * most articles and most tags are rare, as on a real news site.
 */
export class Zipf {
  private readonly cumulative: Float64Array;

  constructor(n: number, s = 1) {
    this.cumulative = new Float64Array(n);
    let sum = 0;
    for (let k = 0; k < n; k++) {
      sum += 1 / (k + 1) ** s;
      this.cumulative[k] = sum;
    }
    for (let k = 0; k < n; k++) this.cumulative[k] = (this.cumulative[k] as number) / sum;
  }

  draw(random: Random): number {
    const u = random.next();
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cumulative[mid] as number) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** `count` distinct ranks. */
  distinct(random: Random, count: number): number[] {
    const out = new Set<number>();
    while (out.size < Math.min(count, this.cumulative.length)) out.add(this.draw(random));
    return [...out];
  }
}
