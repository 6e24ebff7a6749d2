/**
 * The rendered-page cache (`.cache/pages/`, which CI keeps between builds): a page whose
 * key is unchanged since a previous build is taken from the cache (a hard link, no copy)
 * instead of being rendered again. A page's key is the hash of its view, the chrome every
 * page shows and the generator's code (src/pages/keys.ts): layouts render nothing else, so
 * whatever a page shows is in its key.
 *
 * Pages of the types that declare `cached` (articles, archives, collections, feeds: the many)
 * are keyed; the few one-off pages are always rendered. `NEWSROOM_PAGE_CACHE=off` renders
 * everything; `=verify` renders everything and fails the build if a page the cache had
 * differs from the fresh one (the tests build that way after every kind of edit).
 */
import { mkdirSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { ContentStore } from "../content-store.ts";
import { NewsroomError } from "../errors/content-error.ts";
import { mapLimit } from "../images/pool.ts";
import type { SiteChrome } from "../pages/chrome.ts";
import { chromeDigestInput } from "../pages/chrome.ts";
import { planKept } from "../pages/kept-plan.ts";
import { pageKeys, pageKeysGlobal } from "../pages/keys.ts";
import type { SiteInput } from "../pages/page-type.ts";
import { isCached, type PlannedPage, planPages } from "../pages/plan.ts";

const PAGE_CACHE_DIR = ".cache/pages";
const LINKS_FILE = "links.json";

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

export class PageCache {
  /** Pages by key, in `ab/abcdef…` subfolders, and the links table beside them. */
  readonly #store: ContentStore;
  readonly #mode: PageCacheMode;
  readonly #dir: string;
  readonly #preview: boolean;
  readonly #global: string;
  readonly #key: (kind: string, view: unknown) => string;
  /** Keys present in the cache when the build started. */
  readonly #present: ReadonlySet<string>;
  /** Output file → key, for pages taken from the cache. */
  readonly #reused = new Map<string, string>();
  /** Output file → key, for pages rendered in this build. */
  readonly #fresh = new Map<string, string>();
  /** Internal links of pages by key: found by this build's link check, or saved by an earlier one. */
  readonly #links = new Map<string, readonly string[]>();
  #saved: Map<string, readonly string[]> | undefined;

  constructor(root: string, site: SiteChrome, mode: PageCacheMode = pageCacheMode()) {
    this.#dir = path.join(root, PAGE_CACHE_DIR, site.preview ? "preview" : "site");
    this.#store = new ContentStore(this.#dir, { fanout: true });
    this.#mode = mode;
    this.#preview = site.preview;
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
    if (this.#mode === "off") return [...pages];
    return pages.filter((page) => {
      if (!isCached(page.kind)) return true;
      const key = page.key ?? this.#key(page.kind, page.view);
      if (this.#present.has(key)) {
        this.#reused.set(page.file, key);
        return this.#mode === "verify";
      }
      this.#fresh.set(page.file, key);
      return true;
    });
  }

  /**
   * After rendering: the reused pages go into `outputDir` as links, or, given `place`, are handed
   * to it (file, cache entry) for the publish step to link only where the live site differs (in
   * verify mode, they are compared with the fresh ones instead).
   */
  async restore(outputDir: string, place?: (file: string, source: string) => void): Promise<PageCacheStats> {
    const verify = this.#mode === "verify";
    if (verify) await this.#verify(outputDir);
    else if (this.#mode === "on" && place) for (const [file, key] of this.#reused) place(file, this.#store.path(key));
    else if (this.#mode === "on") {
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
    const html = [...this.#reused.keys()].filter((f) => f.endsWith(".html")).length;
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
    const used = new Set([...this.#reused.values(), ...this.#fresh.values()]);
    await this.#store.prune(used);
    // Links as one table of distinct URLs and, per page, their positions in it.
    const saved = this.#savedLinks();
    const urls = new Map<string, number>();
    const pages: Record<string, number[]> = {};
    for (const key of used) {
      const links = this.#links.get(key) ?? saved.get(key);
      if (!links) continue;
      pages[key] = links.map((l) => {
        let i = urls.get(l);
        if (i === undefined) {
          i = urls.size;
          urls.set(l, i);
        }
        return i;
      });
    }
    await this.#store.writeFile(LINKS_FILE, JSON.stringify({ links: [...urls.keys()], pages }));
  }

  #savedLinks(): Map<string, readonly string[]> {
    if (this.#saved) return this.#saved;
    this.#saved = new Map();
    try {
      const { links, pages } = JSON.parse(readFileSync(path.join(this.#store.dir, LINKS_FILE), "utf8")) as {
        links: string[];
        pages: Record<string, number[]>;
      };
      for (const [key, positions] of Object.entries(pages))
        this.#saved.set(
          key,
          positions.map((i) => links[i] as string),
        );
    } catch {
      // No table yet (or an unreadable one): the link check reads those pages.
    }
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
