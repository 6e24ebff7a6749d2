// `npm run bench:search -- --articles N [--per-month N] [--site DIR] [--runs 5] [--keep]`: how soon a reader sees search
// results (issue 19). Makes the bench corpus (src/bench/corpus.ts; `--per-month`: that many articles a month, as
// `npm run bench` makes it, so the newest month has many day shards) and builds it, or takes an already built site (`--site DIR`), serves it
// like a static host (src/bench/browser.ts; `Cache-Control: max-age=600`, as GitHub Pages sends) and opens the
// English search page in Chromium with a query every bench article matches ("details": each body has a
// `**Details:**` paragraph) and a rarer one. Prints, per query, the time from navigation start to the first result
// in the DOM (the median of `--runs`, with min and max) and to the count's announcement (every shard answered), cold (a new browser context, empty cache) and warm (the
// same context again), and how many index shards the page had fetched by then, of how many.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Browser, BrowserContext } from "playwright-core";
import { launchChromium, serveStatic } from "../src/bench/browser.ts";
import { CORPUS_CLOCK, generateCorpus } from "../src/bench/corpus.ts";
import { loadAverage } from "../src/bench/results.ts";
import { PROJECT_ROOT } from "../src/project.ts";

const { values } = parseArgs({
  options: {
    articles: { type: "string", default: "20000" },
    "per-month": { type: "string" },
    site: { type: "string" },
    runs: { type: "string", default: "5" },
    keep: { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs: expected a positive whole number, received "${values.runs}"`);
const articles = Number(values.articles);
if (!Number.isInteger(articles) || articles < 1) throw new Error(`--articles: expected a positive whole number, received "${values.articles}"`);
const perMonth = values["per-month"] === undefined ? undefined : Number(values["per-month"]);
if (perMonth !== undefined && (!Number.isInteger(perMonth) || perMonth < 1))
  throw new Error(`--per-month: expected a positive whole number, received "${values["per-month"]}"`);

/** Every bench article has the first; about 0.8% have the second (a number in their prose), spread over the years. */
const QUERIES = [
  { name: "most articles", query: "details" },
  { name: "rarer", query: "777" },
];

const log = (line: string) => console.log(`bench:search: ${line}`);
let work: string | undefined;
let site = values.site ? path.resolve(values.site) : undefined;
if (site && !existsSync(path.join(site, "index.html"))) throw new Error(`--site: expected a built site (${site}/index.html), found none`);
if (!site) {
  work = mkdtempSync(path.join(tmpdir(), "newsroom-bench-search-"));
  let started = performance.now();
  const corpus = await generateCorpus(path.join(work, "site"), { articles, perMonth });
  log(`corpus of ${articles} articles${perMonth === undefined ? "" : `, ${perMonth} a month,`} in ${corpus.dir} (${seconds(started)} s)`);
  started = performance.now();
  site = path.join(work, "_site");
  const heap = `${process.env.NODE_OPTIONS ?? ""} --max-old-space-size=8192`.trim();
  execFileSync(path.join(PROJECT_ROOT, "node_modules/.bin/tsx"), [path.join(PROJECT_ROOT, "scripts/build.ts"), "--output", site], {
    cwd: corpus.dir,
    env: { ...process.env, NODE_OPTIONS: heap, SOURCE_DATE_EPOCH: String(CORPUS_CLOCK) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  log(`built in ${seconds(started)} s`);
}

const searchPage = biggestSearchPage(site);
/** Shard entry files requested so far (by the page's web worker, so counted by the server). */
let entries = new Set<string>();
const server = await serveStatic(site, "/", {
  maxAge: 600,
  onRequest: (pathname) => {
    if (pathname.endsWith("/pagefind-entry.json")) entries.add(pathname);
    return undefined;
  },
});
let browser: Browser | undefined;
try {
  browser = await launchChromium();
  log(`${searchPage.path}: ${searchPage.shards} shards; ${runs} runs each; load ${loadAverage().join(" ")} before`);
  for (const { name, query } of QUERIES) {
    const url = `${server.url}${searchPage.path.replace(/^\//, "")}?q=${encodeURIComponent(query)}`;
    const cold: Sample[] = [];
    const warm: Sample[] = [];
    for (let i = 0; i < runs; i++) {
      const context = await browser.newContext();
      try {
        cold.push(await firstResult(context, url));
        warm.push(await firstResult(context, url));
      } finally {
        await context.close();
      }
    }
    for (const [cache, samples] of [
      ["cold", cold],
      ["warm", warm],
    ] as const) {
      const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
      const fetched = samples.map((s) => s.shardsFetched).sort((a, b) => a - b);
      const counted = samples.map((s) => s.countMs).sort((a, b) => a - b);
      log(
        `"${query}" (${name}, ${samples[0]?.status}), ${cache}: first result ${Math.round(median(ms))} ms (${Math.round(ms[0] ?? 0)}–${Math.round(ms.at(-1) ?? 0)}), ${median(fetched)} of ${searchPage.shards} shards fetched by then; count announced at ${Math.round(median(counted))} ms`,
      );
    }
  }
  log(`load ${loadAverage().join(" ")} after`);
} finally {
  await browser?.close();
  await server.close();
  if (work && !values.keep) rmSync(work, { recursive: true, force: true });
  else if (work) log(`kept ${work}`);
}

interface Sample {
  ms: number;
  /** When the count was announced (every shard answered). */
  countMs: number;
  shardsFetched: number;
  status: string;
}

/**
 * Opens `url` in a new tab of `context` and returns when the first result is in the DOM: the time from navigation
 * start (performance.now(), set by a MutationObserver added through DevTools, so the page's CSP is untouched), and
 * how many shards' entry files (`pagefind-entry.json`) the server had been asked for by then (a warm cache asks for none).
 */
async function firstResult(context: BrowserContext, url: string): Promise<Sample> {
  const page = await context.newPage();
  try {
    entries = new Set<string>();
    let atFirst: number | undefined;
    await page.exposeFunction("benchFirstResult", () => {
      atFirst ??= entries.size;
    });
    await page.addInitScript(() => {
      const w = window as unknown as { benchFirstResultAt?: number; benchCountAt?: number; benchFirstResult: () => void };
      new MutationObserver((_, observer) => {
        if (w.benchFirstResultAt === undefined && document.querySelector("#search-results li")) {
          w.benchFirstResultAt = performance.now();
          w.benchFirstResult();
        }
        if (w.benchCountAt === undefined && document.getElementById("search-status")?.textContent) {
          w.benchCountAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { childList: true, subtree: true, characterData: true });
    });
    await page.goto(url, { waitUntil: "commit", timeout: 120_000 });
    // The count is announced once every shard answered; waiting for it, the next run starts from an idle page.
    await page.waitForFunction(() => (window as unknown as { benchCountAt?: number }).benchCountAt !== undefined, undefined, { timeout: 120_000 });
    const [ms, countMs] = await page.evaluate(() => {
      const w = window as unknown as { benchFirstResultAt?: number; benchCountAt: number };
      return [w.benchFirstResultAt, w.benchCountAt];
    });
    if (ms === undefined) throw new Error(`${url}: expected results, found none ("${await page.textContent("#search-status")}")`);
    const status = (await page.textContent("#search-status")) ?? "";
    return { ms, countMs, shardsFetched: atFirst ?? entries.size, status };
  } finally {
    await page.close();
  }
}

/** The search page with the most shards (the bench corpus has one edition with articles). */
function biggestSearchPage(dir: string): { path: string; shards: number } {
  let best: { path: string; shards: number } | undefined;
  const visit = (relative: string) => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name === "pagefind") continue;
      const sub = path.join(relative, entry.name);
      if (entry.name === "search" && existsSync(path.join(dir, sub, "index.html"))) {
        const html = readFileSync(path.join(dir, sub, "index.html"), "utf8");
        const shards = html.match(/data-shards="([^"]*)"/)?.[1]?.replaceAll("&quot;", '"');
        const count = shards ? (JSON.parse(shards) as string[]).length : 0;
        if (!best || count > best.shards) best = { path: `/${sub}/`, shards: count };
      } else if (relative.split(path.sep).length < 2) visit(sub);
    }
  };
  visit("");
  if (!best?.shards) throw new Error(`${dir}: expected a search page with index shards, found none`);
  return best;
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function seconds(since: number): string {
  return ((performance.now() - since) / 1000).toFixed(1);
}
