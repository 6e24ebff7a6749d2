// `npm run bench:shards -- --articles N --shards S [--per-month M] [--tags N] [--article-kb N] [--seed N]
//   [--warm] [--runners 8,16,32,64] [--project-to 1000000] [--keep] [--no-record] [--results FILE]`:
// a sharded build measured the way CI runs it (issue 19). Generates the bench's corpus on disk (not timed),
// then builds each part K/S one after another as a child process (`scripts/build.ts --shard K/S`), each
// from a fresh checkout's state: the corpus' `.cache/` is removed before every part, as a matrix runner
// starts without the other parts' caches (and, here, without its own). Each part writes its own folder,
// the artifact a runner uploads; those folders sit side by side in one `artifacts/` folder, where the
// merge job downloads them, and `scripts/merge.ts --shards artifacts/` runs from a cold `.cache/` too.
// A calibration part 1/(8·S) (a small share, the whole corpus loaded all the same) tells the cost every
// part pays from the cost per article (src/bench/shards.ts). Wall time, CPU time and peak memory
// (every process of the part: src/bench/measure.ts) per part and for the merge; the merged site is checked
// against the parts' manifests (every file there with its size, one article page per published
// article); then the arithmetic for `--project-to` articles (default 1,000,000) on `--runners` runners.
// `--warm`: each part's and the merge's `.cache/` is kept aside after the cold run, then one new article is
// added and every part (the corpus changed, so every part builds again) and the merge run once more, each
// with its own cache put back: what the sharded workflow's per-part caches give a publish.
// Appends the run to docs/bench/results.json (`--no-record` leaves it alone).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { CORPUS_CLOCK, corpusDays, generateCorpus } from "../src/bench/corpus.ts";
import { countPages, type Measurement, measure } from "../src/bench/measure.ts";
import { launcherCommand, nodeArgs, prepareBundles } from "../src/bench/npm-script.ts";
import { appendRun, benchFolder, type CorpusShape, currentCommit, loadAverage, machineFacts, type RecordedBuild } from "../src/bench/results.ts";
import {
  assumptions,
  fitModel,
  isArticlePage,
  type PartRow,
  parseRunners,
  partsTable,
  project,
  projectionTable,
  wholeNumber,
} from "../src/bench/shards.ts";
import { listFiles } from "../src/content/files.ts";
import { SHARD_MANIFEST, type ShardManifest, shardName } from "../src/pipeline/shard.ts";
import { PROJECT_ROOT } from "../src/project.ts";

const { values } = parseArgs({
  options: {
    articles: { type: "string", default: "1000" },
    shards: { type: "string", default: "4" },
    seed: { type: "string" },
    "per-month": { type: "string" },
    tags: { type: "string" },
    "article-kb": { type: "string" },
    runners: { type: "string", default: "8,16,32,64" },
    "project-to": { type: "string", default: "1000000" },
    keep: { type: "boolean", default: false },
    warm: { type: "boolean", default: false },
    results: { type: "string", default: path.join(PROJECT_ROOT, "docs/bench/results.json") },
    "no-record": { type: "boolean", default: false },
  },
});
const articles = wholeNumber("articles", values.articles);
const count = wholeNumber("shards", values.shards, 2);
const seed = values.seed === undefined ? undefined : wholeNumber("seed", values.seed, 0);
const perMonth = values["per-month"] === undefined ? undefined : wholeNumber("per-month", values["per-month"]);
const tagCount = values.tags === undefined ? undefined : wholeNumber("tags", values.tags);
const articleKb = values["article-kb"] === undefined ? undefined : wholeNumber("article-kb", values["article-kb"]);
const runners = parseRunners(values.runners);
const target = wholeNumber("project-to", values["project-to"]);
const shape: CorpusShape | undefined =
  perMonth === undefined && tagCount === undefined && articleKb === undefined
    ? undefined
    : {
        ...(perMonth === undefined ? {} : { perMonth, months: Math.round((corpusDays(articles, perMonth) / (365.25 / 12)) * 10) / 10 }),
        ...(tagCount === undefined ? {} : { tags: tagCount }),
        ...(articleKb === undefined ? {} : { articleKb }),
      };

const base = benchFolder(false);
const machine = machineFacts(base);
const work = mkdtempSync(path.join(base, "newsroom-shards-"));
const scratch = path.join(work, "scratch");
const artifacts = path.join(work, "artifacts");
const calibrationDir = path.join(work, "calibration");
const merged = path.join(work, "_site");
for (const dir of [scratch, artifacts, calibrationDir]) mkdirSync(dir);
const log = (line: string) => console.log(`bench:shards: ${line}`);
// As scripts/bench.ts: the same heap limit for every build, and the clock the day after the corpus' last day.
const env = { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --max-old-space-size=8192`.trim(), SOURCE_DATE_EPOCH: String(CORPUS_CLOCK) };
// As `npm run build` and `npm run merge` run them (package.json): the bundled scripts, one process each (scripts/run.mjs), with their Node options.
const npmBuild = launcherCommand(PROJECT_ROOT, "build");
const npmMerge = launcherCommand(PROJECT_ROOT, "merge");
// The generator as installed: `npm ci` made its bundles (package.json's `prepare`).
prepareBundles(PROJECT_ROOT);

try {
  const started = performance.now();
  const corpus = await generateCorpus(path.join(work, "site"), { articles, seed, perMonth, tags: tagCount, articleKb });
  const cacheDir = path.join(corpus.dir, ".cache");
  const freshCache = () => rmSync(cacheDir, { recursive: true, force: true });
  // --warm: each part's and the merge's .cache/ is kept aside after the cold run and put back for the +1 run.
  const caches = path.join(work, "caches");
  const keepCache = (name: string) => {
    mkdirSync(caches, { recursive: true });
    if (existsSync(cacheDir)) renameSync(cacheDir, path.join(caches, name));
  };
  const restoreCache = (name: string) => {
    freshCache();
    if (existsSync(path.join(caches, name))) renameSync(path.join(caches, name), cacheDir);
  };
  log(
    `corpus of ${articles} articles${shape ? ` (${JSON.stringify(shape)})` : ""} in ${work}, on disk (${((performance.now() - started) / 1000).toFixed(1)} s, not timed); load ${machine.loadBefore.join(" ")}`,
  );

  /** Part `index` of `of` into `into`, from the .cache/ there is (none, or the one restoreCache put back). */
  const runPart = async (index: number, of: number, into: string, label = `${index}/${of}`): Promise<PartRow> => {
    const output = path.join(into, shardName({ index, count: of }));
    log(`part ${label}: npm run build -- --shard ${index}/${of}, ${existsSync(cacheDir) ? "its own .cache/" : "no .cache/"}`);
    const m = await measure(process.execPath, nodeArgs(npmBuild, "--shard", `${index}/${of}`, "--output", output), {
      cwd: corpus.dir,
      scratch,
      env,
    });
    const manifest = JSON.parse(readFileSync(path.join(output, SHARD_MANIFEST), "utf8")) as ShardManifest;
    const files = Object.entries(manifest.files);
    return {
      part: label,
      articles: files.filter(([file]) => isArticlePage(file)).length,
      pages: files.filter(([file]) => file.endsWith(".html")).length,
      files: files.length,
      bytes: files.reduce((n, [, f]) => n + f.size, 0),
      ...flat(m),
    };
  };
  const runMerge = async (label: string, published: number): Promise<{ row: PartRow; check: string }> => {
    log(
      `${label}: npm run merge -- --shards artifacts/ (${count} parts side by side, as the merge job downloads them), ${existsSync(cacheDir) ? "its own .cache/" : "no .cache/"}`,
    );
    const m = await measure(process.execPath, nodeArgs(npmMerge, "--shards", artifacts, "--output", merged), {
      cwd: corpus.dir,
      scratch,
      env,
    });
    const site = siteFiles(merged);
    const row = {
      part: label,
      articles: published,
      pages: countPages(merged),
      files: site.size,
      bytes: [...site.values()].reduce((n, size) => n + size, 0),
      ...flat(m),
    };
    return { row, check: verify(artifacts, site, path.join(cacheDir, "report/report.json"), published) };
  };

  const parts: PartRow[] = [];
  for (let k = 1; k <= count; k++) {
    freshCache();
    parts.push(await runPart(k, count, artifacts));
    if (values.warm) keepCache(shardName({ index: k, count }));
  }
  freshCache();
  const calibration = await runPart(1, 8 * count, calibrationDir);
  rmSync(calibrationDir, { recursive: true, force: true });
  freshCache();
  const { row: mergeRow, check } = await runMerge("merge", articles);
  if (values.warm) keepCache("merge");

  const warm: PartRow[] = [];
  if (values.warm) {
    // What CI sees most: the archive as it was plus one new article in the newest month; every part builds again (the corpus changed), each with its own cache.
    const files = await listFiles(corpus.dir, "content/articles", ".md", []);
    const last = path.join(corpus.dir, files[files.length - 1] as string);
    writeFileSync(
      path.join(path.dirname(last), "bench-one-new-article.md"),
      readFileSync(last, "utf8").replace(/^title: .*$/m, "title: One new article for the warm build"),
    );
    for (let k = 1; k <= count; k++) {
      restoreCache(shardName({ index: k, count }));
      warm.push(await runPart(k, count, artifacts, `${k}/${count} +1`));
    }
    restoreCache("merge");
    const merge = await runMerge("merge +1", articles + 1);
    warm.push(merge.row);
    console.log(merge.check);
  }

  const model = fitModel(articles, parts, calibration, { wallSeconds: mergeRow.wallSeconds, peakRssBytes: mergeRow.peakRssBytes });
  const load = loadAverage();
  const sum = (f: (p: PartRow) => number) => parts.reduce((n, p) => n + f(p), 0);
  const slowest = (rows: readonly PartRow[]) => Math.max(...rows.map((p) => p.wallSeconds));
  console.log(
    `\n${articles} articles (seed ${values.seed ?? "default"}${shape ? `, ${JSON.stringify(shape)}` : ""}) in ${count} parts, one after another, each with no .cache/; on disk, ${machine.cpus} cores, load ${machine.loadBefore.join(" ")} before, ${load.join(" ")} after\n`,
  );
  console.log(`${partsTable([...parts, calibration], mergeRow)}\n`);
  console.log(
    `parts: ${sum((p) => p.wallSeconds).toFixed(1)} s one after another, the slowest ${slowest(parts).toFixed(1)} s; side by side on ${count} runners a publish waits ${(slowest(parts) + mergeRow.wallSeconds).toFixed(1)} s (slowest part + merge)`,
  );
  console.log(`${check}\n`);
  if (warm.length) {
    const [merge] = warm.slice(-1) as [PartRow];
    const warmParts = warm.slice(0, -1);
    console.log(`one new article, every part and the merge with its own .cache/ from the run above:\n\n${partsTable(warmParts, merge)}\n`);
    console.log(
      `+1 side by side on ${count} runners: ${(slowest(warmParts) + merge.wallSeconds).toFixed(1)} s (slowest part ${slowest(warmParts).toFixed(1)} s + merge ${merge.wallSeconds.toFixed(1)} s)\n`,
    );
  }
  console.log(`${target} articles on R runners, by the cold parts measured here:\n\n${projectionTable(project(model, target, runners))}\n`);
  for (const line of assumptions(model, target)) console.log(`- ${line}`);

  if (!values["no-record"]) {
    const builds: RecordedBuild[] = [...parts, calibration, ...warm.slice(0, -1)].map((p) => ({
      series: "ours, shard part",
      part: p.part,
      partArticles: p.articles,
      ...recorded(p),
    }));
    builds.push({ series: "ours, shard merge", part: "merge", ...recorded(mergeRow) });
    if (warm.length) builds.push({ series: "ours, shard merge", part: "merge +1", ...recorded(warm.at(-1) as PartRow) });
    const runs = appendRun(path.resolve(values.results), {
      date: new Date().toISOString(),
      commit: currentCommit(PROJECT_ROOT),
      articles,
      seed: seed ?? "default",
      photos: 0,
      ...(shape ? { shape } : {}),
      machine: { ...machine, loadAfter: load },
      builds,
      shards: { count, warm: values.warm },
    });
    log(`recorded in ${values.results} (${runs.length} runs)`);
  }
} finally {
  if (values.keep) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

function flat(m: Measurement): Pick<PartRow, "wallSeconds" | "cpuSeconds" | "peakRssBytes"> {
  return {
    wallSeconds: m.wallSeconds,
    ...(m.cpuSeconds === undefined ? {} : { cpuSeconds: m.cpuSeconds }),
    ...(m.peakRssBytes === undefined ? {} : { peakRssBytes: m.peakRssBytes }),
  };
}

function recorded(p: PartRow): Omit<RecordedBuild, "series"> {
  const round = (n: number) => Math.round(n * 100) / 100;
  return {
    wallSeconds: round(p.wallSeconds),
    ...(p.cpuSeconds === undefined ? {} : { cpuSeconds: round(p.cpuSeconds) }),
    ...(p.peakRssBytes === undefined ? {} : { peakRssBytes: p.peakRssBytes }),
    pages: p.pages,
  };
}

/** Every file of the merged site with its size, site-relative with forward slashes. */
function siteFiles(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const file = path.join(e.parentPath, e.name);
    out.set(path.relative(dir, file).split(path.sep).join("/"), statSync(file).size);
  }
  return out;
}

/**
 * The merged site looks complete: every file of every part's manifest is there with its size, and it has
 * one article page per article the merge published (its report). Throws naming what is missing.
 */
function verify(artifactsDir: string, site: Map<string, number>, reportFile: string, expected: number): string {
  let listed = 0;
  const missing: string[] = [];
  for (const folder of readdirSync(artifactsDir)) {
    const manifest = JSON.parse(readFileSync(path.join(artifactsDir, folder, SHARD_MANIFEST), "utf8")) as ShardManifest;
    for (const [file, { size }] of Object.entries(manifest.files)) {
      listed++;
      if (site.get(file) !== size) missing.push(`${folder}/${file}`);
    }
  }
  if (missing.length) {
    throw new Error(
      `merged site: expected every file of the parts' manifests, received ${missing.length} missing or of another size, first ${missing.slice(0, 5).join(", ")}`,
    );
  }
  const report = existsSync(reportFile) ? (JSON.parse(readFileSync(reportFile, "utf8")) as { articles?: { published: number } }) : {};
  const published = report.articles?.published;
  const articlePages = [...site.keys()].filter(isArticlePage).length;
  if (published !== expected || articlePages !== published) {
    throw new Error(
      `merged site: expected one article page for each of the corpus' ${expected} articles, received ${articlePages} article pages and ${published ?? "no report of"} published articles`,
    );
  }
  return `merged site complete: ${site.size} files, all ${listed} files of the parts' manifests with their sizes, ${articlePages} article pages for ${published} published articles`;
}
