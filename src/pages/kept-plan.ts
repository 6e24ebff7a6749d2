/**
 * Pages planned in proportion to the change (issue 19). Making and hashing the view of every page
 * costs ~1 s at 20,000 articles and grows with the archive, while one new article changes a handful
 * of pages. Each build keeps, in terms cheap to compare (`.cache/pages/site/plan-site.v9`):
 *
 * - for every article page, its key, its article's source (src/model/parse-cache.ts `sourceDigest`)
 *   and the hash of its photos' plan, the URLs of its published versions, and its day; each day's
 *   articles in order (the news-feed column shows a window of the day); and, per edition, which table
 *   of related links (src/model/links-cache.ts, named by its generation) its links came from;
 * - for every list page (`LIST_KINDS`: archives, collections, feeds), its key and the hash of its
 *   item's facts: every value of the page's item (a page of a list, a day, a feed's document) written
 *   out, each article in it as (64 bits of) its source hash; and, for a page type that names the lists
 *   of articles its pages are made from (`sources`: tags, authors, sections, days, months, the news
 *   feed), how many articles those lists held, with the type's text; and the article with the page's
 *   newest change, which the sitemap gives as its `<lastmod>`: the next build gives the sitemap those of
 *   the list pages it keeps (src/model/sitemap-lists.ts `KnownNewest`), and reads the others.
 *
 * The next build compares. An article page is viewed and keyed again when its article's source or
 * photos changed, when what it links to changed (the links cache names the articles whose links
 * differ from the table the record was made with; an article whose photos alone changed is looked for
 * in every article's links), or when its day's list changed; a list page when its item's facts
 * differ or it lists a changed article. A list page whose type names its lists is kept without making
 * its facts when those lists hold no changed article and are as long as before (an article that left
 * a list makes it shorter; one that joined it is a changed article): at 100,000 articles, writing every
 * list page's facts took ~1 s of a publish, and one new article touches a handful of lists. Every other
 * page keeps its key, and is not viewed at all unless it must be rendered (the page cache lost it).
 *
 * The record is a base and a log (src/base-log.ts): a build that changed something appends its change
 * (the rows of the pages it planned again, the days and lists that differ, the rows gone) to
 * `plan-site.log`, ~60 KB for a +1 build, where writing the whole record took ~0.25 s at 100,000
 * articles; the log is folded into a new base when it outgrows a quarter of it (`PLAN_COMPACTION`). A
 * torn log, or one of another base, is not trusted: that build plans every page.
 *
 * Whatever pages show besides (the code and the chrome, through the page keys' global part; the site's
 * old-URL table; each edition's years) is the record's `global`: a change there plans every page
 * again. So does a record from other code, an article without a source (made in memory), and the
 * preview, which keeps its own state. In verify mode (NEWSROOM_PAGE_CACHE=verify) every kept key is
 * also made afresh and the build fails on a page whose kept key differs: the tests build that way
 * after every kind of edit.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import { DateTime } from "luxon";
import { appendLog, type Compaction, compacts, type LogState, logEntries, logFrame, readLog } from "../base-log.ts";
import { writeWhole } from "../content-store.ts";
import { NewsroomError } from "../errors/content-error.ts";
import type { ArticleImages } from "../images/plan.ts";
import { aliasTargets } from "../model/alias-links.ts";
import { sourceDigest } from "../model/parse-cache.ts";
import { editionOf, sitemapListsKnowing } from "../model/site.ts";
import type { SitemapLists } from "../model/sitemap-lists.ts";
import type { Article } from "../schema/article.ts";
import { dayOf } from "./article.ts";
import { dayWindow } from "./feed-column.ts";
import { KINDS, type Kind, PAGE_TYPES } from "./index.ts";
import { dateTimeText, digest, sha1, timeText } from "./keys.ts";
import { yearLinks } from "./lists.ts";
import type { PageType, SiteInput } from "./page-type.ts";
import { type PlannedPage, planPages } from "./plan.ts";

/** Bump when what is kept, or what it means, changes in a way `global` cannot see. */
const FORMAT = 9;

/** The record's base (written whole now and then) and the log of each build's change since (src/base-log.ts). */
export const KEPT_PLAN_FILE = "plan-site.v9";
export const KEPT_PLAN_LOG_FILE = "plan-site.log";

/**
 * When a build writes the record's base anew instead of appending its change to the log: a +1 build's
 * change is its rendered pages' rows (~20 KB), the base at 100,000 articles ~25 MB. The tests lower it.
 */
export const PLAN_COMPACTION: Compaction = { fraction: 0.25, entries: 200 };

/** The record as a build writes it. */
interface PlanRecord {
  format: number;
  global: string;
  /** Per article page, in the site's order: its URL, source, photos' hash, versions, day and key. */
  urls: string[];
  sources: string[];
  photos: string[];
  versions: string[][];
  days: string[];
  keys: string[];
  /** Per edition, the table of related links the record was made with (src/model/links-cache.ts). */
  linkTables: Record<string, string>;
  /** Each day's articles' URLs, in the day's order. */
  dayLists: Record<string, string[]>;
  /**
   * List pages (`LIST_KINDS`): output file, hash of the item's facts, key, for a page type with
   * `sources`, how many articles its lists held and its text ("" otherwise), and the URL of the article
   * with the page's newest change, as the sitemap found it ("": it lists none; "?": not in the sitemap).
   */
  lists: { files: string[]; facts: string[]; keys: string[]; sources: string[]; newest: string[] };
}

/** The record as a build read it: with each article page's place by its URL, each list page's by its file, and where its base and log stand. */
interface Kept extends PlanRecord {
  index: Map<string, number>;
  listIndex: Map<string, number>;
  stored: LogState & { id: string };
}

/**
 * A build's change to the record, as a log entry: the article pages' rows that are new or differ
 * (every column of them) and the URLs gone; the days whose lists differ and those gone; the list pages'
 * rows that are new or differ and the files gone; and the related links' tables (a few names, whole).
 */
interface PlanChange {
  format: number;
  global: string;
  /** The base it follows, and its place in the log (1, 2, …). */
  base: string;
  seq: number;
  rows: Pick<PlanRecord, "urls" | "sources" | "photos" | "versions" | "days" | "keys">;
  gone: string[];
  dayLists: PlanRecord["dayLists"];
  daysGone: string[];
  linkTables: PlanRecord["linkTables"];
  lists: PlanRecord["lists"];
  listsGone: string[];
}

/** A kept key that differs from the page's key made afresh: a missing input in the record (a bug). */
export class KeptPlanError extends NewsroomError {
  override name = "KeptPlanError";
}

/** What the tests read: how this process's last plan went. */
export const keptPlanCounts = {
  kept: 0,
  viewed: 0,
  full: 0,
  articlesViewed: 0,
  bySources: 0,
  viewedByKind: {} as Record<string, number>,
  /** List pages whose newest change the sitemap took from the record (`KnownNewest`), and those it read from their articles. */
  newestKept: 0,
  newestRead: 0,
};

export interface PlanOptions {
  /** The folder of the record (the page cache's). */
  dir: string;
  /** The page keys' function (src/pages/keys.ts `pageKeys`) and its global part. */
  key: (kind: string, view: unknown) => string;
  global: string;
  verify: boolean;
}

/**
 * A page whose key the record kept: its view is made only when read (from its type, the site and its
 * item, held rather than a function made for each of the archive's pages).
 */
class KeptPage implements PlannedPage {
  #view: unknown;
  #made = false;
  constructor(
    readonly kind: Kind,
    readonly file: string,
    readonly key: string,
    readonly type: PageType<unknown, unknown>,
    readonly input: SiteInput,
    readonly item: unknown,
  ) {}
  get view(): unknown {
    if (!this.#made) {
      this.#view = this.type.view(this.input, this.item);
      this.#made = true;
    }
    return this.#view;
  }
}

/**
 * Every page of the site, as `planPages` lists them, article pages with their keys: kept from the
 * record where nothing they show changed, made afresh otherwise. Writes the record for the next build.
 */
export function planKept(input: SiteInput, options: PlanOptions): PlannedPage[] {
  const type = PAGE_TYPES.article as unknown as PageType<Article, unknown>;
  const articles = type.list(input);
  // The old-URL table as one JSON text (hashing its pairs as values took ~0.07 s at 20,000 articles).
  const global = sha1(`${FORMAT}\n${options.global}\n${JSON.stringify([...aliasTargets(input.site)])}`);
  const now = facts(input, articles);
  const kept = now && !input.site.preview ? read(options.dir, global) : undefined;
  // Per article page (`articles` and `now.urls` are in the same order), its place in the record (-1: none).
  const at = new Int32Array(articles.length).fill(-1);
  // URLs whose teaser may show differently: new, gone, or another source or photos.
  const changed = new Set<string>();
  // Of those, the ones whose source is as it was (their photos changed): not the links cache's change.
  const photosOnly: string[] = [];
  // Of those, this build's articles.
  const changedArticles: Article[] = [];
  // The days that hold a changed article of this build: only their articles' day columns can show one
  // (a day column is a window of the article's own day), so the others' windows are not made.
  const changedDays = new Set<readonly Article[]>();
  // The record's article pages that are not this build's.
  const gone: string[] = [];
  if (kept && now) {
    // The record's pages that are this build's too: the others are gone.
    const seen = new Uint8Array(kept.urls.length);
    for (const [i, url] of now.urls.entries()) {
      const k = kept.index.get(url);
      if (k !== undefined) {
        at[i] = k;
        seen[k] = 1;
      }
      const sourceChanged = k === undefined || kept.sources[k] !== now.sources[i];
      if (sourceChanged || kept.photos[k] !== now.photos[i]) {
        changed.add(url);
        changedArticles.push(articles[i] as Article);
        const day = now.dayArticles[i];
        if (day) changedDays.add(day);
        if (!sourceChanged) photosOnly.push(url);
      }
    }
    for (let k = 0; k < kept.urls.length; k++)
      if (!seen[k]) {
        changed.add(kept.urls[k] as string);
        gone.push(kept.urls[k] as string);
      }
  }
  const sameList = (a: readonly string[], b: readonly string[] | undefined) =>
    b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
  // Related links: an article keeps its links when its edition's links were updated from the table
  // this record was made with and the links cache does not name it. An article whose photos alone
  // changed is not the links cache's change: the pages that show it are found in every article's links.
  const linkChanges = new Map([...input.site.editions.values()].map((e) => [e.config.id, e.linksChange]));
  let showsPhotos: Set<string> | undefined;
  if (photosOnly.length > 0) {
    const wanted = new Set(photosOnly);
    showsPhotos = new Set();
    for (const article of articles) {
      const l = editionOf(input.site, article).links.get(article.url);
      if (l && [l.previous, l.next, ...l.related].some((a) => a !== undefined && wanted.has(a.url))) showsPhotos.add(article.url);
    }
  }
  const linksSame = (article: Article) => {
    const change = linkChanges.get(article.edition);
    return (
      change?.from !== undefined &&
      kept?.linkTables[article.edition] === change.from &&
      !change.differs?.has(article.url) &&
      !showsPhotos?.has(article.url)
    );
  };
  const dayChanged = new Map<string, boolean>();
  const dayMoved = (day: string) => {
    let moved = dayChanged.get(day);
    if (moved === undefined) {
      moved = !sameList(now?.dayLists[day] ?? [], kept?.dayLists[day]);
      dayChanged.set(day, moved);
    }
    return moved;
  };
  /** Why the article page at `i` (at `k` in the record) is viewed afresh; undefined when its kept key holds. */
  const articleWhy = (i: number, k: number, article: Article): string | undefined => {
    if (now === undefined || kept === undefined) return "no plan kept from the last build";
    if (k < 0) return "new page";
    if (changed.has(article.url)) return photosOnly.includes(article.url) ? "the article's photos changed" : "the article itself changed";
    if (!linksSame(article)) return "its related links changed";
    if (!sameList(now.versions[i] as string[], kept.versions[k])) return "its translations changed";
    if (now.days[i] !== kept.days[k]) return "its day changed";
    const day = now.days[i];
    if (day && dayMoved(day)) return "its day's list changed (the day column)";
    const dayArticles = now.dayArticles[i];
    if (dayArticles && changedDays.has(dayArticles) && windowShows(dayArticles, article, changed)) return "its day column shows a changed article";
    return undefined;
  };
  const keys: string[] = [];
  const pages: PlannedPage[] = [];
  let viewed = 0;
  for (let i = 0; i < articles.length; i++) {
    const article = articles[i] as Article;
    const file = type.file(article);
    const k = at[i] as number;
    // Why its view is made afresh (what the build report says of a page it renders); undefined: its key is kept.
    const why = articleWhy(i, k, article);
    if (why === undefined && kept) {
      const key = kept.keys[k] as string;
      keys.push(key);
      pages.push(new KeptPage("article", file, key, type as PageType<unknown, unknown>, input, article));
    } else {
      const view = type.view(input, article);
      const key = options.key("article", view);
      keys.push(key);
      pages.push({ kind: "article", file, view, key, why });
      viewed++;
    }
  }
  // This build's article at a URL of the record (a kept list page's newest), through the record's index: no map of every URL.
  let back: Int32Array | undefined;
  const articleAt = (url: string): Article | undefined => {
    if (!kept) return undefined;
    if (!back) {
      back = new Int32Array(kept.urls.length).fill(-1);
      for (let i = 0; i < at.length; i++) if ((at[i] as number) >= 0) back[at[i] as number] = i;
    }
    const k = kept.index.get(url);
    const i = k === undefined ? -1 : (back[k] as number);
    return i < 0 ? undefined : articles[i];
  };
  const lists = now ? planLists(input, options, kept, changed, changedArticles, listsGlobal(input), articleAt) : undefined;
  // The sitemap, with the newest change of every list page kept as it was (not read again from each
  // article it lists); each list page's newest article is then recorded for the next build.
  const sitemaps = lists ? sitemapListsKnowing(input.site, lists.known) : undefined;
  // Verify mode: against the lists read afresh, which the record then takes its newest changes from.
  const fresh = options.verify && kept && sitemaps ? input.site.sitemaps : undefined;
  const sitemapStale = fresh && sitemaps ? sitemapDiffers(sitemaps, fresh) : undefined;
  if (lists && sitemaps) recordNewest(lists, fresh ?? sitemaps, kept);
  // Verify mode: every kept key is made afresh too; the record is written with the fresh ones, then a difference fails the build.
  let stale: { file: string; kept: string; afresh: string } | undefined;
  if (options.verify && kept)
    for (const [list, got] of [
      [pages, keys],
      [lists?.pages ?? [], lists?.keys ?? []],
    ] as const)
      for (const [i, page] of list.entries()) {
        if (!(page instanceof KeptPage)) continue;
        const afresh = options.key(page.kind, page.view);
        if (afresh === page.key) continue;
        stale ??= { file: page.file, kept: page.key, afresh };
        got[i] = afresh;
      }
  keptPlanCounts.kept = pages.length - viewed + (lists ? lists.pages.length - lists.viewed : 0);
  keptPlanCounts.viewed = viewed + (lists?.viewed ?? 0);
  keptPlanCounts.full = kept ? 0 : 1;
  keptPlanCounts.articlesViewed = viewed;
  keptPlanCounts.bySources = lists?.bySources ?? 0;
  keptPlanCounts.viewedByKind = { ...(viewed > 0 ? { article: viewed } : {}), ...lists?.viewedByKind };
  keptPlanCounts.newestKept = lists?.known.size ?? 0;
  keptPlanCounts.newestRead = (sitemaps?.listNewest.size ?? 0) - keptPlanCounts.newestKept;
  // Written when anything differs from what was kept (a warm build with no change writes nothing):
  // the change appended to the log, or the whole record as a new base.
  if (
    now &&
    lists &&
    (!kept ||
      viewed > 0 ||
      lists.differ ||
      stale ||
      sitemapStale ||
      changed.size > 0 ||
      now.urls.length !== kept.urls.length ||
      !sameTables(now.linkTables, kept.linkTables))
  ) {
    const record: PlanRecord = {
      format: FORMAT,
      global,
      ...now,
      keys,
      lists: { files: lists.files, facts: lists.facts, keys: lists.keys, sources: lists.sources, newest: lists.newest },
    };
    const change = kept && changeOf(kept, record, { pages, at, gone, dayMoved, lists });
    if (!kept || !change || !appendChange(options.dir, kept, change)) writeBase(options.dir, record);
  }
  if (sitemapStale)
    throw new KeptPlanError(
      `NEWSROOM_PAGE_CACHE=verify: ${sitemapStale} differs when its list pages' newest changes are kept from the last build's plan and when they are read afresh: the kept plan (src/pages/kept-plan.ts) kept a list page that changed`,
    );
  if (stale)
    throw new KeptPlanError(
      `NEWSROOM_PAGE_CACHE=verify: ${stale.file} kept its key from the last build's plan (${stale.kept}), but its view made afresh has key ${stale.afresh}: the kept plan (src/pages/kept-plan.ts) misses something the page shows`,
    );
  // In the registry's order, as planPages lists them.
  const byKind = new Map<Kind, PlannedPage[]>([["article", pages]]);
  for (const page of lists?.pages ?? []) {
    const list = byKind.get(page.kind);
    if (list) list.push(page);
    else byKind.set(page.kind, [page]);
  }
  const rest = sitemaps ? { ...input, sitemaps } : input;
  return KINDS.flatMap((kind) => byKind.get(kind) ?? (kind === "article" || (lists && LIST_KINDS.has(kind)) ? [] : planPages(rest, [kind])));
}

/**
 * List pages planned from the record: the archives, collections and feeds (the many pages after the
 * articles). Their views are made from their item (a page of a list, a day, a feed's document) and,
 * beyond it, the photos of the articles it lists and what the list `global` holds: so a page whose
 * item is as it was (every value in it, its articles named by URL) and lists no changed article keeps
 * its key. A page that shows the clock (an empty feed) is always made afresh.
 */
const LIST_KINDS: ReadonlySet<Kind> = new Set<Kind>([
  "news-feed",
  "month-archive",
  "day-archive",
  "tag",
  "author",
  "section",
  "atom-feed",
  "rss-feed",
  "json-feed",
]);

/** What list views read besides their item and its articles' photos: each edition's years (the links under a list cut short). */
function listsGlobal({ site }: SiteInput): string {
  return digest([...site.editions.values()].map((e) => [e.config.id, yearLinks(e)]));
}

interface PlannedLists {
  pages: PlannedPage[];
  files: string[];
  facts: string[];
  keys: string[];
  sources: string[];
  /** Per page: its URL, its place in the record (-1: none), and its newest article's URL (`recordNewest`). */
  urls: string[];
  at: number[];
  newest: string[];
  /** The pages kept as they were, by URL: the article with their newest change, as the record names it (null: none). */
  known: Map<string, Article | null>;
  viewed: number;
  /** Of `viewed`, how many of each kind (the tests read it). */
  viewedByKind: Record<string, number>;
  /** Pages kept by their page type's `sources` alone, their item's facts not made. */
  bySources: number;
  /** Whether any page's file, facts or key differs from the record's (an empty feed is made afresh each build, but mostly keeps its key). */
  differ: boolean;
  /** The pages (by their place in `files`) whose row is new or differs from the record's, and the record's files that are not this build's. */
  changedRows: number[];
  gone: string[];
}

function planLists(
  input: SiteInput,
  options: PlanOptions,
  kept: Kept | undefined,
  changed: ReadonlySet<string>,
  changedArticles: readonly Article[],
  global: string,
  articleAt: (url: string) => Article | undefined,
): PlannedLists {
  const index = kept?.listIndex ?? new Map<string, number>();
  const seen = new Uint8Array(kept?.lists.files.length ?? 0);
  // A kept page's newest article, named in the record by URL: this build's article of that URL.
  const keepNewest = (url: string, k: number) => {
    const name = kept?.lists.newest[k];
    if (name === undefined || name === "?") return;
    if (name === "") {
      out.known.set(url, null);
      return;
    }
    const article = articleAt(name);
    if (article) out.known.set(url, article);
  };
  const factsOf = itemFacts(changed);
  const out: PlannedLists = {
    pages: [],
    files: [],
    facts: [],
    keys: [],
    sources: [],
    urls: [],
    at: [],
    newest: [],
    known: new Map(),
    viewed: 0,
    viewedByKind: {},
    bySources: 0,
    differ: kept === undefined,
    changedRows: [],
    gone: [],
  };
  // Whether a list of articles holds a changed one: each list once, however many pages it makes. A
  // list holds this build's articles, so only the changed ones still in the site can be in it: a few
  // of them are looked for by identity (a native scan; a callback per article of every tag's, author's
  // and day's list took ~0.25 s at 100,000 articles), many by their URLs.
  const holds = new WeakMap<readonly Article[], boolean>();
  const present = changed.size <= 16 ? changedArticles : undefined;
  const holdsChanged = (list: readonly Article[]) => {
    let found = holds.get(list);
    if (found === undefined) {
      found = changed.size > 0 && (present ? present.some((a) => list.includes(a)) : list.some((a) => changed.has(a.url)));
      holds.set(list, found);
    }
    return found;
  };
  for (const kind of KINDS) {
    if (!LIST_KINDS.has(kind)) continue;
    const type = PAGE_TYPES[kind] as unknown as PageType<unknown, unknown>;
    for (const item of type.list(input)) {
      const file = type.file(item);
      const k = index.get(file);
      if (k !== undefined) seen[k] = 1;
      // A page type that names its lists: its page is as it was when they hold no changed article and
      // are as long as before, with the same text. Then neither its item's facts nor its view are made.
      let sources = "";
      let touched = true;
      const declared = type.sources?.(input, item);
      if (declared) {
        let count = 0;
        touched = false;
        for (const list of declared.lists) {
          count += list.length;
          if (holdsChanged(list)) touched = true;
        }
        sources = `${count}\n${declared.text}`;
      }
      const url = (item as { url: string }).url;
      if (kept && k !== undefined && !touched && kept.lists.sources[k] === sources && !type.clock?.(item)) {
        const key = kept.lists.keys[k] as string;
        out.pages.push(new KeptPage(kind, file, key, type, input, item));
        out.files.push(file);
        out.facts.push(kept.lists.facts[k] as string);
        out.keys.push(key);
        out.sources.push(sources);
        out.urls.push(url);
        out.at.push(k);
        keepNewest(url, k);
        out.bySources++;
        continue;
      }
      // What the view reads of the item, when its type says (`PageType.facts`): a page of a big tag is not
      // seen as changed because the tag's whole list, which its item holds, has a new article.
      const { text, dirty } = factsOf(type.facts ? type.facts(input, item) : item);
      const facts = sha1(`${global}\n${kind}\n${text}`);
      let page: PlannedPage;
      const why = !kept
        ? "no plan kept from the last build"
        : k === undefined
          ? "new page"
          : type.clock?.(item)
            ? "it shows the build's clock"
            : dirty
              ? "it lists a changed article"
              : kept.lists.facts[k] !== facts
                ? "its page of the list changed"
                : undefined;
      if (why === undefined) {
        page = new KeptPage(kind, file, kept?.lists.keys[k as number] as string, type, input, item);
        keepNewest(url, k as number);
      } else {
        const view = type.view(input, item);
        page = { kind, file, view, key: options.key(kind, view), why };
        out.viewed++;
        out.viewedByKind[kind] = (out.viewedByKind[kind] ?? 0) + 1;
      }
      if (k === undefined || kept?.lists.facts[k] !== facts || kept.lists.keys[k] !== page.key || kept.lists.sources[k] !== sources) {
        out.differ = true;
        out.changedRows.push(out.files.length);
      }
      out.pages.push(page);
      out.files.push(file);
      out.facts.push(facts);
      out.keys.push(page.key as string);
      out.sources.push(sources);
      out.urls.push(url);
      out.at.push(k ?? -1);
    }
  }
  if (out.files.length !== kept?.lists.files.length) out.differ = true;
  for (let k = 0; k < seen.length; k++) if (!seen[k]) out.gone.push(kept?.lists.files[k] as string);
  return out;
}

/**
 * Each list page's newest article as the sitemap found it (`SitemapLists.listNewest`), for the record:
 * a row whose newest differs from the record's is a changed row.
 */
function recordNewest(lists: PlannedLists, sitemaps: SitemapLists, kept: Kept | undefined): void {
  const changedRows = new Set(lists.changedRows);
  for (const [j, url] of lists.urls.entries()) {
    const article = sitemaps.listNewest.get(url);
    const newest = article === undefined ? "?" : article === null ? "" : article.url;
    lists.newest.push(newest);
    const k = lists.at[j] as number;
    if (kept && k >= 0 && kept.lists.newest[k] !== newest && !changedRows.has(j)) {
      lists.changedRows.push(j);
      lists.differ = true;
    }
  }
}

/** The first sitemap file whose pages or their last changes differ between two makings of the lists (verify mode); undefined when none does. */
function sitemapDiffers(a: SitemapLists, b: SitemapLists): string | undefined {
  const text = (t: DateTime | undefined) => (t === undefined ? "" : `${t.toMillis()} ${t.zoneName}`);
  const length = Math.max(a.urlsets.length, b.urlsets.length);
  for (let i = 0; i < length; i++) {
    const x = a.urlsets[i];
    const y = b.urlsets[i];
    if (!x || !y) return (x ?? y)?.url;
    if (x.url !== y.url || x.entries.length !== y.entries.length) return x.url;
    for (const [n, e] of x.entries.entries()) {
      const f = y.entries[n];
      if (!f || e.path !== f.path || text(e.lastmod) !== text(f.lastmod)) return x.url;
    }
  }
  return undefined;
}

/**
 * An article in a list's facts: the end of its source digest (src/model/parse-cache.ts: the hash
 * of its file's path and bytes, 64 bits of it), which names it as its URL would (a new URL is
 * another source) in a quarter of the text to write and hash.
 */
const articleText = (source: string) => `@${source.slice(-16)}`;

/**
 * The facts of a list page's item: every value in it written out, as page keys write views
 * (src/pages/keys.ts), but each loaded article as its source's hash alone; `dirty` when one of those is a
 * changed article. Containers met again (a tag's whole list, shared by its pages) are written once.
 * Written for speed (it meets every value of every list page): texts only, no object per value, the
 * "dirty" flag carried in a variable and, for containers, a set.
 */
function itemFacts(changed: ReadonlySet<string>): (value: unknown) => { text: string; dirty: boolean } {
  const memo = new WeakMap<object, string>();
  const dirtyOnes = new WeakSet<object>();
  let dirty = false;
  const text = (value: unknown): string => {
    if (typeof value === "string") return `s${value.length}:${value}`;
    if (typeof value === "function") return "f";
    if (value === null || typeof value !== "object") return String(value);
    // A time, as page keys write it (src/pages/keys.ts), without the lookups that all miss for it.
    if (value instanceof DateTime) return dateTimeText(value);
    const known = memo.get(value);
    if (known !== undefined) {
      if (dirtyOnes.has(value)) dirty = true;
      return known;
    }
    const outer = dirty;
    dirty = false;
    let result: string;
    const source = sourceDigest(value);
    const time = source === undefined ? timeText(value) : undefined;
    if (source !== undefined) {
      result = articleText(source);
      if (changed.has((value as Article).url)) dirty = true;
    } else if (time !== undefined) result = time;
    else {
      let out: string;
      if (Array.isArray(value)) {
        out = "[";
        for (let i = 0; i < value.length; i++) {
          const v: unknown = value[i];
          // An article, the commonest value of a list: written here, without a call and a memo of its own.
          const of = typeof v === "object" && v !== null ? sourceDigest(v) : undefined;
          if (of !== undefined) {
            out += `${i}:${articleText(of)},`;
            if (changed.has((v as Article).url)) dirty = true;
          } else out += `${i}:${text(v)},`;
        }
      } else if (value instanceof Map) {
        out = "map{";
        for (const [k, v] of value) out += `${String(k)}:${text(v)},`;
      } else if (value instanceof Set) {
        out = "set[";
        let i = 0;
        for (const v of value) out += `${i++}:${text(v)},`;
      } else if (typeof (value as { toJSON?: unknown }).toJSON === "function") out = `{0:${text(JSON.stringify(value))},`;
      else {
        out = "{";
        for (const k of Object.keys(value)) out += `${k}:${text((value as Record<string, unknown>)[k])},`;
      }
      // A long container (a tag's whole list) is hashed once, however many pages hold it; a page's own lists are written out.
      result = out.length > 4096 ? `#${sha1(out)}` : out;
    }
    memo.set(value, result);
    if (dirty) dirtyOnes.add(value);
    dirty ||= outer;
    return result;
  };
  return (item) => {
    dirty = false;
    const written = text(item);
    return { text: written, dirty };
  };
}

const sameTables = (a: Record<string, string>, b: Record<string, string>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([e, t]) => b[e] === t);

/** Whether the day column of `article`'s page shows a changed article. */
function windowShows(day: readonly Article[] | undefined, article: Article, changed: ReadonlySet<string>): boolean {
  return day !== undefined && dayWindow(day, article).some((a) => changed.has(a.url));
}

interface Facts extends Omit<PlanRecord, "format" | "global" | "keys" | "lists"> {
  /** Each article's day's articles (the column shows a window of them, `dayWindow`). */
  dayArticles: (readonly Article[] | undefined)[];
}

/** What the record keeps of every article page of `articles`; undefined when an article has no source (made in memory). */
function facts({ site, images }: SiteInput, articles: readonly Article[]): Facts | undefined {
  const out: Facts = { urls: [], sources: [], photos: [], versions: [], days: [], dayArticles: [], dayLists: {}, linkTables: {} };
  for (const article of articles) {
    const source = sourceDigest(article);
    if (source === undefined) return undefined;
    const edition = editionOf(site, article);
    const day = dayOf(edition.timeline, article);
    out.urls.push(article.url);
    out.sources.push(source);
    const photos = images.get(article.url);
    out.photos.push(photos ? photosFact(photos) : "");
    const versions = site.translations.versionsOf(article);
    out.versions.push(versions.length === 0 ? NO_VERSIONS : versions.map((a) => a.url));
    out.days.push(day?.url ?? "");
    out.dayArticles.push(day?.articles);
    if (day && !out.dayLists[day.url]) out.dayLists[day.url] = day.articles.map((a) => a.url);
  }
  for (const e of site.editions.values()) out.linkTables[e.config.id] = e.linksChange?.table ?? "";
  return out;
}

/**
 * On disk: every column one string (URLs hold no space or newline), which v8 writes and reads at
 * once, where 20,000 small arrays of strings took ~0.15 s each way.
 */
interface OnDisk {
  format: number;
  global: string;
  columns: Record<
    | "urls"
    | "sources"
    | "photos"
    | "linkTables"
    | "versions"
    | "days"
    | "keys"
    | "dayLists"
    | "listFiles"
    | "listFacts"
    | "listKeys"
    | "listSources"
    | "listNewest"
    | "sourceEnvs",
    string
  >;
  /** Names this base: each log entry names the base it follows. */
  id: string;
}

/** An article page's versions when it has none (most): one array for all of them, never written to. */
const NO_VERSIONS = Object.freeze([]) as unknown as string[];

const rows = (text: string) => (text === "" ? [] : text.split("\n"));
const cells = (text: string) => (text === "" ? [] : text.split(" "));

/**
 * An article's photos' plan as a fact: most articles have no photo, and their plan is their social
 * card alone, written out: its file (named by its content), size and kind (its alt text is the
 * article's headline or its photo's, both in the article's source); any other plan is hashed whole.
 */
function photosFact(photos: ArticleImages): string {
  const keys = Object.keys(photos);
  if (photos.body.size === 0 && keys.every((k) => k === "social" || k === "body" || k === "remoteLead")) {
    const { url, width, height, generated } = photos.social;
    const remote = photos.remoteLead ? ` ${JSON.stringify(photos.remoteLead)}` : "";
    return `${url} ${width}x${height}${generated ? " g" : ""}${remote}`;
  }
  return digest(photos);
}

/**
 * URLs in the links, versions and days' lists are written as positions in the record's article
 * list (base 36), days as positions in its list of days: a 20k record went from 21 MB to ~8 MB, and
 * writing it from ~0.35 s to a tenth of that. An empty cell is "-"; a URL not in the list (not
 * expected) is written out after "@".
 */
function read(dir: string, global: string): Kept | undefined {
  const base = readBase(dir, global);
  if (!base) return undefined;
  let entries: unknown[] | undefined;
  let log: Buffer;
  try {
    log = readLog(path.join(dir, KEPT_PLAN_LOG_FILE));
    entries = logEntries(log);
  } catch {
    return undefined;
  }
  // A torn or damaged log, an entry of another base (one a compaction replaced), of other code or out of
  // order: nothing is trusted, and this build plans every page and writes a new base.
  if (!entries) return undefined;
  const { record, id, bytes } = base;
  const kept: Kept = {
    ...record,
    index: indexOf(record.urls),
    listIndex: indexOf(record.lists.files),
    stored: { id, baseBytes: bytes, logBytes: log.length, entries: entries.length },
  };
  const dead = { rows: new Set<number>(), lists: new Set<number>() };
  for (const [i, entry] of entries.entries()) {
    const change = entry as PlanChange;
    if (change?.format !== FORMAT || change.global !== global || change.base !== id || change.seq !== i + 1 || !isChange(change)) return undefined;
    applyChange(kept, change, dead);
  }
  if (dead.rows.size > 0) {
    const alive = (_: unknown, k: number) => !dead.rows.has(k);
    for (const column of ["urls", "sources", "photos", "versions", "days", "keys"] as const)
      (kept[column] as unknown[]) = (kept[column] as unknown[]).filter(alive);
    kept.index = indexOf(kept.urls);
  }
  if (dead.lists.size > 0) {
    const alive = (_: unknown, k: number) => !dead.lists.has(k);
    const { files, facts, keys, sources, newest } = kept.lists;
    kept.lists = {
      files: files.filter(alive),
      facts: facts.filter(alive),
      keys: keys.filter(alive),
      sources: sources.filter(alive),
      newest: newest.filter(alive),
    };
    kept.listIndex = indexOf(kept.lists.files);
  }
  return kept;
}

const indexOf = (names: readonly string[]) => {
  const index = new Map<string, number>();
  for (let k = 0; k < names.length; k++) index.set(names[k] as string, k);
  return index;
};

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === "string");

/** Is a log entry well formed (its frame's hash proves its bytes, this its shape)? */
function isChange(change: PlanChange): boolean {
  const { rows, lists } = change;
  const n = rows?.urls?.length;
  const m = lists?.files?.length;
  return (
    isStrings(rows.urls) &&
    [rows.sources, rows.photos, rows.days, rows.keys].every((c) => isStrings(c) && c.length === n) &&
    Array.isArray(rows.versions) &&
    rows.versions.length === n &&
    rows.versions.every(isStrings) &&
    isStrings(change.gone) &&
    typeof change.dayLists === "object" &&
    Object.values(change.dayLists).every(isStrings) &&
    isStrings(change.daysGone) &&
    typeof change.linkTables === "object" &&
    [lists.files, lists.facts, lists.keys, lists.sources, lists.newest].every((c) => isStrings(c) && c.length === m) &&
    isStrings(change.listsGone)
  );
}

/** Applies a log entry to the record before it; places of rows gone are noted in `dead` (taken out once every entry is applied). */
function applyChange(kept: Kept, change: PlanChange, dead: { rows: Set<number>; lists: Set<number> }): void {
  forget(kept.index, change.gone, dead.rows);
  const { rows } = change;
  for (const [j, url] of rows.urls.entries()) {
    const k = placeOf(kept.index, kept.urls, url);
    kept.sources[k] = rows.sources[j] as string;
    kept.photos[k] = rows.photos[j] as string;
    kept.versions[k] = rows.versions[j] as string[];
    kept.days[k] = rows.days[j] as string;
    kept.keys[k] = rows.keys[j] as string;
  }
  for (const day of change.daysGone) delete kept.dayLists[day];
  Object.assign(kept.dayLists, change.dayLists);
  kept.linkTables = change.linkTables;
  forget(kept.listIndex, change.listsGone, dead.lists);
  const { lists } = change;
  for (const [j, file] of lists.files.entries()) {
    const k = placeOf(kept.listIndex, kept.lists.files, file);
    kept.lists.facts[k] = lists.facts[j] as string;
    kept.lists.keys[k] = lists.keys[j] as string;
    kept.lists.sources[k] = lists.sources[j] as string;
    kept.lists.newest[k] = lists.newest[j] as string;
  }
}

/** Takes `names` out of the record's `index`, their places noted in `dead`. */
function forget(index: Map<string, number>, names: readonly string[], dead: Set<number>): void {
  for (const name of names) {
    const k = index.get(name);
    if (k === undefined) continue;
    index.delete(name);
    dead.add(k);
  }
}

/** The place of `name` in the record's column `names`, a new one at its end when it has none. */
function placeOf(index: Map<string, number>, names: string[], name: string): number {
  let k = index.get(name);
  if (k === undefined) {
    k = names.length;
    index.set(name, k);
    names.push(name);
  }
  return k;
}

/**
 * This build's change to the kept record (`record` is what a new base would hold). An article page
 * kept by the plan (`KeptPage`) with its kept key has the record's row: its source, photos, versions
 * and day were compared equal. The others are compared column by column.
 */
function changeOf(
  kept: Kept,
  record: PlanRecord,
  planned: {
    pages: readonly PlannedPage[];
    at: Int32Array;
    gone: string[];
    dayMoved: (day: string) => boolean;
    lists: PlannedLists;
  },
): PlanChange {
  const rows: PlanChange["rows"] = { urls: [], sources: [], photos: [], versions: [], days: [], keys: [] };
  for (let i = 0; i < record.urls.length; i++) {
    const k = planned.at[i] as number;
    const key = record.keys[i] as string;
    if (k >= 0 && planned.pages[i] instanceof KeptPage && kept.keys[k] === key) continue;
    const versions = record.versions[i] as string[];
    const keptVersions = kept.versions[k];
    if (
      k >= 0 &&
      kept.keys[k] === key &&
      kept.sources[k] === record.sources[i] &&
      kept.photos[k] === record.photos[i] &&
      kept.days[k] === record.days[i] &&
      keptVersions !== undefined &&
      versions.length === keptVersions.length &&
      versions.every((v, n) => v === keptVersions[n])
    )
      continue;
    rows.urls.push(record.urls[i] as string);
    rows.sources.push(record.sources[i] as string);
    rows.photos.push(record.photos[i] as string);
    rows.versions.push(versions);
    rows.days.push(record.days[i] as string);
    rows.keys.push(key);
  }
  const dayLists: PlanRecord["dayLists"] = {};
  for (const day of Object.keys(record.dayLists)) if (planned.dayMoved(day)) dayLists[day] = record.dayLists[day] as string[];
  const lists: PlanRecord["lists"] = { files: [], facts: [], keys: [], sources: [], newest: [] };
  for (const j of planned.lists.changedRows) {
    lists.files.push(record.lists.files[j] as string);
    lists.facts.push(record.lists.facts[j] as string);
    lists.keys.push(record.lists.keys[j] as string);
    lists.sources.push(record.lists.sources[j] as string);
    lists.newest.push(record.lists.newest[j] as string);
  }
  return {
    format: FORMAT,
    global: record.global,
    base: kept.stored.id,
    seq: kept.stored.entries + 1,
    rows,
    gone: planned.gone,
    dayLists,
    daysGone: Object.keys(kept.dayLists).filter((day) => !(day in record.dayLists)),
    linkTables: record.linkTables,
    lists,
    listsGone: planned.lists.gone,
  };
}

/**
 * Appends the change to the log, unless the log has grown past its share of the base (`PLAN_COMPACTION`):
 * then nothing is written and the caller writes a new base. Not fsynced: the record is a cache, and
 * whatever a crash leaves is either a whole earlier record (a base and a prefix of its log, which keys
 * pages as an earlier build did, by inputs compared again) or one that is not trusted (a torn frame).
 */
function appendChange(dir: string, kept: Kept, change: PlanChange): boolean {
  const frame = logFrame(change);
  if (compacts(PLAN_COMPACTION, kept.stored, change.seq, frame.length)) return false;
  appendLog(path.join(dir, KEPT_PLAN_LOG_FILE), kept.stored.logBytes, frame, { sync: false });
  return true;
}

/** The base and its bytes, when it was written by this code for the same `global`. */
function readBase(dir: string, global: string): { record: PlanRecord; id: string; bytes: number } | undefined {
  try {
    const bytes = readFileSync(path.join(dir, KEPT_PLAN_FILE));
    const disk = v8.deserialize(bytes) as OnDisk;
    if (disk.format !== FORMAT || disk.global !== global || typeof disk.id !== "string") return undefined;
    const c = disk.columns;
    const urls = rows(c.urls);
    const url = (cell: string) => (cell === "-" ? "" : cell.startsWith("@") ? cell.slice(1) : (urls[Number.parseInt(cell, 36)] ?? `@${cell}`));
    const dayLists: Record<string, string[]> = {};
    const dayNames: string[] = [];
    for (const row of rows(c.dayLists)) {
      const [day, ...cellsOfDay] = cells(row);
      dayNames.push(day as string);
      dayLists[day as string] = cellsOfDay.map(url);
    }
    // Sources as written (`sourceText`): the parse environment's digest by its place in `sourceEnvs`.
    const envs = JSON.parse(c.sourceEnvs) as string[];
    const sources = rows(c.sources).map((row) => {
      const colon = row.indexOf(":");
      return `${envs[Number.parseInt(row.slice(0, colon), 36)]}:${row.slice(colon + 1)}`;
    });
    const record: PlanRecord = {
      format: disk.format,
      global: disk.global,
      urls,
      sources,
      photos: rows(c.photos),
      linkTables: JSON.parse(c.linkTables) as Record<string, string>,
      versions: rows(c.versions).map((r) => (r === "" ? NO_VERSIONS : cells(r).map(url))),
      days: rows(c.days).map((d) => (d === "-" ? "" : (dayNames[Number.parseInt(d, 36)] ?? ""))),
      keys: rows(c.keys),
      dayLists,
      lists: {
        files: rows(c.listFiles),
        facts: rows(c.listFacts),
        keys: rows(c.listKeys),
        sources: JSON.parse(c.listSources) as string[],
        newest: rows(c.listNewest).map((cell) => (cell === "?" ? "?" : url(cell))),
      },
    };
    return { record, id: disk.id, bytes: bytes.length };
  } catch {
    return undefined;
  }
}

/**
 * An article's source (`sourceDigest`) is its parse environment's digest, ":", and its file's: the
 * environment, the same for every article of an edition, is written once in `envs` and named in each
 * row by its place there (a third of the column's bytes at 100,000 articles).
 */
function sourceRows(sources: readonly string[], envs: string[]): string {
  const at = new Map<string, string>();
  let out = "";
  for (const [i, source] of sources.entries()) {
    const colon = source.indexOf(":");
    const env = source.slice(0, colon);
    let n = at.get(env);
    if (n === undefined) {
      n = envs.length.toString(36);
      at.set(env, n);
      envs.push(env);
    }
    out += `${i ? "\n" : ""}${n}:${source.slice(colon + 1)}`;
  }
  return out;
}

/**
 * The record written whole as a new base, under a new id, and the log of the last base removed. Written
 * under a staging name and renamed: a build killed while writing leaves the last base whole; one killed
 * after the rename and before the log's removal leaves a log of another base, which is not trusted.
 */
function writeBase(dir: string, kept: PlanRecord): void {
  mkdirSync(dir, { recursive: true });
  const at = new Map(kept.urls.map((u, i) => [u, i.toString(36)]));
  const cell = (u: string) => (u === "" ? "-" : (at.get(u) ?? `@${u}`));
  const dayNames = Object.keys(kept.dayLists);
  const dayAt = new Map(dayNames.map((d, i) => [d, i.toString(36)]));
  const envs: string[] = [];
  const disk: OnDisk = {
    format: kept.format,
    global: kept.global,
    id: randomBytes(8).toString("hex"),
    columns: {
      urls: kept.urls.join("\n"),
      sources: sourceRows(kept.sources, envs),
      sourceEnvs: JSON.stringify(envs),
      photos: kept.photos.join("\n"),
      linkTables: JSON.stringify(kept.linkTables),
      versions: kept.versions.map((v) => v.map(cell).join(" ")).join("\n"),
      days: kept.days.map((d) => (d === "" ? "-" : (dayAt.get(d) as string))).join("\n"),
      keys: kept.keys.join("\n"),
      listFiles: kept.lists.files.join("\n"),
      listFacts: kept.lists.facts.join("\n"),
      listKeys: kept.lists.keys.join("\n"),
      // A page type's text may hold newlines.
      listSources: JSON.stringify(kept.lists.sources),
      // "?" (not in the sitemap) is no position.
      listNewest: kept.lists.newest.map((u) => (u === "?" ? u : cell(u))).join("\n"),
      dayLists: dayNames.map((day) => [day, ...(kept.dayLists[day] as string[]).map(cell)].join(" ")).join("\n"),
    },
  };
  const file = path.join(dir, KEPT_PLAN_FILE);
  // Its staging name is one the page cache's store removes when a killed build left it (src/content-store.ts).
  writeWhole(file, v8.serialize(disk));
  rmSync(path.join(dir, KEPT_PLAN_LOG_FILE), { force: true });
}

/** The record as the next build would read it (its base and log folded), whatever its `global`; undefined when it is missing or not trusted. */
export function readKeptPlan(dir: string): PlanRecord | undefined {
  try {
    const disk = v8.deserialize(readFileSync(path.join(dir, KEPT_PLAN_FILE))) as OnDisk;
    const kept = read(dir, disk.global);
    if (!kept) return undefined;
    const { index: _index, listIndex: _listIndex, stored: _stored, ...record } = kept;
    return record;
  } catch {
    return undefined;
  }
}
