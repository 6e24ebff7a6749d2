/**
 * The arithmetic and the tables of `npm run bench:shards` (scripts/bench-shards.ts): what each part of a
 * sharded build cost, and what a bigger archive on more runners would cost by the same measure.
 *
 * The model: every part loads and validates the whole corpus before it renders its share
 * (src/pipeline/shard.ts), so a part's wall time (and its peak memory) is a fixed cost that grows with
 * the corpus plus a cost per article of the part. Fitted by least squares over the measured parts
 * (the S equal parts and a small calibration part, so the two are told apart): `y = fixed + perArticle × n`
 * at the measured corpus of N articles; for T articles on R runners a part costs
 * `fixed × T/N + perArticle × T/R`. The merge loads the whole corpus, links every file of the parts,
 * renders the lists, feeds and sitemaps (their pages grow with the archive: tag, author and section
 * pagination) and checks every link: it scales with the archive, `merge × T/N`, whatever R is.
 */

/** Articles on an article page's path: `…/news/2025/03/27/slug/index.html` (src/model/paths.ts). */
const ARTICLE_PAGE = /(?:^|\/)news\/\d{4}\/\d\d\/\d\d\/[^/]+\/index\.html$/;

export function isArticlePage(file: string): boolean {
  return ARTICLE_PAGE.test(file);
}

export interface Line {
  /** The cost at n = 0: what every part pays whatever its share. */
  fixed: number;
  perArticle: number;
  /** How the line was found: a least-squares fit, or a fallback when the fit was not usable. */
  how: "fit" | "no fixed cost" | "no per-article cost";
}

/**
 * Least squares through (articles, cost). A fit with a negative fixed cost (noise on a loaded machine)
 * is replaced by a line through the origin, a negative slope by a flat line at the mean: neither can
 * be what a part costs. Throws on fewer than two distinct article counts (the two costs cannot be told apart).
 */
export function fitLine(points: ReadonlyArray<{ articles: number; cost: number }>): Line {
  const xs = new Set(points.map((p) => p.articles));
  if (xs.size < 2) {
    throw new Error(
      `fitLine: expected parts of at least two sizes to tell the fixed cost from the cost per article, received ${points.length} part(s) of ${[...xs].join(", ")} articles`,
    );
  }
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.articles, 0) / n;
  const my = points.reduce((s, p) => s + p.cost, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.articles - mx) * (p.cost - my);
    sxx += (p.articles - mx) ** 2;
  }
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  if (slope < 0) return { fixed: my, perArticle: 0, how: "no per-article cost" };
  if (intercept < 0) {
    const through = points.reduce((s, p) => s + p.articles * p.cost, 0) / points.reduce((s, p) => s + p.articles ** 2, 0);
    return { fixed: 0, perArticle: through, how: "no fixed cost" };
  }
  return { fixed: intercept, perArticle: slope, how: "fit" };
}

export interface MeasuredPart {
  /** `3/8`, or `1/64` for the calibration part. */
  part: string;
  articles: number;
  wallSeconds: number;
  cpuSeconds?: number;
  peakRssBytes?: number;
}

export interface Projection {
  runners: number;
  articlesPerPart: number;
  /** A part of the mean, and the slowest part (the mean plus the measured excess of the slowest). */
  partSeconds: number;
  slowestSeconds: number;
  partPeakBytes?: number;
  mergeSeconds: number;
  mergePeakBytes?: number;
  /** Parts side by side, the slowest last, then the merge: what a publish waits for (runner start-up and artifact transfer not counted). */
  totalSeconds: number;
  /** Every runner's time added up: what the CI bill counts. */
  runnerSeconds: number;
}

export interface Model {
  /** The corpus the parts were measured on. */
  corpusArticles: number;
  /** Wall time against the articles of a part, over the S parts and the calibration part. */
  wall: Line;
  /**
   * Seconds the slowest of the S parts took beyond their mean: work that does not split by articles (a year's
   * search shard is indexed by the part with its newest article), so kept in seconds, not scaled with the part.
   */
  excessSeconds: number;
  /**
   * Peak memory is the largest moment, not a sum, so no line: `corpus` is the calibration part's peak
   * (it renders a sliver, so it is what holding the whole corpus takes) and grows with the corpus;
   * `working` is what the largest part held on top of that (its render slices, its largest search shard),
   * which follows the slice size and the articles a year, not the archive.
   */
  memory?: { corpus: number; working: number };
  merge: { wallSeconds: number; peakRssBytes?: number };
}

/** The model from the S equal parts, the calibration part (a small share of the same corpus) and the merge. */
export function fitModel(corpusArticles: number, parts: readonly MeasuredPart[], calibration: MeasuredPart, merge: Model["merge"]): Model {
  const all = [...parts, calibration];
  const wall = fitLine(all.map((p) => ({ articles: p.articles, cost: p.wallSeconds })));
  const walls = parts.map((p) => p.wallSeconds);
  const excessSeconds = Math.max(...walls) - walls.reduce((a, b) => a + b, 0) / walls.length;
  const peaks = parts.map((p) => p.peakRssBytes).filter((n): n is number => n !== undefined);
  const memory =
    calibration.peakRssBytes === undefined || peaks.length !== parts.length
      ? undefined
      : { corpus: calibration.peakRssBytes, working: Math.max(0, Math.max(...peaks) - calibration.peakRssBytes) };
  return { corpusArticles, wall, excessSeconds, ...(memory ? { memory } : {}), merge };
}

/** What `target` articles on each of `runners` runners cost by the model. */
export function project(model: Model, target: number, runners: readonly number[]): Projection[] {
  const scale = target / model.corpusArticles;
  return runners.map((r) => {
    const perPart = target / r;
    const partSeconds = model.wall.fixed * scale + model.wall.perArticle * perPart;
    const slowestSeconds = partSeconds + model.excessSeconds;
    const mergeSeconds = model.merge.wallSeconds * scale;
    return {
      runners: r,
      articlesPerPart: Math.round(perPart),
      partSeconds,
      slowestSeconds,
      ...(model.memory ? { partPeakBytes: model.memory.corpus * scale + model.memory.working } : {}),
      mergeSeconds,
      ...(model.merge.peakRssBytes === undefined ? {} : { mergePeakBytes: model.merge.peakRssBytes * scale }),
      totalSeconds: slowestSeconds + mergeSeconds,
      runnerSeconds: partSeconds * r + mergeSeconds,
    };
  });
}

export interface PartRow extends MeasuredPart {
  /** `.html` files the part wrote. */
  pages: number;
  /** Files and bytes of the part's folder (its artifact). */
  files: number;
  bytes: number;
}

const GIB = 1024 ** 3;
const fixed = (n: number | undefined, digits: number) => (n === undefined ? "n/a" : n.toFixed(digits));
const gib = (bytes: number | undefined) => fixed(bytes === undefined ? undefined : bytes / GIB, 2);

/** The measured table, Markdown: one row a part, then the merge. */
export function partsTable(parts: readonly PartRow[], merge: PartRow): string {
  const lines = ["| part | articles | pages | files | MB | wall s | CPU s | peak GiB |", "|---|--:|--:|--:|--:|--:|--:|--:|"];
  for (const p of [...parts, merge]) {
    lines.push(
      `| ${p.part} | ${p.articles} | ${p.pages} | ${p.files} | ${(p.bytes / 1e6).toFixed(1)} | ${fixed(p.wallSeconds, 2)} | ${fixed(p.cpuSeconds, 2)} | ${gib(p.peakRssBytes)} |`,
    );
  }
  return lines.join("\n");
}

const minutes = (s: number) => (s / 60).toFixed(1);

/** The projection table, Markdown. */
export function projectionTable(rows: readonly Projection[]): string {
  const lines = [
    "| runners | articles a part | part s | slowest part s | part peak GiB | merge s | merge peak GiB | slowest part + merge min | runner min |",
    "|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.runners} | ${r.articlesPerPart} | ${r.partSeconds.toFixed(0)} | ${r.slowestSeconds.toFixed(0)} | ${gib(r.partPeakBytes)} | ${r.mergeSeconds.toFixed(0)} | ${gib(r.mergePeakBytes)} | ${minutes(r.totalSeconds)} | ${minutes(r.runnerSeconds)} |`,
    );
  }
  return lines.join("\n");
}

/** The model in words, with the assumptions it rests on. */
export function assumptions(model: Model, target: number): string[] {
  const n = model.corpusArticles;
  const scale = (target / n).toFixed(1);
  const l = model.wall;
  return [
    `part wall = ${l.fixed.toFixed(2)} s fixed at ${n} articles + ${(l.perArticle * 1000).toFixed(2)} s per 1,000 articles of the part (least squares over the parts and the calibration part${l.how === "fit" ? "" : `; ${l.how}: the fit was not usable`}); the slowest part took ${model.excessSeconds.toFixed(1)} s more than the mean, added at every R (a year's search shard lands on one part whatever R is).`,
    `At ${target} articles the fixed cost (loading and validating the whole corpus, in every part) grows ×${scale}, in proportion to the corpus; the cost per article stays. The fixed cost holds process start-up too (~1 s), scaled with the rest: an overestimate that matters only for a small measured corpus.`,
    ...(model.memory
      ? [
          `part peak = ${(model.memory.corpus / GIB).toFixed(2)} GiB (the calibration part's peak: the whole corpus held) ×${scale} + ${(model.memory.working / GIB).toFixed(2)} GiB (the largest part's peak above it: render slices, its largest search shard; kept as it is, since it follows the slice size and the articles a year, not the archive).`,
        ]
      : []),
    `The merge (load everything, link every part's files, render lists, feeds and sitemaps, check every link) grows in proportion to the archive, ×${scale}, whatever the number of runners; so does its peak.`,
    "Each runner is as fast as this machine was during the run (its load is recorded); the same corpus shape (articles a month, KB a body, tags) over more months.",
    "Not counted: runner start-up, npm ci, restoring caches, uploading and downloading the parts (artifacts), the deploy. Parts start cold (no .cache/), as a runner without a cache does.",
  ];
}

/** `--runners 8,16,32,64`. */
export function parseRunners(text: string): number[] {
  const list = text.split(",").map((s) => s.trim());
  const numbers = list.map(Number);
  if (!list.length || numbers.some((n, i) => !/^\d+$/.test(list[i] as string) || !Number.isInteger(n) || n < 1)) {
    throw new Error(`--runners: expected whole numbers of runners separated by commas, such as 8,16,32,64, received "${text}"`);
  }
  return numbers;
}

/** A positive whole number option (`--articles`, `--shards`, `--project-to`). */
export function wholeNumber(name: string, text: string, min = 1): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n < min) {
    throw new Error(`--${name}: expected a whole number of at least ${min}, received "${text}"`);
  }
  return n;
}
