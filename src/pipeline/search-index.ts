/**
 * Pagefind's search index (pagefind.app/docs/node-api/), in shards (src/model/search-shards.ts): per
 * edition, one bundle per day of the newest month (`/pagefind/eng-2025-12-27/`), per earlier month of
 * the newest year (`eng-2025-11`) and per older year (`eng-2024`), so a new or corrected article of
 * the newest month re-indexes its day alone, whatever the month's volume; a month is indexed once
 * more when the next month starts, a year when the next year does.
 * Records come straight from the model (`addCustomRecord`): one per published article, its
 * headline, lead, body, background and corrections as text, with tag, author and section
 * filters and a date sort. Drafts and embargoed articles are not in the model, and archives,
 * lists and the 404 page are never indexed.
 *
 * Each shard is written once into the cache (`.cache/search/<key>/`, which CI keeps), keyed by
 * a hash of its records' inputs, Pagefind's version and the code that turns articles into
 * records; a build links (or copies) cached shards into its temp folder and indexes only the
 * shards whose key is new. Measured on 20k articles, Pagefind costs ~2.2 ms of CPU per article
 * (a third adding, two thirds writing), almost all of it indexing text, not our IPC.
 *
 * Indexing runs in Pagefind's own processes while Eleventy renders (one fewer than the cores), then
 * on every core once the build says its pages are rendered, and everything lands in the build's temp
 * folder before the swap, so a failed build never publishes half an index. The
 * search page (assets/search.js) loads its edition's shards, newest first, and merges them.
 */

import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import * as pagefind from "pagefind";
import { plainBody, plainText } from "../content/markdown.ts";
import { ContentStore, linkOrCopy, writeWhole } from "../content-store.ts";
import { type DateTime, formatDateline, utcSortKey } from "../dates.ts";
import { NewsroomError } from "../errors/content-error.ts";
import { authorName } from "../model/authors.ts";
import { sourceDigest } from "../model/parse-cache.ts";
import { SEARCH_BUNDLE_PATH } from "../model/paths.ts";
import { editionShards, type SearchShard, shardTextSize } from "../model/search-shards.ts";
import { editionOf, type SiteModel } from "../model/site.ts";
import { digest } from "../pages/keys.ts";
import { PROJECT_ROOT } from "../project.ts";
import { sectionTitle } from "../render/seo/meta.ts";
import type { Article } from "../schema/article.ts";
import { collectAfterPhase, collectIfGrown } from "./memory.ts";
import { indexInThread, type ThreadedShard } from "./search-thread.ts";

/** Written shards by key; kept between builds (CI caches it, like `.cache/images`). */
export const SEARCH_CACHE_DIR = ".cache/search";

/**
 * Bump when a shard's files or records change in a way the key below cannot see. The key already
 * covers Pagefind's, markdown-it's and Luxon's versions, Node's ICU and the source of this file,
 * src/content/markdown.ts, src/content/markdown-images.ts and src/dates.ts.
 */
const SHARD_FORMAT = 1;

/** The bundle's folder in the output, relative (`pagefind/`). */
const BUNDLE_DIR = SEARCH_BUNDLE_PATH.replace(/^\//, "");

/** Pagefind's own search UIs: our search page has its own (assets/search.js), so they are not published. */
const UNUSED = /^pagefind-(?:ui|component-ui|modular-ui|highlight)\./;

/** Pagefind reported problems: the build fails and nothing is published. */
export class SearchIndexError extends NewsroomError {
  override name = "SearchIndexError";
}

export interface SearchIndexStats {
  /** Pages indexed, per language (`en`, `uk` ...). */
  languages: Record<string, number>;
  /** Shards published, and how many of them were indexed in this build (the rest came from the cache). */
  shards: number;
  indexed: number;
  /** Most Pagefind processes that indexed at once (0 when every shard came from the cache). */
  atOnce: number;
  /** Pagefind processes started (a kept one indexes several shards), and the shards' ids in the order they started. */
  processes: number;
  order: string[];
}

export interface SearchIndexJob {
  /**
   * The plain text of an article's body, from its page's parse (`renderBody`'s `env.text`): kept,
   * within `BODY_TEXTS_BYTES`, for the record of an article whose shard is still to be indexed, so
   * its body is not parsed a second time.
   */
  bodyText(article: Article, plain: string): void;
  /**
   * While shards are to be indexed, how often a render on the caller's thread should give the event loop a
   * turn (src/render/pages.ts `loopTurns`), so records go to Pagefind and its answers come back while
   * pages render: `renderTurnMs()`; undefined when every shard came from the cache.
   */
  readonly turnMs: number | undefined;
  /** The caller's pages are rendered: its thread is free, so the shards not yet started are indexed on every core. */
  rendered(): void;
  /** How many shards wait for a Pagefind process (not started yet): while some do, this thread still has records to make for them. */
  queued(): number;
  /** Waits until every shard is in the output folder, then stops Pagefind and prunes the cache. */
  finish(): Promise<SearchIndexStats>;
  /** Stops Pagefind (the build failed). */
  abort(): Promise<void>;
}

/** What an article's search record is made from, and nothing else: a shard's cache key is the hash of its articles' inputs. */
export interface SearchInput {
  url: string;
  lang: string;
  locale: string;
  title: string;
  /** A brief's summary (it has no text of its own); its page shows it as the lead. */
  summary?: string;
  body: string;
  background: readonly string[];
  corrections: readonly string[];
  date: DateTime;
  tags: readonly string[];
  authors: readonly string[];
  section: string;
}

export function searchInput(site: SiteModel, article: Article): SearchInput {
  const { config } = editionOf(site, article);
  return {
    url: article.url,
    lang: config.lang,
    locale: config.locale,
    title: article.title,
    ...(article.body === "" && article.summary ? { summary: article.summary } : {}),
    body: article.body,
    background: article.background ?? [],
    corrections: (article.corrections ?? []).map((c) => c.text),
    date: article.date,
    tags: article.tags,
    authors: article.authors.map((id) => authorName(site.authors.get(id), id, config.lang)),
    section: sectionTitle(site.config, article.section, config.lang),
  };
}

/**
 * An article's Pagefind record, from its input alone (also what the tests index as one bundle, to
 * compare the shards with). `body`: the body's plain text when the page's render made it already
 * (`plainBody(input.body, input.lang)`, the same string).
 */
export function searchRecord(input: SearchInput, body?: string) {
  const text = [
    input.title,
    ...(input.summary ? [input.summary] : []),
    body ?? plainBody(input.body, input.lang),
    ...input.background.map(plainText),
    ...input.corrections.map(plainText),
  ].join("\n\n");
  return {
    // Site-relative: the search script prefixes the sub-path it was loaded from.
    url: input.url,
    content: text,
    language: input.lang,
    meta: { title: input.title, date: formatDateline(input.date, input.locale) },
    filters: { tag: [...input.tags], author: [...input.authors], section: [input.section] },
    sort: { date: utcSortKey(input.date) },
  };
}

/**
 * Bodies' plain texts held for their records at most (strings counted at two bytes a character). A cold
 * build renders its pages before most shards are indexed, so the texts of every article would be
 * held through the render (~90 M characters at 20k articles of ~5 KB): past this, a record parses
 * its body again (~0.15 ms of CPU an article) instead of holding the build's memory.
 */
export const BODY_TEXTS_BYTES = 96 * 1024 ** 2;

/** The texts `SearchIndexJob.bodyText` keeps: for the articles of shards not started yet, within `BODY_TEXTS_BYTES`. */
class BodyTexts {
  readonly #open: Set<Article>;
  readonly #texts = new Map<Article, string>();
  #bytes = 0;

  constructor(articles: readonly Article[]) {
    this.#open = new Set(articles);
  }

  offer(article: Article, plain: string): void {
    const bytes = 2 * plain.length;
    if (!this.#open.has(article) || this.#texts.has(article) || this.#bytes + bytes > BODY_TEXTS_BYTES) return;
    this.#texts.set(article, plain);
    this.#bytes += bytes;
  }

  /** The article's text, once (its record is made once). */
  take(article: Article): string | undefined {
    const plain = this.#texts.get(article);
    if (plain === undefined) return undefined;
    this.#texts.delete(article);
    this.#bytes -= 2 * plain.length;
    bodyTextCounts.used++;
    return plain;
  }

  /** Their shard has started: texts offered from now on are not kept. */
  close(articles: readonly Article[]): void {
    for (const a of articles) this.#open.delete(a);
  }

  clear(): void {
    this.#open.clear();
    this.#texts.clear();
    this.#bytes = 0;
  }
}

/** Records made from a text the render gave (the tests read it). */
export const bodyTextCounts = { used: 0 };

let codeKey: Promise<string> | undefined;

/** What, besides the articles, decides a shard's bytes: versions and the code that makes records. */
function fingerprint(): Promise<string> {
  codeKey ??= (async () => {
    const hash = createHash("sha256").update(`format ${SHARD_FORMAT}\0icu ${process.versions.icu}\0`);
    for (const name of ["pagefind", "markdown-it", "luxon"]) hash.update(`${name} ${await packageVersion(name)}\0`);
    for (const file of ["src/pipeline/search-index.ts", "src/content/markdown.ts", "src/content/markdown-images.ts", "src/dates.ts"])
      hash.update(await readFile(path.join(PROJECT_ROOT, file))).update("\0");
    return hash.digest("hex");
  })();
  return codeKey;
}

/** The installed version of a dependency: its package.json, found upwards from the file Node resolves. */
async function packageVersion(name: string): Promise<string> {
  let dir = path.dirname(fileURLToPath(import.meta.resolve(name)));
  for (;;) {
    try {
      const pkg = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8")) as { name?: string; version?: string };
      if (pkg.name === name && pkg.version) return pkg.version;
    } catch {
      // No package.json here: keep going up.
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`search index: no package.json for ${name}`);
    dir = up;
  }
}

/**
 * The shard's cache key: its id, what every record shares (the config's section titles and
 * languages, the authors' names) and, per article, what it was loaded from (src/model/parse-cache.ts
 * `sourceDigest`: parse environment, path and bytes, which the load hashed already) or, for an
 * article not loaded from a file, the inputs its record is made from (`searchInput`), hashed. So a
 * build hashes one short string per article, not every body (~0.26 s at 20k), and renders no body to
 * text when nothing changed; `searchRecord` reads nothing else, and the fingerprint covers its code.
 */
function shardKey(site: SiteModel, shard: SearchShard, code: string, shared: string): string {
  const hash = createHash("sha256").update(`${code}\0${shard.id}\0${shared}\0`);
  // One digest per article, so no shard's text is ever held as one string; handed to the hash a few
  // hundred at a time (the same bytes as one at a time: one call an article took ~0.05 s at 100,000).
  let digests = "";
  for (const article of shard.articles) {
    digests += `${sourceDigest(article) ?? digest(searchInput(site, article))}\0`;
    if (digests.length >= 32_768) {
      hash.update(digests);
      digests = "";
    }
  }
  return hash.update(digests).digest("hex").slice(0, 32);
}

/** What the records of every article read besides the article: the config (section titles, editions' languages) and the authors. */
function sharedInputs(site: SiteModel): string {
  return digest([site.config, site.authors]);
}

/**
 * Each cached shard's files (relative to its folder), kept beside the entries so a build hands a
 * cached shard's files to the publish step without listing its folders (~0.1 s at 20k). An entry
 * never changes once written, so its listing holds while the entry is there.
 */
function listingsFile(cacheDir: string): string {
  // Beside the store, not in it: every name in the store's folder is an entry.
  return `${cacheDir}.listings.v8`;
}

function readListings(cacheDir: string): Map<string, string[]> {
  try {
    const data = deserialize(readFileSync(listingsFile(cacheDir))) as unknown;
    if (data instanceof Map) return data as Map<string, string[]>;
  } catch {
    // None yet, or unreadable: shards are listed from their folders.
  }
  return new Map();
}

/**
 * Milliseconds of rendering between two turns of the event loop while shards are indexed beside the render
 * (`NEWSROOM_SEARCH_TURN_MS`, 0: none). A Linux pipe holds 64 KB, so each turn moves a few records of
 * ~8 KB to Pagefind; every 10 ms that is more than the Pagefind process beside the render indexes. Without
 * turns it had records only between Eleventy's runs (~4 s each): a cold 20k build indexed three small
 * shards during its ~40 s render, and the whole index after it.
 */
export function renderTurnMs(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const value = env.NEWSROOM_SEARCH_TURN_MS?.trim();
  const ms = value === undefined || value === "" ? 10 : Number(value);
  if (!Number.isFinite(ms) || ms < 0)
    throw new SearchIndexError(`NEWSROOM_SEARCH_TURN_MS: expected milliseconds between turns (0: none), received "${value}"`);
  return ms > 0 ? ms : undefined;
}

/**
 * Pagefind processes at once for the shards a build indexes, once its pages are rendered
 * (`NEWSROOM_SEARCH_SERVICES`; one per core by default), each a fresh process per shard. While the
 * build renders on its own thread one fewer runs (at least one): on 2 cores a second process
 * only took turns with the renderer and the image encoder. After the render the build's thread
 * idles, and the shards not yet started take every core.
 */
function servicesAfterRender(): number {
  const n = Number(process.env.NEWSROOM_SEARCH_SERVICES);
  return Number.isInteger(n) && n > 0 ? n : availableParallelism();
}

/**
 * Bytes the build's process and its Pagefind processes may hold together before another process
 * starts, given what the build's process holds now (`own`): `NEWSROOM_SEARCH_MEMORY` when set, else
 * 1.45 GiB (issue 19's 1.5 GiB for every process of a 20k build, less what else runs beside), or 15%
 * more than the build holds once the build alone holds more than 1.5 GiB. A Pagefind process holds
 * ~55 bytes per character of its shard's text (`shardTextSize`) while it writes it, 0.17 GiB for a
 * full 3 M-character shard. So where the build holds ~1 GiB (20k articles of ~3 KB) two full shards
 * are indexed at once, where it holds ~1.3 GiB (20k of 8 KB) one, and where it holds ~2.6 GiB (100k
 * articles) two again: a fixed 1.4 GiB left a 100k build's search phase to one process (~93 s after
 * the render of a cold 100k build at 4,000 a month; ~75 s with two). A process alone always starts.
 * 1.4 GiB at 20k left it to one process in 3 of ~20 cold builds (issue 19's twenty-first round): after its
 * render such a build holds 1.03–1.09 GiB, and two full shards fit beside it only up to 1.06 GiB (the search
 * phase then took ~24 s against ~16 s). The bench's peaks, every process counted: 1.34–1.37 GiB under 1.4 GiB,
 * 1.39–1.42 GiB under 1.45 GiB (two processes beside the build after its render).
 */
export function searchMemoryCap(own: number, env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.NEWSROOM_SEARCH_MEMORY);
  return Number.isFinite(n) && n > 0 ? n : own > 1.5 * 1024 ** 3 ? 1.15 * own : 1.45 * 1024 ** 3;
}

/** Bytes a Pagefind process holds per character of the text it indexed (measured while it writes a shard). */
const PAGEFIND_BYTES_PER_CHARACTER = 55;

/** What a Pagefind process holds at most while it indexes a shard: its text at ~55 bytes a character, on ~16 MB of its own. */
function pagefindMemory(text: number): number {
  return 16 * 1024 ** 2 + PAGEFIND_BYTES_PER_CHARACTER * text;
}

/**
 * Characters of text a Pagefind process indexes, in shards one after another, before it is stopped:
 * a process gives little of its memory back after a shard (see `index`), so it is kept for the next
 * shard only while what it indexed is small, and after the build's render only while the next shard is
 * small too (an idle kept process's bytes would count against `searchMemoryCap`, which decides how many
 * processes index at once). A cold build's small shards (the newest month's days:
 * ~6 articles each at 550 a month) were a process each: at 20k ~100 processes, each forked from the
 * build's ~1 GiB process (~12 ms of the build's thread a fork, ~1.2 s in all, issue 19).
 */
export const PROCESS_TEXT_LIMIT = 1_000_000;

/**
 * Characters of text below which a shard is small (a day of the newest month at ~550 articles a month: ~10
 * articles). While the build renders, a small shard waits while a bigger one is queued: each shard costs a
 * chain of steps (index made, records, files written, the folder tidied, moved into the cache) that each wait
 * for one of the render's turns of the loop (every ~10 ms), so ~30 day shards at the start of a cold 20k
 * build's render kept its Pagefind process idle for most of ~7 s. After the render the loop is free, and the
 * small ones go quickly, one after another on a kept process (`PROCESS_TEXT_LIMIT`).
 */
export const SMALL_SHARD_TEXT = 250_000;

type Pagefind = typeof pagefind;

/**
 * Pagefind's Node API runs one service process per instance of its module; the same module
 * under another URL is another instance, so another process. The first is the module itself.
 */
function service(i: number): Promise<Pagefind> {
  return i === 0 ? Promise.resolve(pagefind) : (import(`${import.meta.resolve("pagefind")}?service=${i + 1}`) as Promise<Pagefind>);
}

/**
 * Starts the search index: cached shards are linked into `outputDir` at once; the others are
 * indexed by Pagefind, a fresh process per shard (small ones share one, `PROCESS_TEXT_LIMIT`), newest
 * first (while the caller renders, small shards after bigger ones: `SMALL_SHARD_TEXT`), each written into the cache first
 * and linked from there, all while the caller renders pages: one fewer process than
 * `servicesAfterRender()` until the caller says its pages are rendered (`rendered()`), then that
 * many, as long as the build and its Pagefind processes stay within `searchMemoryCap`.
 * Shards are published in their order whichever process finishes first.
 */
export async function startSearchIndex(
  site: SiteModel,
  outputDir: string,
  cacheDir: string = path.join(site.root, SEARCH_CACHE_DIR),
  /** The shards to index and publish (a `--shard K/N` build: its own, src/pipeline/shard.ts); every shard by default. */
  only: (shard: SearchShard) => boolean = () => true,
  place?: (file: string, source: string) => void,
): Promise<SearchIndexJob> {
  // Read first: a bad setting fails the build before any Pagefind process starts.
  const turnMs = renderTurnMs();
  const code = await fingerprint();
  const shared = sharedInputs(site);
  // What every kept record was made under (`readRecords`): the records' code and shared inputs.
  const recordsKey = `${code}\0${shared}`;
  const shards = [...site.editions.values()]
    .flatMap(editionShards)
    .filter(only)
    .map((shard) => ({ shard, key: shardKey(site, shard, code, shared) }));
  type Entry = (typeof shards)[number];
  const store = new ContentStore(cacheDir);
  await mkdir(cacheDir, { recursive: true });
  const cached = await Promise.all(shards.map(({ key }) => store.has(key)));
  // A kept listing serves a shard that was in the cache when the build started; one indexed now is listed from its folder.
  const wasCached = new Set(shards.filter((_, i) => cached[i]).map((s) => s.key));
  const listings = readListings(cacheDir);
  const listed = new Map<string, string[]>();
  const missing = shards.filter((_, i) => !cached[i]);
  const bundle = path.join(outputDir, SEARCH_BUNDLE_PATH);
  let stopped = false;

  /** Everything that writes into `outputDir`: abort() waits for all of it, so nothing lands in a folder being deleted. */
  const writes = new Set<Promise<void>>();
  const track = (write: () => Promise<void>): Promise<void> => {
    const p = stopped ? Promise.reject(new SearchIndexError("the search index was stopped")) : write();
    writes.add(p);
    p.catch(() => undefined);
    return p;
  };
  const halted = () => stopped;
  // Given `place`, a shard's files are handed to it (output file, cache file) instead of linked into the folder.
  const publish = (s: Entry) =>
    track(() =>
      place
        ? placeShard(store.path(s.key), `${BUNDLE_DIR}${s.shard.id}/`, wasCached.has(s.key) ? listings.get(s.key) : undefined, place).then(
            (files) => {
              listed.set(s.key, files);
            },
          )
        : linkTree(store.path(s.key), path.join(bundle, s.shard.id), (name) => name !== "pagefind.js", halted),
    );

  // Each shard to index, written into the cache or failed; the queue holds those not started, newest first.
  const indexed = new Map(missing.map((s) => [s.key, deferred()]));
  const queue = [...missing];
  const texts = new BodyTexts(missing.flatMap((s) => s.shard.articles));
  const shardTexts = new Map(missing.map((s) => [s.key, shardTextSize(s.shard)]));
  const sizes = new Map(missing.map((s) => [s.key, pagefindMemory(shardTexts.get(s.key) ?? 0)]));
  // Characters each slot's process has indexed while kept for another shard (`PROCESS_TEXT_LIMIT`), and what it holds for them.
  const keptText = new Map<number, number>();
  const keptBytes = () => [...keptText.values()].reduce((n, text) => n + PAGEFIND_BYTES_PER_CHARACTER * text, 0);
  const after = servicesAfterRender();
  // Until the caller says its pages are rendered (`rendered()`): until then one process fewer than after.
  let rendering = true;
  const limit = () => (rendering ? Math.max(1, after - 1) : after);
  let processes = 0;
  const started: string[] = [];
  // Pagefind's modules (one process each), by slot; slots not indexing a shard now.
  const apis: Promise<Pagefind>[] = [];
  const idle: number[] = [];
  // Slots made so far: a shard indexed from a thread holds a slot without making its module, so the next new
  // slot is not `apis.length` (two shards on one module: closing it after one fails the other's requests).
  let slots = 0;
  let running = 0;
  let atOnce = 0;
  // Estimated bytes of the Pagefind processes running (`pagefindMemory`).
  let load = 0;
  let failure: unknown;
  const allIndexed = deferred();
  // Shards indexed in a thread of their own (`indexInThread`), running now.
  const threads = new Set<ThreadedShard>();

  /**
   * Indexes one shard in its slot's Pagefind process, stopped once the shard is written unless
   * what it indexed is still small (`PROCESS_TEXT_LIMIT`): a process gives little of its memory
   * back after `deleteIndex`, so one that indexed several big shards held them all (two services
   * at 20k, ~1.2 GiB each). Starting one costs milliseconds of Pagefind's, and a fork of the build.
   */
  async function index(slot: number, s: Entry): Promise<void> {
    started.push(s.shard.id);
    const recent = RECENT_SHARD.test(s.shard.id);
    const kept = recent ? readRecords(cacheDir, s.shard.id, recordsKey) : foldedRecords(s.shard.id);
    const made = new Map<string, PagefindRecord>();
    const record = (a: Article): PagefindRecord => {
      const source = sourceDigest(a);
      let r = source === undefined ? undefined : kept?.get(source);
      if (!r) {
        r = searchRecord(searchInput(site, a), texts.take(a));
        searchRecordCounts.made++;
      }
      if (recent && source !== undefined) made.set(source, r);
      return r;
    };
    if (missing.length <= searchThreads.shards && fewToMake(s.shard.articles, kept)) {
      // A publish's shard (every record kept but a few, or a new day's first): made now, and handed to a thread whole.
      texts.close(s.shard.articles);
      const records = s.shard.articles.map(record);
      if (stopped) throw new SearchIndexError("the search index was stopped");
      await store.put(s.key, async (dir) => {
        const job = indexInThread(import.meta.resolve("pagefind"), records, dir, RECORDS_IN_FLIGHT);
        processes++;
        threads.add(job);
        try {
          const errors = await job.done;
          if (errors.length) throw failed(errors);
        } finally {
          threads.delete(job);
        }
        await removeUnused(dir);
      });
      searchRecordCounts.threaded++;
      if (recent) writeRecords(cacheDir, s.shard.id, recordsKey, made);
      return;
    }
    apis[slot] ??= service(slot);
    const api = await apis[slot];
    // Checked right before Pagefind starts: abort() sets `stopped`, then closes every module's process.
    if (stopped) throw new SearchIndexError("the search index was stopped");
    if (!keptText.has(slot)) processes++;
    const { index, errors } = await api.createIndex({});
    if (!index) throw failed(errors);
    // Texts of its articles rendered from now on would never be read.
    texts.close(s.shard.articles);
    const adding = await addRecords(
      index,
      s.shard.articles.map((a) => () => record(a)),
    );
    if (adding.length) throw failed(adding);
    await writeShard(index, store, s.key);
    if (recent) writeRecords(cacheDir, s.shard.id, recordsKey, made);
    const indexedText = (keptText.get(slot) ?? 0) + (shardTexts.get(s.key) ?? 0);
    keptText.delete(slot);
    // Kept while the render runs (a fork costs the render's thread), and after it only while the next shard queued is
    // small (a kept process idle after the render would count against the memory cap that decides how many processes
    // index at once; the small shards, last of the render, go one after another).
    if (indexedText <= PROCESS_TEXT_LIMIT && !stopped && (rendering || smallNext())) keptText.set(slot, indexedText);
    else await api.close();
    // The shard's records were this process's garbage: after the render, nothing else collects it
    // while shards remain. Not after the last one (a publish's only shard): the build ends soon, and a
    // full collection of a 100k build's heap took ~1 s. Not at a fixed margin past the live heap either:
    // at 100k (~2.5 GiB live) 96 MB past it meant a ~1 s collection after every shard, on the thread
    // that renders (a cold 100k build's write and search went from 111 + 173 s to 140 + 216 s).
    if (queue.length > 0) collectIfGrown();
  }

  /** The records the days of a month's shard kept (read once for all its parts), or none for another shard. */
  const folded = new Map<string, Map<string, PagefindRecord>>();
  function foldedRecords(id: string): ReadonlyMap<string, PagefindRecord> | undefined {
    const month = MONTH_SHARD.exec(id)?.[1];
    if (month === undefined) return undefined;
    let records = folded.get(month);
    if (!records) {
      records = readDaysRecords(cacheDir, month, recordsKey);
      folded.set(month, records);
    }
    return records;
  }

  const isSmall = (s: Entry) => (shardTexts.get(s.key) ?? 0) < SMALL_SHARD_TEXT;
  /** The next shard queued is small: a kept process takes it after the render. */
  const smallNext = () => queue[0] !== undefined && isSmall(queue[0]);

  /** Starts the queued shards that fit: up to `limit` at once, within the memory cap (a shard alone always fits). */
  function pump(): void {
    while (!stopped && failure === undefined && running < limit() && queue.length) {
      const own = process.memoryUsage.rss();
      const cap = searchMemoryCap(own);
      const held = keptBytes();
      const fits = (s: Entry) => running === 0 || own + load + held + (sizes.get(s.key) ?? 0) <= cap;
      // While the build renders, a small shard waits while a bigger one is queued (`SMALL_SHARD_TEXT`).
      let i = rendering ? queue.findIndex((s) => !isSmall(s) && fits(s)) : -1;
      if (i < 0) i = queue.findIndex(fits);
      if (i < 0) break;
      const [s] = queue.splice(i, 1) as [Entry];
      const size = sizes.get(s.key) ?? 0;
      const slot = idle.pop() ?? slots++;
      running++;
      atOnce = Math.max(atOnce, running);
      load += size;
      index(slot, s).then(
        () => {
          running--;
          load -= size;
          idle.push(slot);
          indexed.get(s.key)?.resolve();
          pump();
        },
        (error: unknown) => {
          running--;
          fail(error);
        },
      );
    }
    if (!running && stopped) fail(new SearchIndexError("the search index was stopped"));
    else if (!queue.length && !running && failure === undefined) allIndexed.resolve();
  }

  function fail(error: unknown): void {
    failure ??= error;
    for (const d of indexed.values()) d.reject(failure);
    allIndexed.reject(failure);
  }

  async function indexAll(): Promise<void> {
    // Shards go into the output in their order, cached ones first (while Pagefind works on the
    // rest), each new one once written: the files handed to `place` come in the same order
    // whichever process finished first.
    let order: Promise<void> = Promise.resolve();
    const pending = [...shards.filter((_, i) => cached[i]), ...missing].map((s) => {
      const written = indexed.get(s.key)?.promise;
      order = order.then(async () => {
        await written;
        await publish(s);
      });
      return order;
    });
    for (const p of pending) p.catch(() => undefined);
    pump();
    await allIndexed.promise;
    await Promise.all(pending);
    // The script is the same in every shard; the search page imports it from the bundle's root.
    const first = shards[0];
    const script = first && path.join(store.path(first.key), "pagefind.js");
    if (script && place) place(`${BUNDLE_DIR}pagefind.js`, script);
    else if (script) await track(() => linkOrCopy(script, path.join(bundle, "pagefind.js")));
  }

  const close = () => Promise.all([...apis.map((api) => api.then((a) => a.close())), ...[...threads].map((t) => t.stop())]);
  const done = indexAll();
  // Keep a rejection from surfacing before finish() or abort() looks at it.
  done.catch(() => undefined);
  return {
    turnMs: missing.length ? turnMs : undefined,
    bodyText(article, plain) {
      texts.offer(article, plain);
    },
    queued: () => queue.length,
    rendered() {
      // The render's garbage goes first: the processes started now add their memory to what the build holds.
      if (rendering && queue.length) collectAfterPhase();
      rendering = false;
      // Processes kept during the render (`PROCESS_TEXT_LIMIT`) and idle now are stopped, unless the next shard is
      // small (the small ones waited for the render's end). The slot may take a shard in the pump() below: its close
      // runs first (queued before that shard's `await apis[slot]`), and the module then starts a fresh process.
      if (!smallNext())
        for (const slot of [...keptText.keys()])
          if (idle.includes(slot)) {
            keptText.delete(slot);
            void apis[slot]?.then((api) => api.close());
          }
      pump();
    },
    async finish() {
      try {
        await done;
        texts.clear();
        await store.prune(new Set(shards.map((s) => s.key)));
        pruneRecords(cacheDir, new Set(shards.map((s) => s.shard.id)));
        // The listings of the shards this build published, when one was new (or the table held others).
        if (place && (listed.size !== listings.size || [...listed.keys()].some((key) => !listings.has(key)))) writeListings(cacheDir, listed);
        const languages: Record<string, number> = {};
        for (const { shard } of shards) languages[shard.lang] = (languages[shard.lang] ?? 0) + shard.articles.length;
        return { languages, shards: shards.length, indexed: missing.length, atOnce, processes, order: started };
      } finally {
        await close();
      }
    },
    async abort() {
      // Stop Pagefind (its half-written shard is only in the cache's staging folder), then wait
      // for every link into the output folder that already started (each stops at its next
      // batch), so nothing lands in the folder the build deletes next.
      stopped = true;
      await close();
      // Nothing indexing (or the last shard just written): the queue's shards are given up here.
      pump();
      await done.catch(() => undefined);
      for (let size = -1; size !== writes.size; ) {
        size = writes.size;
        await Promise.allSettled([...writes]);
      }
    },
  };
}

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}

/** A promise settled from outside (Node 20 has no `Promise.withResolvers`); a rejection nobody awaits is not reported. */
function deferred(): Deferred {
  let resolve = () => {};
  let reject: (error: unknown) => void = () => {};
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

/**
 * Records sent to a Pagefind process and not yet answered, at most. All of a shard's at once (its
 * text, its messages and the pipe's buffer) outlived the young generation and grew the build's
 * old heap by ~0.15 GiB in a 20k build's search phase; a window keeps the pipe busy and the
 * garbage young. Records are sent in order either way.
 */
const RECORDS_IN_FLIGHT = 32;

type PagefindRecord = ReturnType<typeof searchRecord>;

/**
 * Records made from articles in this process (not read back from `readRecords`), and shards indexed
 * from a thread of their own (`indexInThread`): the tests read it.
 */
export const searchRecordCounts = { made: 0, threaded: 0 };

/**
 * A shard of one of the newest month's days (`eng-2025-12-30`), or a part of one. A publish or a
 * correction indexes one of them again: its article's day's (~130 articles at 4,000 a month).
 */
const RECENT_SHARD = /-\d{4}-\d{2}-\d{2}(?:-p\d+)?$/;

/** A month's shard (`eng-2025-11`), or a part of one: its month's id. */
const MONTH_SHARD = /^(.+-\d{4}-\d{2})(?:-p\d+)?$/;

/**
 * The records of the newest month's shards (`RECENT_SHARD`), kept between builds beside the cache
 * (`.cache/search.records/<shard>.v8`) by each article's source (src/model/parse-cache.ts `sourceDigest`),
 * with what they were made under (`key`: the records' code and the shared inputs, as in `shardKey`). At
 * 4,000 articles a month a day's shard holds ~130 articles (a week's, before day shards covered the whole
 * month, ~900), and turning their Markdown into text on the build's own thread took ~0.3 s of a publish
 * (~1.2 s for a week), where Pagefind then indexed them in a fraction of that; one new article now makes
 * one record.
 */
function recordsDir(cacheDir: string): string {
  return `${cacheDir}.records`;
}

/** The build's records folder (`recordsDir` of `SEARCH_CACHE_DIR`), which CI keeps between runs. */
export const SEARCH_RECORDS_DIR = recordsDir(SEARCH_CACHE_DIR);

function readRecords(cacheDir: string, shard: string, key: string): Map<string, PagefindRecord> {
  try {
    const kept = deserialize(readFileSync(path.join(recordsDir(cacheDir), `${shard}.v8`))) as { key: string; records: [string, PagefindRecord][] };
    if (kept.key === key && Array.isArray(kept.records)) return new Map(kept.records);
  } catch {
    // None kept for this shard yet, or unreadable: every record is made.
  }
  return new Map();
}

/**
 * The records kept for the day shards of `month` (`eng-2025-11`: `eng-2025-11-30.v8`, `eng-2025-11-29-p2.v8` …),
 * merged: when the next month starts they make its month's shard, which holds the same articles (at 4,000
 * a month ~4,000 records, ~5 s on the build's thread if made again). Those made under another key are not read.
 */
function readDaysRecords(cacheDir: string, month: string, key: string): Map<string, PagefindRecord> {
  const merged = new Map<string, PagefindRecord>();
  let names: string[];
  try {
    names = readdirSync(recordsDir(cacheDir));
  } catch {
    return merged;
  }
  for (const name of names) {
    if (!name.startsWith(`${month}-`) || !/^\d{2}(?:-p\d+)?\.v8$/.test(name.slice(month.length + 1))) continue;
    for (const [source, record] of readRecords(cacheDir, name.replace(/\.v8$/, ""), key)) merged.set(source, record);
  }
  return merged;
}

function writeRecords(cacheDir: string, shard: string, key: string, records: ReadonlyMap<string, PagefindRecord>): void {
  const dir = recordsDir(cacheDir);
  mkdirSync(dir, { recursive: true });
  writeWhole(path.join(dir, `${shard}.v8`), serialize({ key, records: [...records] }));
}

/** Removes the kept records of shards the site no longer has (the days of a month folded into the month's shard). */
function pruneRecords(cacheDir: string, shards: ReadonlySet<string>): void {
  let names: string[];
  try {
    names = readdirSync(recordsDir(cacheDir));
  } catch {
    return;
  }
  for (const name of names)
    if (!name.includes(".tmp-") && !shards.has(name.replace(/\.v8$/, ""))) rmSync(path.join(recordsDir(cacheDir), name), { force: true });
}

/** Adds the records in order, a window of them at a time, each made when sent; returns Pagefind's errors. */
async function addRecords(index: pagefind.PagefindIndex, records: readonly (() => ReturnType<typeof searchRecord>)[]): Promise<string[]> {
  const errors: string[] = [];
  const inFlight = new Set<Promise<void>>();
  for (const record of records) {
    const added: Promise<void> = index.addCustomRecord(record()).then((r) => {
      errors.push(...r.errors);
      inFlight.delete(added);
    });
    // A closed process rejects every record in flight: the first reaches the caller, the rest are not left unhandled.
    added.catch(() => undefined);
    inFlight.add(added);
    if (inFlight.size >= RECORDS_IN_FLIGHT) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return errors;
}

/** Writes a shard into the cache (a staging folder renamed into place: an entry is complete or absent). */
function writeShard(index: pagefind.PagefindIndex, store: ContentStore, key: string): Promise<void> {
  return store.put(key, async (dir) => {
    const written = await index.writeFiles({ outputPath: dir });
    if (written.errors.length) throw failed(written.errors);
    await index.deleteIndex();
    await removeUnused(dir);
  });
}

/** Pagefind's UI files, which the search page does not use (`UNUSED`), out of a written shard. */
async function removeUnused(dir: string): Promise<void> {
  await Promise.all((await readdir(dir)).filter((name) => UNUSED.test(name)).map((name) => rm(path.join(dir, name))));
}

/**
 * At most `fewToMake` records of a shard made in the build (the others kept from the last build), in a
 * build that indexes at most `shards` shards (a publish): the shard is indexed from a thread
 * (`indexInThread`) with its records made at once. A shard with more records to make, and every shard of
 * a build that indexes many (a cold build's: a thread and its module per small day shard cost ~4 s of a
 * cold 20k build), has its records made as Pagefind takes them, from the texts the render gives where it can.
 */
export const searchThreads = { fewToMake: 16, shards: 4 };

function fewToMake(articles: readonly Article[], kept: ReadonlyMap<string, PagefindRecord> | undefined): boolean {
  let made = 0;
  for (const a of articles) {
    const source = sourceDigest(a);
    if ((source === undefined || !kept?.has(source)) && ++made > searchThreads.fewToMake) return false;
  }
  return true;
}

function writeListings(cacheDir: string, listings: ReadonlyMap<string, string[]>): void {
  writeWhole(listingsFile(cacheDir), serialize(listings));
}

/**
 * Hands a shard's files to `place` as (`prefix` + its path in the shard, its path), Pagefind's script
 * aside, from the shard's listing when one is kept, else from its folders; returns the listing.
 */
async function placeShard(
  from: string,
  prefix: string,
  known: readonly string[] | undefined,
  place: (file: string, source: string) => void,
): Promise<string[]> {
  const files = known ? [...known] : await listTree(from, "", (name) => name !== "pagefind.js");
  // Joined by hand: a path.join per file was a fifth of a warm start at 20k.
  const dir = from.endsWith(path.sep) ? from : `${from}${path.sep}`;
  for (const file of files) place(`${prefix}${file}`, path.sep === "/" ? `${dir}${file}` : path.join(from, file));
  return files;
}

/** Every file under `from`, as `prefix` + its path there. */
async function listTree(from: string, prefix: string, include: (name: string) => boolean): Promise<string[]> {
  const files: string[] = [];
  for (const e of await readdir(from, { withFileTypes: true })) {
    if (!include(e.name)) continue;
    if (e.isDirectory()) files.push(...(await listTree(path.join(from, e.name), `${prefix}${e.name}/`, () => true)));
    else if (e.isFile()) files.push(`${prefix}${e.name}`);
  }
  return files;
}

/** `halted`: the build failed; stop before the next batch, so the caller can wait for the last one and delete the folder. */
async function linkTree(
  from: string,
  to: string,
  include: (name: string) => boolean = () => true,
  halted: () => boolean = () => false,
): Promise<void> {
  const stop = () => {
    if (halted()) throw new SearchIndexError("the search index was stopped");
  };
  stop();
  await mkdir(to, { recursive: true });
  const entries = (await readdir(from, { withFileTypes: true })).filter((e) => include(e.name));
  const files = entries.filter((e) => e.isFile());
  for (let i = 0; i < files.length; i += 64) {
    stop();
    await Promise.all(files.slice(i, i + 64).map((e) => linkOrCopy(path.join(from, e.name), path.join(to, e.name))));
  }
  for (const e of entries) if (e.isDirectory()) await linkTree(path.join(from, e.name), path.join(to, e.name), () => true, halted);
}

function failed(errors: readonly string[]): SearchIndexError {
  return new SearchIndexError(`the search index could not be written (Pagefind): ${errors.join("; ") || "no reason given"}`);
}
