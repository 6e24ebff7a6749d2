/**
 * The rendered-page cache (`.cache/pages/`, which CI keeps between builds): a page whose
 * inputs are unchanged since a previous build is taken from the cache (a hard link, no
 * copy) instead of being rendered again. Layouts are pure functions of the model, so a
 * page's key is a hash of:
 *
 * - everything every page may show: the generator's own code (src/, layouts/, assets/,
 *   the lockfile), the site config, authors, tags.yaml, each edition's section list and
 *   the preview flag (today's date is on the home pages only, which are never cached);
 * - the page's own data: for an article page the whole article, its photos, its
 *   previous/next/related articles and translations; for a list page the page object,
 *   in which every article stands for what lists show of it (headline, dates, URL,
 *   authors, tags, section, summary, photo).
 *
 * Feeds, sitemaps, redirects and the few one-off pages (homes, indexes, search, 404)
 * are always rendered. `NEWSROOM_PAGE_CACHE=off` renders everything; `=verify` renders
 * everything and fails the build if a page the cache had differs from the fresh one
 * (the tests build that way after every kind of edit).
 */
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { NewsroomError } from "../errors/content-error.ts";
import type { ArticleImages } from "../images/plan.ts";
import { mapLimit } from "../images/pool.ts";
import { editionOf, type SiteModel, unpublishedReason } from "../model/site.ts";
import { Urls } from "../model/urls.ts";
import { PROJECT_ROOT } from "../project.ts";
import type { Article } from "../schema/article.ts";

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

/** What lists, feeds and links show of an article (the preview's fast path uses the same list). */
export const SHARED_FIELDS = [
  "title",
  "date",
  "updated",
  "authors",
  "tags",
  "section",
  "url",
  "dayUrl",
  "draft",
  "lang",
  "translationKey",
  "aliases",
  "summary",
  "description",
  "image",
  "edition",
] as const;

export interface PageCacheStats {
  /** Pages taken from the cache (not rendered). */
  reused: number;
  /** Pages the cache had that were rendered again and compared: a number in verify mode only (0 when the cache had none). */
  verified: number | undefined;
}

/** The template kinds whose pages are keyed (and cached): articles and the paginated archives. */
export const CACHED_KINDS = [
  "article",
  "news-feed",
  "year-archive",
  "month-archive",
  "day-archive",
  "tag",
  "author",
  "section",
  "atom-feed",
  "rss-feed",
  "json-feed",
] as const;

/** Collection pages show their entry's name and description, and only the page's own articles. */
const ENTRY_FIELDS: Record<string, string> = { tag: "tag", author: "entry", section: "section" };

/** A page keyed over an earlier model: its kind, its page object (an article, for `article`) and its key. */
export interface KeyedPage {
  kind: string;
  item: unknown;
  key: string;
}

/** Keys over a model for pages keyed over an earlier one (`PageKeys.since`). */
export interface Rekeyer {
  /** The page's key: `before.key` when the page shows what it showed then, else its key hashed again. */
  key(kind: string, page: unknown, before: KeyedPage | undefined): string;
  /** Whether a value of the earlier model is written out as one of this model would be (and nothing every page shows changed). */
  same(before: unknown, after: unknown): boolean;
}

/** An article as its own page and feeds show it (every field, and its photos), not just what lists show of it. */
class Whole {
  constructor(readonly article: Article) {}
}

/** Page keys over one model: what a page shows, hashed (see the top of this file). */
export class PageKeys {
  readonly #global: string;
  readonly #articles: Set<Article>;
  readonly #images: ReadonlyMap<string, ArticleImages>;
  readonly #site: SiteModel;
  readonly #digests = new WeakMap<object, string>();

  constructor(site: SiteModel, images: ReadonlyMap<string, ArticleImages>) {
    this.#site = site;
    this.#images = images;
    this.#articles = new Set(site.articles);
    this.#global = this.#digest({
      code: codeHash(),
      config: site.config,
      authors: [...site.authors.values()].map(({ file: _file, ...author }) => author),
      editions: [...site.editions.values()].map((e) => ({
        id: e.config.id,
        sections: e.sections.map((s) => [s.id, s.title, s.url]),
      })),
      preview: site.preview,
    });
  }

  /** The key of a page of `kind` (an article, for `article`; else the page object). */
  key(kind: string, page: unknown): string {
    return sha1(`${this.#global}\n${kind}\n${this.#digest(this.#view(kind, page))}`);
  }

  /**
   * Keys over this model for pages keyed before over `earlier` (the preview's last model): a
   * page whose view shows the same in both keeps its old key, so only the pages an edit can
   * have changed are hashed again. Views are compared the way `#text` writes them out, with
   * articles by identity: an article object is what it was when it was keyed, unless it is
   * in `edited` (changed in place since, src/build/quick-update.ts), and its photos are
   * compared too. Anything else that differs, or compares in a way `#text` would not write
   * out the same, hashes the page again.
   */
  since(earlier: PageKeys, edited: ReadonlySet<Article>): Rekeyer {
    if (earlier.#global !== this.#global) return { key: (kind, page) => this.key(kind, page), same: () => false };
    const views = new SameView(earlier.#articles, earlier.#images, this.#articles, this.#images, edited);
    return {
      key: (kind, page, before) =>
        before && before.kind === kind && views.same(earlier.#view(kind, before.item), this.#view(kind, page)) ? before.key : this.key(kind, page),
      same: (before, after) => views.same(before, after),
    };
  }

  #view(kind: string, page: unknown): unknown {
    if (kind === "article") return this.#articleView(page as Article);
    if (kind.endsWith("-feed") && kind !== "news-feed") {
      // Feeds carry whole articles; an empty one says when it was built.
      const doc = page as { articles: readonly Article[] };
      return {
        ...doc,
        articles: doc.articles.map((a) => new Whole(a)),
        built: doc.articles.length ? undefined : this.#site.buildTime,
      };
    }
    const field = ENTRY_FIELDS[kind];
    let view = page;
    if (field) {
      const entry = (page as Record<string, { articles: readonly Article[] }>)[field] as { articles: readonly Article[] };
      view = { ...(page as object), [field]: { ...entry, articles: entry.articles.length } };
    }
    // The news feed, and a section front's last page, link to every year of the archive (layouts/list-items.ts).
    if (kind === "news-feed" || kind === "section") {
      const edition = this.#site.editions.get((page as { edition: string }).edition);
      return { view, years: edition?.timeline.years.map((y) => y.url) };
    }
    return view;
  }

  /** What an article page shows: the whole article, its photos, its neighbours and translations. */
  #articleView(article: Article): unknown {
    const edition = editionOf(this.#site, article);
    return {
      // The preview's banner on a draft or an article still under embargo (layouts/article.ts).
      unpublished: this.#site.preview ? unpublishedReason(article, this.#site.buildTime) : undefined,
      article: new Whole(article),
      links: edition.links.get(article.url),
      versions: this.#site.translations.versionsOf(article),
      alternates: this.#site.translations.articleLinks(article),
    };
  }
  /**
   * A content hash of a value. Plain values are written out whole; an article (what lists
   * show of it) and a long array are hashed once per build and stand in by their hash
   * wherever they recur (the model does not change during a build).
   */
  #digest(value: unknown): string {
    return sha1(this.#text(value));
  }

  #text(value: unknown): string {
    if (typeof value === "string") return `s${value.length}:${value}`;
    if (value === null || typeof value !== "object") return String(value);
    const known = this.#digests.get(value);
    if (known !== undefined) return known;
    if (value instanceof Whole) return `whole${fullDigest(value.article, (v) => this.#text(v))},${this.#text(this.#images.get(value.article.url))}`;
    if (this.#articles.has(value as Article)) {
      const article = value as Article;
      return this.#remember(value, `article${sharedDigest(article, (v) => this.#text(v))},${this.#text(this.#images.get(article.url))}`);
    }
    if (Array.isArray(value)) {
      let text = "[";
      for (const v of value) text += `${this.#text(v)},`;
      return value.length > 16 ? this.#remember(value, text) : `${text}]`;
    }
    if (value instanceof Map || value instanceof Set) return `${value instanceof Map ? "map" : "set"}${this.#text([...value])}`;
    // The instant and its offset: what any format of a time shows.
    if (isDateTime(value)) return `t${value.toMillis()}${value.offset}`;
    if (typeof (value as { toJSON?: unknown }).toJSON === "function") return JSON.stringify(value);
    let text = "{";
    for (const [k, v] of Object.entries(value)) text += `${k}:${this.#text(v)},`;
    return `${text}}`;
  }

  #remember(value: object, text: string): string {
    const digest = `#${sha1(text)}`;
    this.#digests.set(value, digest);
    return digest;
  }
}

/** Whether two page views (an earlier one and a new one) are written out the same by `PageKeys.#text` (see `PageKeys.since`). */
class SameView {
  readonly #sameArticles = new Map<Article, boolean>();

  constructor(
    readonly before: ReadonlySet<Article>,
    readonly beforeImages: ReadonlyMap<string, ArticleImages>,
    readonly after: ReadonlySet<Article>,
    readonly afterImages: ReadonlyMap<string, ArticleImages>,
    readonly edited: ReadonlySet<Article>,
  ) {}

  same(a: unknown, b: unknown): boolean {
    if (typeof b !== "object" || b === null) return a === b;
    if (typeof a !== "object" || a === null) return false;
    if (a === b) {
      // An article met before: one lookup.
      const known = this.#sameArticles.get(b as Article);
      if (known !== undefined) return known;
    }
    if (Array.isArray(b)) {
      if (!Array.isArray(a) || a.length !== b.length) return false;
      for (let i = 0; i < b.length; i++) if (!this.same(a[i], b[i])) return false;
      return true;
    }
    const proto = Object.getPrototypeOf(b);
    // Another prototype may still be written out the same, but saying "not the same" is always safe.
    if (Object.getPrototypeOf(a) !== proto) return false;
    if (proto === Object.prototype) {
      const isA = this.before.has(a as Article);
      const isB = this.after.has(b as Article);
      if (isA || isB) return isA && isB && a === b && this.#sameArticle(b as Article);
      return this.#entries(a as Record<string, unknown>, b as Record<string, unknown>);
    }
    if (b instanceof Whole) return (a as Whole).article === b.article && this.#sameArticle(b.article);
    if (this.before.has(a as Article) || this.after.has(b as Article)) return false;
    if (b instanceof Map || b instanceof Set) return this.same([...(a as Iterable<unknown>)], [...b]);
    if (isDateTime(b)) return isDateTime(a as object) && (a as DateTimeLike).toMillis() === b.toMillis() && (a as DateTimeLike).offset === b.offset;
    if (typeof (b as { toJSON?: unknown }).toJSON === "function") return JSON.stringify(a) === JSON.stringify(b);
    return this.#entries(a as Record<string, unknown>, b as Record<string, unknown>);
  }

  /** The same article object: unchanged unless edited in place, with the same photos. */
  #sameArticle(article: Article): boolean {
    let known = this.#sameArticles.get(article);
    if (known === undefined) {
      const was = this.beforeImages.get(article.url);
      const is = this.afterImages.get(article.url);
      known = !this.edited.has(article) && (was === is || this.same(was, is));
      this.#sameArticles.set(article, known);
    }
    return known;
  }

  /** Own properties, in order. A function among them (a time's `toMillis`, say) may be written out otherwise: never the same. */
  #entries(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (let i = 0; i < kb.length; i++) {
      const k = kb[i] as string;
      const v = b[k];
      if (ka[i] !== k || typeof v === "function" || !this.same(a[k], v)) return false;
    }
    return true;
  }
}

export class PageCache {
  readonly #dir: string;
  readonly #mode: PageCacheMode;
  readonly #keys: PageKeys;
  /** Keys present in the cache when the build started. */
  readonly #present: Set<string>;
  /** Output file → key, for pages taken from the cache. */
  readonly #reused = new Map<string, string>();
  /** Output file → key, for pages rendered in this build. */
  readonly #fresh = new Map<string, string>();
  /** Output file → template kind and page object, of every keyed page. */
  readonly #items = new Map<string, { kind: string; item: unknown }>();
  /** Internal links of pages by key: found by this build's link check, or saved by an earlier one. */
  readonly #links = new Map<string, readonly string[]>();
  #saved: Map<string, readonly string[]> | undefined;

  constructor(root: string, site: SiteModel, images: ReadonlyMap<string, ArticleImages>, mode: PageCacheMode = pageCacheMode()) {
    this.#dir = path.join(root, PAGE_CACHE_DIR, site.preview ? "preview" : "site");
    this.#mode = mode;
    this.#keys = new PageKeys(site, images);
    this.#present = mode === "off" ? new Set() : listKeys(this.#dir);
  }

  /** Output file → kind, page object and key of every keyed page of this build (none when the cache is off). */
  get pages(): ReadonlyMap<string, KeyedPage> {
    const pages = new Map<string, KeyedPage>();
    for (const [file, key] of [...this.#reused, ...this.#fresh])
      pages.set(file, { ...(this.#items.get(file) as { kind: string; item: unknown }), key });
    return pages;
  }

  /** The pages of `kind` still to render; the others are noted for `restore()`. */
  filter<T extends { url: string }>(kind: (typeof CACHED_KINDS)[number], pages: readonly T[]): readonly T[] {
    if (this.#mode === "off") return pages;
    return pages.filter((page) => {
      const key = this.#keys.key(kind, page);
      const file = Urls.outputFile(page.url);
      this.#items.set(file, { kind, item: page });
      if (this.#present.has(key)) {
        this.#reused.set(file, key);
        return this.#mode === "verify";
      }
      this.#fresh.set(file, key);
      return true;
    });
  }

  /** After rendering: links the reused pages into `outputDir` (in verify mode, compares them with the fresh ones instead). */
  async restore(outputDir: string): Promise<PageCacheStats> {
    const verify = this.#mode === "verify";
    if (verify) await this.#verify(outputDir);
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
        linkOrCopySync(this.#file(key), target);
      }
    }
    // Pages as the build counts them: HTML files (feeds are cached too, but are not pages).
    const html = [...this.#reused.keys()].filter((f) => f.endsWith(".html")).length;
    return { reused: verify ? 0 : html, verified: verify ? html : undefined };
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
    const made = new Set<string>();
    for (const [file, key] of this.#fresh) {
      const cached = this.#file(key);
      const dir = path.dirname(cached);
      if (!made.has(dir)) {
        mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      try {
        linkOrCopySync(path.join(outputDir, file), cached);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
    }
    const used = new Set([...this.#reused.values(), ...this.#fresh.values()]);
    for (const key of this.#present) if (!used.has(key)) rmSync(this.#file(key), { force: true });
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
    const file = path.join(this.#dir, LINKS_FILE);
    await writeFile(`${file}.tmp`, JSON.stringify({ links: [...urls.keys()], pages }));
    await rename(`${file}.tmp`, file);
  }

  #savedLinks(): Map<string, readonly string[]> {
    if (this.#saved) return this.#saved;
    this.#saved = new Map();
    try {
      const { links, pages } = JSON.parse(readFileSync(path.join(this.#dir, LINKS_FILE), "utf8")) as {
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
      const [fresh, cached] = await Promise.all([readFile(path.join(outputDir, file)), readFile(this.#file(key))]);
      if (!fresh.equals(cached)) stale.push([file, key]);
    });
    if (!stale.length) return;
    for (const [, key] of stale) rmSync(this.#file(key), { force: true });
    const files = stale.map(([file]) => file).sort();
    const more = files.length > 20 ? ` and ${files.length - 20} more` : "";
    throw new PageCacheError(
      `page cache: ${files.length} cached ${files.length === 1 ? "page differs" : "pages differ"} from a fresh rendering (a missing input in the page's key); removed from the cache: ${files.slice(0, 20).join(", ")}${more}`,
    );
  }

  #file(key: string): string {
    return path.join(this.#dir, key.slice(0, 2), key);
  }
}

/**
 * Digests of an article's own fields, kept for as long as the article object lives: the
 * preview's updates key every page again over a model rebuilt around the same objects.
 * An article changed in place (src/build/quick-update.ts) must be forgotten.
 */
const articleDigests = new WeakMap<Article, { shared?: string; full?: string }>();

export function forgetArticleDigests(article: Article): void {
  articleDigests.delete(article);
}

function digestsOf(article: Article): { shared?: string; full?: string } {
  let known = articleDigests.get(article);
  if (!known) {
    known = {};
    articleDigests.set(article, known);
  }
  return known;
}

function sharedDigest(article: Article, text: (value: unknown) => string): string {
  const known = digestsOf(article);
  if (known.shared === undefined) {
    let all = "";
    for (const f of SHARED_FIELDS) all += `${text(article[f])},`;
    known.shared = sha1(all);
  }
  return known.shared;
}

function fullDigest(article: Article, text: (value: unknown) => string): string {
  const known = digestsOf(article);
  known.full ??= sha1(text({ ...article }));
  return known.full;
}

interface DateTimeLike {
  toMillis(): number;
  offset: number;
}

function isDateTime(value: object): value is DateTimeLike {
  return typeof (value as { toMillis?: unknown }).toMillis === "function" && typeof (value as { offset?: unknown }).offset === "number";
}

function sha1(text: string): string {
  return createHash("sha1").update(text).digest("hex");
}

function linkOrCopySync(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST" || code === "ENOENT") throw error;
    copyFileSync(from, to);
  }
}

function listKeys(dir: string): Set<string> {
  const keys = new Set<string>();
  if (!existsSync(dir)) return keys;
  for (const sub of readdirSync(dir, { withFileTypes: true }))
    if (sub.isDirectory()) for (const key of readdirSync(path.join(dir, sub.name))) keys.add(key);
  return keys;
}

let code: string | undefined;

/** The generator's own files: any change to them renders every page again. */
function codeHash(): string {
  if (code) return code;
  const hash = createHash("sha1");
  const add = (file: string) => {
    const full = path.join(PROJECT_ROOT, file);
    if (statSync(full).isDirectory()) for (const entry of readdirSync(full).sort()) add(path.join(file, entry));
    else hash.update(`${file}\n`).update(readFileSync(full));
  };
  for (const file of ["src", "layouts", "assets", ".eleventy.ts", "package-lock.json"]) if (existsSync(path.join(PROJECT_ROOT, file))) add(file);
  code = hash.digest("hex");
  return code;
}
