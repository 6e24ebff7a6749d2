/**
 * Pagefind's search index (pagefind.app/docs/node-api/), in shards (src/model/search-shards.ts): per
 * edition, one bundle per day of the newest block of seven days (`/pagefind/eng-2025-12-27/`), per
 * earlier block of the newest month (`eng-2025-12-w3`), per earlier month of the newest year
 * (`eng-2025-11`) and per older year (`eng-2024`), so a new article re-indexes its day alone,
 * whatever the month's volume; a week is indexed once more when the next block starts, a month
 * when the next month does, a year when the next year does.
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
 * Indexing runs in Pagefind's own process while Eleventy renders, and everything lands in the
 * build's temp folder before the swap, so a failed build never publishes half an index. The
 * search page (assets/search.js) loads its edition's shards, newest first, and merges them.
 */

import { createHash } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { availableParallelism } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import * as pagefind from "pagefind";
import { plainBody, plainText } from "../content/markdown.ts";
import { ContentStore, linkOrCopy } from "../content-store.ts";
import { type DateTime, formatDateline, utcSortKey } from "../dates.ts";
import { NewsroomError } from "../errors/content-error.ts";
import { authorName } from "../model/authors.ts";
import { sourceDigest } from "../model/parse-cache.ts";
import { SEARCH_BUNDLE_PATH } from "../model/paths.ts";
import { editionShards, type SearchShard } from "../model/search-shards.ts";
import { editionOf, type SiteModel } from "../model/site.ts";
import { digest } from "../pages/keys.ts";
import { PROJECT_ROOT } from "../project.ts";
import { sectionTitle } from "../render/seo/meta.ts";
import type { Article } from "../schema/article.ts";
import { collectIfGrown } from "./memory.ts";

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
}

export interface SearchIndexJob {
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

/** An article's Pagefind record, from its input alone (also what the tests index as one bundle, to compare the shards with). */
export function searchRecord(input: SearchInput) {
  const text = [
    input.title,
    ...(input.summary ? [input.summary] : []),
    plainBody(input.body),
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
  // One digest per article, so no shard's text is ever held as one string.
  for (const article of shard.articles) hash.update(`${sourceDigest(article) ?? digest(searchInput(site, article))}\0`);
  return hash.digest("hex").slice(0, 32);
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
 * Pagefind processes at once for the shards a build indexes (`NEWSROOM_SEARCH_SERVICES`): each
 * works on one core, beside the build's own thread that renders, so by default one per core but
 * that one: on 2 cores a second process only took turns with the renderer and the image encoder,
 * and added its ~0.2 GiB to the build's peak of memory.
 */
const SERVICES = Math.max(1, Number(process.env.NEWSROOM_SEARCH_SERVICES) || availableParallelism() - 1);

type Pagefind = typeof pagefind;

/**
 * Pagefind's Node API runs one service process per instance of its module; the same module
 * under another URL is another instance, so another process for the second core.
 */
async function services(n: number): Promise<Pagefind[]> {
  const url = import.meta.resolve("pagefind");
  const more = Array.from({ length: n - 1 }, (_, i) => import(`${url}?service=${i + 2}`) as Promise<Pagefind>);
  return [pagefind, ...(await Promise.all(more))];
}

/** Splits shards between services, about the same number of articles each, keeping their order. */
function split<T extends { shard: SearchShard }>(items: readonly T[], n: number): T[][] {
  const load = Array.from({ length: n }, () => 0);
  const owner = new Map<T, number>();
  for (const item of [...items].sort((a, b) => b.shard.articles.length - a.shard.articles.length)) {
    const i = load.indexOf(Math.min(...load));
    owner.set(item, i);
    load[i] = (load[i] ?? 0) + item.shard.articles.length;
  }
  return load.map((_, i) => items.filter((item) => owner.get(item) === i));
}

/**
 * Starts the search index: cached shards are linked into `outputDir` at once; the others are
 * indexed by Pagefind (`SERVICES` processes at once, a fresh one per shard), each written into the
 * cache first and linked from there, all while the caller renders pages.
 */
export async function startSearchIndex(
  site: SiteModel,
  outputDir: string,
  cacheDir: string = path.join(site.root, SEARCH_CACHE_DIR),
  /** The shards to index and publish (a `--shard K/N` build: its own, src/pipeline/shard.ts); every shard by default. */
  only: (shard: SearchShard) => boolean = () => true,
  place?: (file: string, source: string) => void,
): Promise<SearchIndexJob> {
  const code = await fingerprint();
  const shared = sharedInputs(site);
  const shards = [...site.editions.values()]
    .flatMap(editionShards)
    .filter(only)
    .map((shard) => ({ shard, key: shardKey(site, shard, code, shared) }));
  const store = new ContentStore(cacheDir);
  await mkdir(cacheDir, { recursive: true });
  const cached = await Promise.all(shards.map(({ key }) => store.has(key)));
  // A kept listing serves a shard that was in the cache when the build started; one indexed now is listed from its folder.
  const wasCached = new Set(shards.filter((_, i) => cached[i]).map((s) => s.key));
  const listings = readListings(cacheDir);
  const listed = new Map<string, string[]>();
  const missing = shards.filter((_, i) => !cached[i]);
  const apis = await services(Math.max(1, Math.min(SERVICES, missing.length)));
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
  const publish = (s: (typeof shards)[number]) =>
    track(() =>
      place
        ? placeShard(store.path(s.key), `${BUNDLE_DIR}${s.shard.id}/`, wasCached.has(s.key) ? listings.get(s.key) : undefined, place).then(
            (files) => {
              listed.set(s.key, files);
            },
          )
        : linkTree(store.path(s.key), path.join(bundle, s.shard.id), (name) => name !== "pagefind.js", halted),
    );

  /**
   * Indexes one service's shards, one after another, each in a fresh Pagefind process that is
   * stopped once the shard is written: a process gives little of its memory back after
   * `deleteIndex`, so one that indexed several shards held them all (two services at 20k,
   * ~1.2 GiB each). Now a process holds one shard at most; starting one costs milliseconds.
   */
  async function feed(api: Pagefind, queue: typeof missing, pending: Promise<void>[]): Promise<void> {
    for (const s of queue) {
      if (stopped) throw new SearchIndexError("the search index was stopped");
      const { index, errors } = await api.createIndex({});
      if (!index) throw failed(errors);
      const results = await Promise.all(s.shard.articles.map((a) => index.addCustomRecord(searchRecord(searchInput(site, a)))));
      const adding = results.flatMap((r) => r.errors);
      if (adding.length) throw failed(adding);
      await writeShard(index, store, s.key);
      await api.close();
      // The shard's records were this process's garbage: after the render, nothing else collects it.
      collectIfGrown();
      const published = publish(s);
      published.catch(() => undefined);
      pending.push(published);
    }
  }

  async function indexAll(): Promise<void> {
    // Cached shards go into the output while Pagefind works on the rest.
    const pending = shards.filter((_, i) => cached[i]).map(publish);
    for (const p of pending) p.catch(() => undefined);
    const queues = split(missing, apis.length);
    await Promise.all(apis.map((api, i) => feed(api, queues[i] ?? [], pending)));
    await Promise.all(pending);
    // The script is the same in every shard; the search page imports it from the bundle's root.
    const first = shards[0];
    const script = first && path.join(store.path(first.key), "pagefind.js");
    if (script && place) place(`${BUNDLE_DIR}pagefind.js`, script);
    else if (script) await track(() => linkOrCopy(script, path.join(bundle, "pagefind.js")));
  }

  const close = () => Promise.all(apis.map((api) => api.close()));
  const done = indexAll();
  // Keep a rejection from surfacing before finish() or abort() looks at it.
  done.catch(() => undefined);
  return {
    async finish() {
      try {
        await done;
        await store.prune(new Set(shards.map((s) => s.key)));
        // The listings of the shards this build published, when one was new (or the table held others).
        if (place && (listed.size !== listings.size || [...listed.keys()].some((key) => !listings.has(key)))) writeListings(cacheDir, listed);
        const languages: Record<string, number> = {};
        for (const { shard } of shards) languages[shard.lang] = (languages[shard.lang] ?? 0) + shard.articles.length;
        return { languages, shards: shards.length, indexed: missing.length };
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
      await done.catch(() => undefined);
      for (let size = -1; size !== writes.size; ) {
        size = writes.size;
        await Promise.allSettled([...writes]);
      }
    },
  };
}

/** Writes a shard into the cache (a staging folder renamed into place: an entry is complete or absent). */
function writeShard(index: pagefind.PagefindIndex, store: ContentStore, key: string): Promise<void> {
  return store.put(key, async (dir) => {
    const written = await index.writeFiles({ outputPath: dir });
    if (written.errors.length) throw failed(written.errors);
    await index.deleteIndex();
    await Promise.all((await readdir(dir)).filter((name) => UNUSED.test(name)).map((name) => rm(path.join(dir, name))));
  });
}

function writeListings(cacheDir: string, listings: ReadonlyMap<string, string[]>): void {
  const file = listingsFile(cacheDir);
  const staging = `${file}.tmp-${process.pid}`;
  writeFileSync(staging, serialize(listings));
  renameSync(staging, file);
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
