// `npm run bench -- --articles N [--baseline [--skip eleventy|hugo|pagefind]] [--photos K] [--warm] [--keep] [--profile]
//   [--per-month N] [--tags N] [--article-kb N] [--on-disk | --in-memory]`:
// build a synthetic corpus (not timed), then time the full build as a child process (issue #10). The corpus' shape:
// `--per-month` articles a month (spanning as many months back from the clock as needed; default five years),
// `--tags` distinct tags (default 300), `--article-kb` KB of Markdown a body (default ~5). The corpus and every build
// are on disk (`--on-disk`, the default: TMPDIR, or /var/tmp when TMPDIR is in memory) or in /dev/shm (`--in-memory`). `--warm` builds the
// unchanged corpus a second time, with the caches the first build filled (what CI sees when it keeps .cache/), then
// once more with one new article. Every run appends its figures to docs/bench/results.json (`--results FILE`;
// `--no-record` leaves it alone) and draws docs/bench/build-times.svg again from every recorded run;
// `--chart-only` just draws the chart.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { copyArticles } from "../src/bench/baseline-copy.ts";
import { writeEleventySite } from "../src/bench/baseline-eleventy.ts";
import { hugoVersion, pagefindCommand, writeHugoSite } from "../src/bench/baseline-hugo.ts";
import { buildTimesChart } from "../src/bench/chart.ts";
import { breakingNewsDate, CORPUS_CLOCK, corpusDays, generateCorpus } from "../src/bench/corpus.ts";
import { countPages, measure } from "../src/bench/measure.ts";
import { launcherCommand, nodeArgs, prepareBundles } from "../src/bench/npm-script.ts";
import { largestProfile, topSelfTime } from "../src/bench/profile.ts";
import { type Row, ratio, table } from "../src/bench/report.ts";
import {
  appendRun,
  benchFolder,
  type CorpusShape,
  currentCommit,
  loadAverage,
  machineFacts,
  type RecordedBuild,
  readRuns,
  recordedBuild,
} from "../src/bench/results.ts";
import { listFiles } from "../src/content/files.ts";
import { PROJECT_ROOT } from "../src/project.ts";

const { values } = parseArgs({
  options: {
    articles: { type: "string", default: "1000" },
    photos: { type: "string", default: "0" },
    seed: { type: "string" },
    baseline: { type: "boolean", default: false },
    // `--skip eleventy` (e.g. at 100k, where the Eleventy baseline takes ~12 minutes).
    skip: { type: "string", multiple: true, default: [] },
    keep: { type: "boolean", default: false },
    warm: { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
    results: { type: "string", default: path.join(PROJECT_ROOT, "docs/bench/results.json") },
    "no-record": { type: "boolean", default: false },
    "chart-only": { type: "boolean", default: false },
    "per-month": { type: "string" },
    tags: { type: "string" },
    "article-kb": { type: "string" },
    "on-disk": { type: "boolean", default: false },
    "in-memory": { type: "boolean", default: false },
  },
});
const chartFile = path.join(path.dirname(path.resolve(values.results)), "build-times.svg");
if (values["chart-only"]) {
  writeFileSync(chartFile, await buildTimesChart(readRuns(path.resolve(values.results))));
  console.log(`bench: drew ${chartFile}`);
  process.exit(0);
}
const articles = Number(values.articles);
if (!Number.isInteger(articles) || articles < 1) throw new Error(`--articles: expected a positive whole number, received "${values.articles}"`);
const positive = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name}: expected a positive number, received "${value}"`);
  return n;
};
const perMonth = positive("per-month", values["per-month"]);
const tagCount = positive("tags", values.tags);
if (tagCount !== undefined && !Number.isInteger(tagCount)) throw new Error(`--tags: expected a whole number, received "${values.tags}"`);
const articleKb = positive("article-kb", values["article-kb"]);
if (values["on-disk"] && values["in-memory"]) throw new Error("--on-disk and --in-memory: expected one of them, received both");
const base = benchFolder(values["in-memory"]);
const shape: CorpusShape | undefined =
  perMonth === undefined && tagCount === undefined && articleKb === undefined
    ? undefined
    : {
        ...(perMonth === undefined ? {} : { perMonth, months: Math.round((corpusDays(articles, perMonth) / (365.25 / 12)) * 10) / 10 }),
        ...(tagCount === undefined ? {} : { tags: tagCount }),
        ...(articleKb === undefined ? {} : { articleKb }),
      };

const machine = machineFacts(base);
const recorded: RecordedBuild[] = [];
const work = mkdtempSync(path.join(base, "newsroom-bench-"));
const scratch = path.join(work, "scratch");
mkdirSync(scratch);
const log = (line: string) => console.log(`bench: ${line}`);
// Same heap limit for every Node build: Node 20's default (~4 GiB) is too small at 100k (REFERENCE.md §12).
const heap = `${process.env.NODE_OPTIONS ?? ""} --max-old-space-size=8192`.trim();
// The build clock the day after the corpus' last day, as on a live site: its news sitemap has the last 48 hours.
const env = { NODE_OPTIONS: heap, SOURCE_DATE_EPOCH: String(CORPUS_CLOCK) };

try {
  let started = performance.now();
  const corpus = await generateCorpus(path.join(work, "site"), {
    articles,
    photos: Number(values.photos),
    seed: values.seed ? Number(values.seed) : undefined,
    perMonth,
    tags: tagCount,
    articleKb,
  });
  log(
    `corpus of ${articles} articles, ${corpus.authors} authors, ${corpus.tags} tags, ${corpus.photos} photos${shape ? ` (${JSON.stringify(shape)})` : ""} in ${work}, ${machine.inMemory ? "in memory" : "on disk"} (${seconds(started)} s, not timed)`,
  );
  const rows: Row[] = [];

  const ours = path.join(work, "_site");
  // As `npm run build` runs it (package.json: `node [options] scripts/run.mjs build`), one process running the bundled
  // build (made ahead by `npm ci`, below); a profiled run adds --cpu-prof (Node refuses it in NODE_OPTIONS).
  const npmBuild = launcherCommand(PROJECT_ROOT, "build");
  // The generator as installed: `npm ci` made its bundles (package.json's `prepare`), as Hugo's and Pagefind's binaries are built.
  started = performance.now();
  prepareBundles(PROJECT_ROOT);
  log(`the generator's bundles ready (npm ci's prepare; ${seconds(started)} s, not timed)`);
  const profileDir = path.join(work, "profile");
  const profiling = values.profile ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const [command, args] = [process.execPath, [...profiling, ...nodeArgs(npmBuild, "--output", ours)]];
  log(
    `ours: ${["node", ...(values.profile ? ["--cpu-prof"] : []), ...npmBuild.nodeOptions, path.relative(PROJECT_ROOT, npmBuild.launcher), ...npmBuild.args].join(" ")} (npm run build)`,
  );
  const m = await measure(command, args, { cwd: corpus.dir, scratch, env });
  rows.push({ name: values.warm ? "ours, cold" : "ours", measurement: m, pages: countPages(ours), articles });
  recorded.push(recordedBuild("ours, cold", rows.at(-1) as Row));
  if (values.warm) {
    log("ours again, unchanged corpus, image cache warm");
    const w = await measure(command, args, { cwd: corpus.dir, scratch, env });
    rows.push({ name: "ours, warm", measurement: w, pages: countPages(ours), articles });
    recorded.push(recordedBuild("ours, warm", rows.at(-1) as Row));
    // What CI sees most: the archive as it was, plus one new article in the current month.
    const files = await listFiles(corpus.dir, "content/articles", ".md", []);
    const last = path.join(corpus.dir, files[files.length - 1] as string);
    const added = path.join(path.dirname(last), "bench-one-new-article.md");
    writeFileSync(added, readFileSync(last, "utf8").replace(/^title: .*$/m, "title: One new article for the warm build"));
    log("ours again, one new article, caches warm");
    const n = await measure(command, args, { cwd: corpus.dir, scratch, env });
    rows.push({ name: "ours, +1 article", measurement: n, pages: countPages(ours), articles: articles + 1 });
    recorded.push(recordedBuild("ours, +1 article", rows.at(-1) as Row));
    // What a newsroom publishes most: a story dated now, the newest of the archive (the copy above may be
    // back-dated within the month, which moves every newer page of its lists by one article).
    const newest = breakingNewsDate();
    const breaking = path.join(corpus.dir, "content/articles/eng", newest.slice(0, 4), newest.slice(5, 7), "bench-breaking-news.md");
    mkdirSync(path.dirname(breaking), { recursive: true });
    writeFileSync(
      breaking,
      readFileSync(last, "utf8")
        .replace(/^title: .*$/m, "title: Breaking news published as the build starts")
        .replace(/^date: .*$/m, `date: ${newest}`)
        .replace(/^updated: .*\n/m, "")
        .replace(/^image:\n(?: {2}.*\n)+/m, ""),
    );
    log(`ours again, one more new article dated ${newest} (the newest), caches warm`);
    const b = await measure(command, args, { cwd: corpus.dir, scratch, env });
    rows.push({ name: "ours, +1 newest", measurement: b, pages: countPages(ours), articles: articles + 2 });
    recorded.push(recordedBuild("ours, +1 newest", rows.at(-1) as Row));
    rmSync(added);
    rmSync(breaking);
  }

  if (values.baseline) {
    started = performance.now();
    const eleventyDir = path.join(work, "eleventy");
    const withEleventy = !values.skip.includes("eleventy");
    const hugo = values.skip.includes("hugo") ? undefined : hugoVersion();
    const hugoDir = path.join(work, "hugo");
    const targets = [...(withEleventy ? [writeEleventySite(eleventyDir)] : []), ...(hugo ? [writeHugoSite(hugoDir)] : [])];
    copyArticles(corpus.dir, targets);
    log(`baseline sites written (${seconds(started)} s, not timed)`);

    if (withEleventy) {
      const eleventy = JSON.parse(readFileSync(path.join(PROJECT_ROOT, "node_modules/@11ty/eleventy/package.json"), "utf8")).version as string;
      log(`eleventy ${eleventy}: minimal Nunjucks site`);
      const cmd = path.join(PROJECT_ROOT, "node_modules/@11ty/eleventy/cmd.cjs");
      const e = await measure(process.execPath, [cmd, "--quiet"], { cwd: eleventyDir, scratch, env: { NODE_OPTIONS: heap } });
      rows.push({ name: `eleventy ${eleventy} minimal`, measurement: e, pages: countPages(path.join(eleventyDir, "_site")), articles });
      recorded.push(recordedBuild("Eleventy minimal", rows.at(-1) as Row, { version: eleventy }));
    }

    if (hugo) {
      log(`hugo ${hugo}: minimal site`);
      const h = await measure("hugo", ["--quiet", "-d", path.join(hugoDir, "public")], { cwd: hugoDir, scratch });
      const hugoPages = countPages(path.join(hugoDir, "public"));
      rows.push({ name: `hugo ${hugo} minimal`, measurement: h, pages: hugoPages, articles });
      recorded.push(recordedBuild("Hugo minimal", rows.at(-1) as Row, { version: hugo }));
      if (!values.skip.includes("pagefind")) {
        // Hugo has no search: Pagefind over its output (the articles alone, data-pagefind-body) is what a Hugo newsroom adds.
        const pagefind = pagefindCommand(PROJECT_ROOT);
        log(`pagefind ${pagefind.version} over hugo's output`);
        // Pagefind over a big archive can run out of memory (14.7 GiB at 100k, issue 19): the run keeps its other figures.
        const p = await measure(pagefind.command, ["--site", path.join(hugoDir, "public"), "--quiet"], { cwd: hugoDir, scratch }).catch(
          (error: Error) => {
            log(`pagefind over hugo's output failed, not recorded: ${error.message}`);
            return undefined;
          },
        );
        if (p) {
          const sum = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : a + b);
          const both = {
            wallSeconds: h.wallSeconds + p.wallSeconds,
            cpuSeconds: sum(h.cpuSeconds, p.cpuSeconds),
            peakRssBytes: h.peakRssBytes === undefined || p.peakRssBytes === undefined ? undefined : Math.max(h.peakRssBytes, p.peakRssBytes),
          };
          rows.push({ name: `hugo ${hugo} + pagefind ${pagefind.version}`, measurement: both, pages: hugoPages, articles });
          recorded.push(
            recordedBuild("Hugo + Pagefind", rows.at(-1) as Row, {
              version: `${hugo} + ${pagefind.version}`,
              pagefindWallSeconds: Math.round(p.wallSeconds * 100) / 100,
            }),
          );
        }
      }
    } else {
      log("no Hugo baseline (skipped, or hugo not installed: apt-get install hugo)");
    }
  }

  console.log(`\n${articles} articles (seed ${values.seed ?? "default"}), ${new Date().toISOString().slice(0, 10)}\n\n${table(rows)}\n`);
  const ourRows = rows.filter((r) => r.name.startsWith("ours"));
  for (const baseline of rows.filter((r) => !r.name.startsWith("ours"))) for (const o of ourRows) console.log(ratio(o, baseline));
  const profile = values.profile ? largestProfile(profileDir) : undefined;
  if (profile) console.log(`\nself time, top 10 (${profile}):\n${topSelfTime(profile)}`);
  if (!values["no-record"] && !values.profile) {
    const runs = appendRun(path.resolve(values.results), {
      date: new Date().toISOString(),
      commit: currentCommit(PROJECT_ROOT),
      articles,
      seed: values.seed ? Number(values.seed) : "default",
      photos: Number(values.photos),
      ...(shape ? { shape } : {}),
      machine: { ...machine, loadAfter: loadAverage() },
      builds: recorded,
    });
    writeFileSync(chartFile, await buildTimesChart(runs));
    log(
      `recorded in ${values.results} (${runs.length} runs; load ${machine.loadBefore.join(" ")} before, ${loadAverage().join(" ")} after); drew ${chartFile}`,
    );
  }
} finally {
  if (values.keep) log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(2);
}
