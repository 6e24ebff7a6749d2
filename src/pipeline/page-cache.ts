/**
 * The rendered-page cache (`.cache/pages/`, which CI keeps between builds): a page whose
 * key is unchanged since a previous build is taken from the cache (a hard link, no copy)
 * instead of being rendered again. A page's key is the hash of its view, the chrome every
 * page shows and the generator's code (src/pages/keys.ts): layouts render nothing else, so
 * whatever a page shows is in its key.
 *
 * Pages of the types that declare `cached` (every type: the one-off pages too, the home pages, search
 * pages, indexes and sitemaps, whose bytes a publish mostly leaves as they were) are keyed; a type
 * that declares false is rendered every build. `NEWSROOM_PAGE_CACHE=off` renders
 * everything; `=verify` renders everything and fails the build if a page the cache had
 * differs from the fresh one (the tests build that way after every kind of edit).
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import { ContentStore } from "../content-store.ts";
import { NewsroomError } from "../errors/content-error.ts";
import { mapLimit } from "../images/pool.ts";
import type { SiteChrome } from "../pages/chrome.ts";
import { chromeDigestInput } from "../pages/chrome.ts";
import { planKept } from "../pages/kept-plan.ts";
import { pageKeys, pageKeysGlobal } from "../pages/keys.ts";
import type { SiteInput } from "../pages/page-type.ts";
import { isCached, type PlannedPage, planPages } from "../pages/plan.ts";
import { type GoingFiles, targetFile } from "./link-check.ts";

const PAGE_CACHE_DIR = ".cache/pages";
/** The links table's earlier form (one JSON file, read and rewritten whole every build): removed. */
const OLD_LINKS_FILE = "links.json";

/**
 * The links table: pages' internal links by page key, in parts beside the entries (`links-<n>-<pages>.v8`,
 * node:v8's serialization). A build adds a part with the pages it rendered, so it costs what it
 * rendered, not the archive; the table is read only when a build checks every page (src/pipeline/link-check.ts),
 * or deletes a file some page links to (each part's index then names the pages that may link to it: `linkingIn`).
 * Now and then (more parts than `MAX_PARTS`, or more pages in them than twice those in use) the
 * parts are read and written again as one part holding the pages in use.
 */
const LINKS_PART = /^links-(\d+)-(\d+)\.v8$/;
const MAX_PARTS = 32;

/**
 * One part as stored: its pages' keys, the distinct URLs they link to, and each page's links as positions
 * in those (`offsets[i]` to `offsets[i + 1]`), with an index of the files they lead to. The URLs are one
 * string, the `u`-th ending at `urlEnds[u]`: it reads back at once, where an array's hundreds of
 * thousands of strings are made one by one, and a build looking up a few going files needs few of them.
 * Parts written before the index have `urls` (an array) and no index.
 */
export interface LinksPart {
  keys: string[];
  urls?: string[];
  urlText?: string;
  urlEnds?: Int32Array;
  offsets: Int32Array;
  positions: Int32Array;
  index?: LinksIndex;
}

/** A part as read: its URLs by number (`urlCount` of them), whichever way it stores them. */
interface TablePart {
  keys: string[];
  urlCount: number;
  url(u: number): string;
  offsets: Int32Array;
  positions: Int32Array;
  index?: LinksIndex;
}

/**
 * The files a part's site-absolute links lead to (`targetFile` with `basePath`), and which file each
 * URL leads to, so a build deleting a few files looks those up rather than resolving every URL of the
 * table. A file is kept as a 64-bit hash of its name (`fileHash`): the pages found linking to a file of
 * the same hash as a going one are then judged link by link (as are the pages having a relative link,
 * which depends on its page), so a page is never named for another file's links. (Each target's
 * pages as a list would double the part, which a build reads whole; a scan of its positions for the
 * few going files costs less than reading that.)
 */
interface LinksIndex {
  basePath: string;
  /** The targets' hashes, two numbers each (`hashes[2t]`, `hashes[2t + 1]`), in ascending order of the pair. */
  hashes: Int32Array;
  /** Each URL's target `t`; -1: none (outside the base path, or no URL), -2: a relative URL. */
  targets: Int32Array;
  /** The pages (numbers in `keys`) having a relative link. */
  relative: Int32Array;
}

/** A 64-bit hash of a file name, as two 32-bit numbers (cyrb53's mixing, without its cut to 53 bits). */
function fileHash(file: string): [number, number] {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < file.length; i++) {
    const c = file.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return [h1 | 0, h2 | 0];
}

/** Orders hash pairs: negative when `a1, a2` comes before `b1, b2`. */
const compareHashes = (a1: number, a2: number, b1: number, b2: number): number => a1 - b1 || a2 - b2;

/** The table's parts in a page cache folder, oldest first. */
function linkParts(dir: string): { name: string; seq: number; pages: number }[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .flatMap((name) => {
      const m = LINKS_PART.exec(name);
      return m ? [{ name, seq: Number(m[1]), pages: Number(m[2]) }] : [];
    })
    .sort((a, b) => a.seq - b.seq);
}

/** The parts of the links table, oldest first (a later part's entry for a key is the same as an earlier one's: a key's page never changes); their indexes are checked where used. */
function readLinkParts(dir: string): TablePart[] {
  const parts: TablePart[] = [];
  for (const { name } of linkParts(dir)) {
    try {
      const part = tablePart(deserialize(readFileSync(path.join(dir, name))) as LinksPart);
      if (part) parts.push(part);
    } catch {
      // A part gone (another build compacted the table) or unreadable: those pages are read from their files.
    }
  }
  return parts;
}

/** A stored part, read, when it is whole (else undefined: its pages are then read from their files). */
function tablePart({ keys, urls, urlText, urlEnds, offsets, positions, index }: LinksPart): TablePart | undefined {
  if (
    !Array.isArray(keys) ||
    !(offsets instanceof Int32Array) ||
    !(positions instanceof Int32Array) ||
    offsets.length !== keys.length + 1 ||
    offsets[0] !== 0 ||
    offsets[keys.length] !== positions.length
  )
    return undefined;
  // Each page's links where the next page's start (a page's positions are scanned from its offset to the next).
  for (let i = 0; i < keys.length; i++) if ((offsets[i] as number) > (offsets[i + 1] as number)) return undefined;
  let urlCount: number;
  let url: (u: number) => string;
  if (Array.isArray(urls)) {
    if (!urls.every((u) => typeof u === "string")) return undefined;
    urlCount = urls.length;
    url = (u) => urls[u] as string;
  } else if (typeof urlText === "string" && urlEnds instanceof Int32Array) {
    urlCount = urlEnds.length;
    for (let u = 0; u < urlCount; u++) if ((urlEnds[u] as number) < (u ? (urlEnds[u - 1] as number) : 0)) return undefined;
    if ((urlCount ? urlEnds[urlCount - 1] : 0) !== urlText.length) return undefined;
    url = (u) => urlText.slice(u ? urlEnds[u - 1] : 0, urlEnds[u]);
  } else return undefined;
  // Positions in range (`>>> 0`: a negative one too).
  for (let j = 0; j < positions.length; j++) if ((positions[j] as number) >>> 0 >= urlCount) return undefined;
  return { keys, urlCount, url, offsets, positions, index };
}

/** The links table of a page cache folder (`.cache/pages/site`): page key → its internal links, as the link check found them. */
export function savedLinks(dir: string): Map<string, readonly string[]> {
  const table = new Map<string, readonly string[]>();
  for (const { keys, urlCount, url, offsets, positions } of readLinkParts(dir)) {
    const urls = Array.from({ length: urlCount }, (_, u) => url(u));
    for (let i = 0; i < keys.length; i++) {
      const links: string[] = [];
      for (let j = offsets[i] as number; j < (offsets[i + 1] as number); j++) links.push(urls[positions[j] as number] as string);
      table.set(keys[i] as string, links);
    }
  }
  return table;
}

/** One part of the links table, from pages' links by key, with its index of targets for a site under `basePath`. */
export function linksPart(pages: ReadonlyMap<string, readonly string[]>, basePath: string): LinksPart {
  const urls = new Map<string, number>();
  const keys: string[] = [];
  const offsets = new Int32Array(pages.size + 1);
  const positions: number[] = [];
  for (const [key, links] of pages) {
    keys.push(key);
    for (const link of links) {
      let i = urls.get(link);
      if (i === undefined) {
        i = urls.size;
        urls.set(link, i);
      }
      positions.push(i);
    }
    offsets[keys.length] = positions.length;
  }
  const list = [...urls.keys()];
  const urlEnds = new Int32Array(list.length);
  let end = 0;
  for (let u = 0; u < list.length; u++) {
    end += (list[u] as string).length;
    urlEnds[u] = end;
  }
  const part = { keys, urlText: list.join(""), urlEnds, offsets, positions: Int32Array.from(positions) };
  return { ...part, index: linksIndex(keys, list, part.offsets, part.positions, basePath) };
}

/** A part's index: each distinct site-absolute link resolved once and its target hashed, the targets then numbered in order of hash. */
function linksIndex(keys: readonly string[], urls: readonly string[], offsets: Int32Array, positions: Int32Array, basePath: string): LinksIndex {
  // The hash of each URL's target file (`h1s[n]`, `h2s[n]` for the URL `ofUrl[n]`): a URL's own, not looked up by file (a map of ~800k files costs more).
  const h1s: number[] = [];
  const h2s: number[] = [];
  const ofUrl: number[] = [];
  const targets = new Int32Array(urls.length);
  for (let u = 0; u < urls.length; u++) {
    const url = urls[u] as string;
    const file = url.startsWith("/") ? targetFile(url, basePath) : undefined;
    if (file === undefined) {
      targets[u] = url.startsWith("/") ? -1 : -2;
      continue;
    }
    const [h1, h2] = fileHash(file);
    h1s.push(h1);
    h2s.push(h2);
    ofUrl.push(u);
  }
  // In order of hash, each distinct hash a target (URLs of one file, or of files of the same hash, share it).
  const sorted: number[] = [];
  for (const n of hashOrder(h1s, h2s)) {
    const h1 = h1s[n] as number;
    const h2 = h2s[n] as number;
    const count = sorted.length;
    if (count === 0 || compareHashes(sorted[count - 2] as number, sorted[count - 1] as number, h1, h2) !== 0) sorted.push(h1, h2);
    targets[ofUrl[n] as number] = sorted.length / 2 - 1;
  }
  const hashes = Int32Array.from(sorted);
  const relative: number[] = [];
  for (let i = 0; i < keys.length; i++)
    for (let j = offsets[i] as number; j < (offsets[i + 1] as number); j++)
      if (targets[positions[j] as number] === -2) {
        relative.push(i);
        break;
      }
  return { basePath, hashes, targets, relative: Int32Array.from(relative) };
}

/**
 * The numbers of the hashes `h1s[id], h2s[id]`, in ascending order of the pair. Sorted as one number
 * each, `h1 * 2^21 + id` (exact below 2^53), by the typed array's own sort (a comparator's sort takes
 * ~1 s for a compacted table's ~800k targets), then runs of the same `h1` put in order by `h2`.
 */
function hashOrder(h1s: readonly number[], h2s: readonly number[]): number[] {
  const count = h1s.length;
  const byPair = (a: number, b: number) => compareHashes(h1s[a] as number, h2s[a] as number, h1s[b] as number, h2s[b] as number);
  if (count >= 2 ** 21) return Array.from(h1s, (_, id) => id).sort(byPair);
  const packed = Float64Array.from(h1s, (h1, id) => h1 * 2 ** 21 + id).sort();
  const order = Array.from(packed, (value) => value - Math.floor(value / 2 ** 21) * 2 ** 21);
  for (let start = 0; start < count; ) {
    let end = start + 1;
    while (end < count && h1s[order[end] as number] === h1s[order[start] as number]) end++;
    if (end - start > 1) order.splice(start, end - start, ...order.slice(start, end).sort(byPair));
    start = end;
  }
  return order;
}

/** A part's index when it is well-formed (its shape, order and ranges) and made for `basePath`; undefined otherwise (the part is then read as before it had one). */
function validIndex(part: TablePart, basePath: string): LinksIndex | undefined {
  const index = part.index;
  if (typeof index !== "object" || index === null) return undefined;
  const { hashes, targets, relative } = index;
  if (
    index.basePath !== basePath ||
    !(hashes instanceof Int32Array) ||
    !(targets instanceof Int32Array) ||
    !(relative instanceof Int32Array) ||
    hashes.length % 2 !== 0 ||
    targets.length !== part.urlCount
  )
    return undefined;
  // In order (a binary search in hashes out of order could miss one).
  for (let h = 2; h < hashes.length; h += 2)
    if (compareHashes(hashes[h - 2] as number, hashes[h - 1] as number, hashes[h] as number, hashes[h + 1] as number) >= 0) return undefined;
  // Numbers in range, in indexed loops (a third of an iterator's time).
  const targetCount = hashes.length / 2;
  for (let u = 0; u < targets.length; u++) {
    const t = targets[u] as number;
    if (t < -2 || t >= targetCount) return undefined;
  }
  for (let j = 0; j < relative.length; j++) if ((relative[j] as number) >>> 0 >= part.keys.length) return undefined;
  return index;
}

/** Where the file of hash `h1, h2` is among an index's targets, or -1. */
function targetIndex({ hashes }: LinksIndex, h1: number, h2: number): number {
  let lo = 0;
  let hi = hashes.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const order = compareHashes(hashes[2 * mid] as number, hashes[2 * mid + 1] as number, h1, h2);
    if (order === 0) return mid;
    if (order < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

/**
 * Of `pages` (output file → key), those whose kept links (the table in `dir`) lead to a file that
 * goes, and, as `unknown`, those the table has no links for. A part's index names the pages that
 * may (those linking to a file of the same hash as a going one, and those having a relative link),
 * each then judged link by link with `going.leadsTo`. A part without a valid index for
 * `going.basePath` has its distinct site-absolute links judged once, then its pages' positions scanned.
 */
export function linkingIn(
  dir: string,
  pages: Iterable<[file: string, key: string]> & { get(file: string): string | undefined },
  going: GoingFiles,
): { linking: Set<string>; unknown: (page: string) => boolean } {
  const { leadsTo } = going;
  /** Keys in the table; those linking to a going file; those to judge link by link on their page. */
  const found = new Set<string>();
  const sure = new Set<string>();
  /** `leads`: the part's URLs to judge (those of a going file's hash, and relative ones); without it, the relative ones alone. */
  const judged = new Map<string, { part: TablePart; i: number; leads: Uint8Array | undefined }>();
  const judge = (part: TablePart, i: number, leads: Uint8Array | undefined) => {
    const key = part.keys[i] as string;
    if (sure.has(key) || judged.get(key)?.leads) return;
    judged.set(key, { part, i, leads });
  };
  const hashes = [...going.files].map(fileHash);
  for (const part of readLinkParts(dir)) {
    const { keys, offsets, positions } = part;
    for (const key of keys) found.add(key);
    const index = validIndex(part, going.basePath);
    if (index) {
      // The going files' targets, then the URLs leading to them, then the pages having one of those.
      const hit = new Uint8Array(index.hashes.length / 2);
      let hits = 0;
      for (const [h1, h2] of hashes) {
        const t = targetIndex(index, h1, h2);
        if (t < 0) continue;
        hit[t] = 1;
        hits++;
      }
      if (hits) {
        // 1: the URL's target has a going file's hash, 2: relative, 0: neither (its pages need not judge it).
        const leads = Uint8Array.from(index.targets, (t) => (t >= 0 ? (hit[t] as number) : t === -2 ? 2 : 0));
        for (let i = 0; i < keys.length; i++)
          for (let j = offsets[i] as number; j < (offsets[i + 1] as number); j++)
            if (leads[positions[j] as number] === 1) {
              judge(part, i, leads);
              break;
            }
      }
      for (const i of index.relative) judge(part, i, undefined);
      continue;
    }
    // 1: leads to such a file, 0: does not, 2: relative (judged on its page).
    const verdict = Uint8Array.from({ length: part.urlCount }, (_, u) => {
      const url = part.url(u);
      return url.startsWith("/") ? (leadsTo(url, "") ? 1 : 0) : 2;
    });
    for (let i = 0; i < keys.length; i++) {
      let relative = false;
      for (let j = offsets[i] as number; j < (offsets[i + 1] as number); j++) {
        const v = verdict[positions[j] as number];
        if (v === 1) {
          sure.add(keys[i] as string);
          relative = false;
          break;
        }
        if (v === 2) relative = true;
      }
      if (relative) judge(part, i, undefined);
    }
  }
  // The pages named, with their files (which relative links are resolved against).
  const linking = new Set<string>();
  if (sure.size || judged.size)
    for (const [file, key] of pages) {
      if (sure.has(key)) {
        linking.add(file);
        continue;
      }
      const named = judged.get(key);
      if (!named) continue;
      const { part, i, leads } = named;
      for (let j = part.offsets[i] as number; j < (part.offsets[i + 1] as number); j++) {
        const u = part.positions[j] as number;
        if (leads?.[u] === 0) continue;
        const url = part.url(u);
        if ((leads || !url.startsWith("/")) && leadsTo(url, file)) {
          linking.add(file);
          break;
        }
      }
    }
  return { linking, unknown: (page) => !found.has(pages.get(page) as string) };
}

/**
 * Output file → page key, as two lists in the order the pages were added: at 100,000 articles a map of the
 * ~127,000 pages a build takes from the cache cost a tenth of a second of every build, and few builds look
 * one up (`get` makes the map then). Each file is added once (a page's file is its own: src/pages/plan.ts).
 */
export class PageKeys implements Iterable<[file: string, key: string]> {
  readonly files: string[] = [];
  readonly keys: string[] = [];
  #map: Map<string, string> | undefined;

  add(file: string, key: string): void {
    this.files.push(file);
    this.keys.push(key);
    this.#map?.set(file, key);
  }

  get(file: string): string | undefined {
    if (!this.#map) {
      this.#map = new Map();
      for (let i = 0; i < this.files.length; i++) this.#map.set(this.files[i] as string, this.keys[i] as string);
    }
    return this.#map.get(file);
  }

  get size(): number {
    return this.files.length;
  }

  *[Symbol.iterator](): Generator<[file: string, key: string]> {
    for (let i = 0; i < this.files.length; i++) yield [this.files[i] as string, this.keys[i] as string];
  }
}

export type PageCacheMode = "on" | "off" | "verify";

export function pageCacheMode(env: NodeJS.ProcessEnv = process.env): PageCacheMode {
  const value = env.NEWSROOM_PAGE_CACHE ?? "on";
  if (value === "on" || value === "off" || value === "verify") return value;
  throw new NewsroomError(`NEWSROOM_PAGE_CACHE: expected on, off or verify, received "${value}"`);
}

/** A page the cache had whose fresh rendering differs: a missing input in the page's key (a bug). */
export class PageCacheError extends NewsroomError {
  override name = "PageCacheError";
}

export interface PageCacheStats {
  /** Pages taken from the cache (not rendered). */
  reused: number;
  /** Pages the cache had that were rendered again and compared: a number in verify mode only (0 when the cache had none). */
  verified: number | undefined;
}

/** A page the build rendered, and why (the build report lists them: src/report/model.ts). */
export interface RenderedPage {
  kind: string;
  /** Output file relative to the site folder. */
  file: string;
  why: string;
}

export class PageCache {
  /** Pages by key, in `ab/abcdef…` subfolders, and the links table beside them. */
  readonly #store: ContentStore;
  readonly #mode: PageCacheMode;
  readonly #dir: string;
  readonly #preview: boolean;
  /** The site's sub-path, which the links table's index resolves links with. */
  readonly #basePath: string;
  readonly #global: string;
  readonly #key: (kind: string, view: unknown) => string;
  /** Keys present in the cache when the build started. */
  readonly #present: ReadonlySet<string>;
  /** Output file → key, for pages taken from the cache. */
  readonly #reused = new PageKeys();
  /** Output file → key, for pages rendered in this build. */
  readonly #fresh = new Map<string, string>();
  /** The pages this build renders and why, in the plan's order (verify mode's re-rendered cached pages are not among them). */
  readonly #renders: RenderedPage[] = [];
  /** Internal links of pages by key, found by this build's link check: the next part of the links table. */
  readonly #links = new Map<string, readonly string[]>();
  /** The links table as saved by earlier builds, once read. */
  #saved: Map<string, readonly string[]> | undefined;

  constructor(root: string, site: SiteChrome, mode: PageCacheMode = pageCacheMode()) {
    this.#dir = path.join(root, PAGE_CACHE_DIR, site.preview ? "preview" : "site");
    this.#store = new ContentStore(this.#dir, { fanout: true });
    this.#mode = mode;
    this.#preview = site.preview;
    this.#basePath = site.urls.basePath;
    this.#global = pageKeysGlobal(chromeDigestInput(site));
    this.#key = pageKeys(chromeDigestInput(site));
    this.#present = mode === "off" ? new Set() : this.#store.keys();
  }

  /**
   * Every page of the site with its view: article pages keyed from the last build's plan where
   * nothing they show changed (src/pages/kept-plan.ts), unless the cache is off or this is the preview.
   */
  plan(input: SiteInput): PlannedPage[] {
    if (this.#mode === "off" || this.#preview) return planPages(input);
    return planKept(input, { dir: this.#dir, key: this.#key, global: this.#global, verify: this.#mode === "verify" });
  }

  /** The pages still to render: those of a cached type whose key the cache has are noted for `restore()` instead. */
  filter(pages: readonly PlannedPage[]): PlannedPage[] {
    const off = this.#mode === "off";
    return pages.filter((page) => {
      if (off || !isCached(page.kind)) {
        this.#renders.push({ kind: page.kind, file: page.file, why: off ? "the page cache is off" : "a page rendered every build" });
        return true;
      }
      const key = page.key ?? this.#key(page.kind, page.view);
      if (this.#present.has(key)) {
        this.#reused.add(page.file, key);
        return this.#mode === "verify";
      }
      this.#fresh.set(page.file, key);
      // A kept key the cache does not have: the entry was lost (or pruned); a page the plan did not key: its view is new.
      this.#renders.push({
        kind: page.kind,
        file: page.file,
        why: page.why ?? (page.key === undefined ? "its view changed" : "the page cache lost it"),
      });
      return true;
    });
  }

  /** The pages this build renders (after `filter()`), each with why. */
  renders(): readonly RenderedPage[] {
    return this.#renders;
  }

  /**
   * After rendering: the reused pages go into `outputDir` as links, or, given `place`, are handed
   * to it (file, cache entry) for the publish step to link only where the live site differs (in
   * verify mode, they are compared with the fresh ones instead).
   */
  async restore(outputDir: string, place?: (file: string, source: string) => void): Promise<PageCacheStats> {
    const verify = this.#mode === "verify";
    if (verify) await this.#verify(outputDir);
    else if (this.#mode === "on" && place) {
      const { files, keys } = this.#reused;
      for (let i = 0; i < files.length; i++) place(files[i] as string, this.#store.path(keys[i] as string));
    } else if (this.#mode === "on") {
      // Synchronous on purpose: tens of thousands of tiny link() calls take a tenth of the time
      // they take through the thread pool, and nothing else waits on this thread meanwhile.
      const made = new Set<string>();
      for (const [file, key] of this.#reused) {
        const target = path.join(outputDir, file);
        const dir = path.dirname(target);
        if (!made.has(dir)) {
          mkdirSync(dir, { recursive: true });
          made.add(dir);
        }
        this.#store.placeSync(key, target);
      }
    }
    // Pages as the build counts them: HTML files (feeds are cached too, but are not pages).
    const html = this.#reused.files.filter((f) => f.endsWith(".html")).length;
    return { reused: verify ? 0 : html, verified: verify ? html : undefined };
  }

  /** After `commit()`: the cache entry of each page this build rendered and the cache took in (output file → entry). */
  rendered(): Map<string, string> {
    const entries = new Map<string, string>();
    if (this.#mode !== "off") for (const [file, key] of this.#fresh) entries.set(file, this.#store.path(key));
    return entries;
  }

  /** The internal links of a page taken from the cache, as the link check found them when it was rendered. */
  linksOf(file: string): readonly string[] | undefined {
    if (this.#mode !== "on") return undefined;
    const key = this.#reused.get(file);
    return key === undefined ? undefined : this.#savedLinks().get(key);
  }

  /**
   * Of the pages taken from the cache, those with a link to a file the build deletes, found in the
   * links table without materialising it (`linkingIn`: the going files looked up in each part's index).
   * `unknown`: pages the table has no links for (their files must be read).
   */
  linking(going: GoingFiles): { linking: Set<string>; unknown: (page: string) => boolean } {
    if (this.#mode !== "on") return { linking: new Set(), unknown: () => true };
    // The table holds HTML pages' links only (those the link check reads).
    const { linking, unknown } = linkingIn(this.#store.dir, this.#reused, going);
    return { linking, unknown: (page) => !page.endsWith(".html") || unknown(page) };
  }

  /** The link check's findings for a rendered page, kept with it in the cache. */
  noteLinks(file: string, links: readonly string[]): void {
    const key = this.#fresh.get(file) ?? this.#reused.get(file);
    if (key !== undefined) this.#links.set(key, links);
  }

  /** After a successful build: keeps the rendered pages and their links, and forgets every page this build did not use. */
  async commit(outputDir: string): Promise<void> {
    if (this.#mode === "off") return;
    // Synchronous, like restore(): many tiny file operations.
    for (const [file, key] of this.#fresh) this.#store.adoptSync(key, path.join(outputDir, file));
    const used = new Set([...this.#reused.keys, ...this.#fresh.values()]);
    await this.#store.prune(used);
    await this.#saveLinks(used);
  }

  /** Adds this build's links to the table as a part of its own, or, when the table has grown too much, writes it anew as one part. */
  async #saveLinks(used: ReadonlySet<string>): Promise<void> {
    const dir = this.#store.dir;
    const parts = linkParts(dir);
    const stored = parts.reduce((sum, p) => sum + p.pages, 0);
    const next = (parts.at(-1)?.seq ?? 0) + 1;
    const write = (pages: ReadonlyMap<string, readonly string[]>) =>
      this.#store.writeFile(`links-${next}-${pages.size}.v8`, serialize(linksPart(pages, this.#basePath)));
    if (parts.length < MAX_PARTS && stored + this.#links.size <= 2 * used.size + 1000) {
      const fresh = new Map([...this.#links].filter(([key]) => used.has(key)));
      if (fresh.size) await write(fresh);
    } else {
      const saved = this.#savedLinks();
      const pages = new Map<string, readonly string[]>();
      for (const key of used) {
        const links = this.#links.get(key) ?? saved.get(key);
        if (links) pages.set(key, links);
      }
      await write(pages);
      for (const { name } of parts) rmSync(path.join(dir, name), { force: true });
    }
    rmSync(path.join(dir, OLD_LINKS_FILE), { force: true });
  }

  #savedLinks(): Map<string, readonly string[]> {
    this.#saved ??= savedLinks(this.#store.dir);
    return this.#saved;
  }

  /**
   * Compares every page the cache had (feeds too) with its fresh rendering. A differing entry
   * is removed from the cache, so the next build renders that page again, and the build fails
   * naming the pages (at most 20).
   */
  async #verify(outputDir: string): Promise<void> {
    const stale: [file: string, key: string][] = [];
    await mapLimit([...this.#reused], 32, async ([file, key]) => {
      const [fresh, cached] = await Promise.all([readFile(path.join(outputDir, file)), readFile(this.#store.path(key))]);
      if (!fresh.equals(cached)) stale.push([file, key]);
    });
    if (!stale.length) return;
    await Promise.all(stale.map(([, key]) => this.#store.remove(key)));
    const files = stale.map(([file]) => file).sort();
    const more = files.length > 20 ? ` and ${files.length - 20} more` : "";
    throw new PageCacheError(
      `page cache: ${files.length} cached ${files.length === 1 ? "page differs" : "pages differ"} from a fresh rendering (a missing input in the page's key); removed from the cache: ${files.slice(0, 20).join(", ")}${more}`,
    );
  }
}
