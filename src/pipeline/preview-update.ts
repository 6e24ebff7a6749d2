/**
 * The preview's incremental update after an edit to one article, a new article or a removed
 * one: a new model is built in memory from the content already loaded plus the one file (it
 * shares every unchanged article with the last one; nothing is written into an article), the
 * registry lists every page with its view (src/pages/plan.ts), each view is keyed
 * (src/pages/keys.ts: frozen articles and teasers are hashed once per session), and only the
 * pages whose key changed are rendered, with their layouts, and written; pages that are gone
 * are removed. Anything this path does not check the way a full build does (photos, aliases,
 * translations, URL clashes, other files) returns `full`, and the preview rebuilds.
 *
 * An edit to an article's text alone takes a shorter way (`textEdit`): the article is swapped
 * into the last model (src/model/substitute.ts) and only the pages that hold it whole and the
 * pages that show the clock are listed (src/pages/plan.ts `planPagesHolding`).
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { ADMIN_FOLDER, writeAdmin } from "../cms/admin.ts";
import { notRegularFile } from "../content/files.ts";
import { buildClock, type DateTime, hoursBefore } from "../dates.ts";
import { ContentError } from "../errors/content-error.ts";
import { photoSignature } from "../images/body-refs.ts";
import { mapLimit } from "../images/pool.ts";
import { prepareImages } from "../images/prepare-images.ts";
import { IMAGE_CACHE_DIR, writeImages } from "../images/write-images.ts";
import { deepFreeze } from "../model/freeze.ts";
import { holderIndex } from "../model/holders.ts";
import { editionFolderProblem } from "../model/load.ts";
import { ARTICLES_DIR, articleEnv, parseArticle } from "../model/parse-article.ts";
import { noteParsedSource } from "../model/parse-cache.ts";
import { buildSiteModel, type SiteModel } from "../model/site.ts";
import { NEWS_WINDOW_HOURS } from "../model/sitemap-lists.ts";
import { substituteArticle } from "../model/substitute.ts";
import { translationClashes } from "../model/translations.ts";
import { chromeDigestInput, chromeOf } from "../pages/chrome.ts";
import type { Kind, ViewOf } from "../pages/index.ts";
import { digest, pageKeys, sameView } from "../pages/keys.ts";
import { planPages, planPagesHolding } from "../pages/plan.ts";
import { teaser } from "../pages/teasers.ts";
import { renderView } from "../render/layouts.ts";
import { renderContext } from "../render/pages.ts";
import type { Article } from "../schema/article.ts";
import type { Prepared } from "./prepare.ts";

/** A page of the preview: its type, the view it shows and that view's key. */
interface PreviewPage {
  kind: Kind;
  view: unknown;
  key: string;
}

/** What the preview keeps from its last build or update. */
export interface PreviewState {
  prepared: Prepared;
  /** Output file → page type, view and key of every page of `prepared`. */
  pages: ReadonlyMap<string, PreviewPage>;
  /** The hash of what every page shows besides its view (config, authors, sections). */
  chrome: string;
}

/** `listed`: the pages whose views were made and compared (every page, but for an edit to an article's text alone). */
export interface Updated {
  updated: number;
  removed: number;
  listed: number;
  state: PreviewState;
}

export type UpdateResult = Updated | { full: string };

/**
 * Every page of a prepared site with its view and key. A page whose view is the same as in
 * `before` (and whose chrome is the same) keeps its key and its earlier view, unhashed.
 */
function keyAll(prepared: Prepared, before?: PreviewState): { pages: Map<string, PreviewPage>; chrome: string } {
  const chromeInput = chromeDigestInput(chromeOf(prepared.site));
  const chrome = digest(chromeInput);
  const key = pageKeys(chromeInput);
  const same = before?.chrome === chrome ? before.pages : undefined;
  const pages = new Map<string, PreviewPage>();
  for (const page of planPages(prepared)) {
    const was = same?.get(page.file);
    if (was && was.kind === page.kind && sameView(was.view, page.view)) pages.set(page.file, was);
    else pages.set(page.file, { kind: page.kind, view: page.view, key: key(page.kind, page.view) });
  }
  return { pages, chrome };
}

/**
 * The state after a full build: its pages are listed and keyed once, and where its model holds
 * each article is indexed (for text edits: src/model/holders.ts), before any edit waits for it.
 */
export function previewState(prepared: Prepared): PreviewState {
  const state = { prepared, ...keyAll(prepared) };
  readyForTextEdits(state);
  return state;
}

/**
 * Indexes where the state's model holds each article, once per model (a model made by a text
 * edit has it already): the preview calls it after an update, while nobody waits.
 */
export function readyForTextEdits(state: PreviewState): void {
  holderIndex(state.prepared.site);
}

/** Updates the preview in `outputDir` after a change to one article file; throws ContentError for a broken article. */
export async function updatePreview(root: string, state: PreviewState, file: string, outputDir: string): Promise<UpdateResult> {
  if (!file.startsWith(`${ARTICLES_DIR}/`) || !file.endsWith(".md")) return { full: `${file} is not an article` };
  // A new file outside an edition folder, or a FIFO, is for the full build to report.
  if (editionFolderProblem(file, state.prepared.content.config) || (await notRegularFile(root, file)))
    return { full: `${file} needs the full check` };
  const { content } = state.prepared;
  const old = content.articles.find((a) => a.file === file);
  let next: Article | undefined;
  if (existsSync(path.join(root, file))) {
    const bytes = readFileSync(path.join(root, file));
    const parsed = parseArticle(file, bytes, articleEnv(content.config, content.authors));
    if (!parsed.ok) throw new ContentError(parsed.problems);
    next = deepFreeze(parsed.article);
    // Named by its source, as the next full load names it (pages' keys: src/pages/keys.ts).
    noteParsedSource(next, file, bytes, content.config, content.authors);
  }
  if (!old && !next) return { full: `${file} is neither new nor known` };
  if (photoSignature(old) !== photoSignature(next)) return { full: `${file} changed its photos` };
  if (JSON.stringify([old?.aliases, old?.translationKey]) !== JSON.stringify([next?.aliases, next?.translationKey]))
    return { full: `${file} changed its aliases or translation key` };
  const url = next?.url;
  if (content.articles.some((a) => a.url === url && a !== old)) return { full: `${file} gives a URL another article has` };
  // Still in file order: the edited article in its place, a new one where it sorts.
  const articles = [...content.articles];
  if (old) articles.splice(articles.indexOf(old), 1, ...(next ? [next] : []));
  else if (next) articles.splice(fileIndex(articles, next.file), 0, next);
  if (translationClashes(articles).length) return { full: `${file} clashes with a translation` };
  if (old && next) {
    const quick = await textEdit(state, old, next, articles, outputDir);
    if (quick) return quick;
  }

  const nextContent = { ...content, articles };
  const changed = [old, next].filter((a): a is Article => a !== undefined);
  const site = buildSiteModel(nextContent, buildClock(), { preview: true, since: { site: state.prepared.site, changed } });
  if (site.pages.aliasConflicts.length) return { full: `${file} gives a URL an alias has` };
  const cacheDir = path.join(root, IMAGE_CACHE_DIR);
  // Its photos are as they were: when each edition's card window is too, only this article's images can differ.
  const alone = cardWindows(state.prepared.site) === cardWindows(site);
  const fresh = next ? [next] : [];
  const planned = await prepareImages(root, alone ? fresh : articles, site, cacheDir, alone ? { only: fresh } : {});
  const { jobs, problems } = planned;
  if (problems.some((p) => p.severity === "error")) return { full: `${file} has a photo problem` };
  let images = planned.images;
  if (alone) {
    images = new Map(state.prepared.images);
    if (old) images.delete(old.url);
    for (const [url, image] of planned.images) images.set(url, image);
  }
  const prepared: Prepared = { site, images, imageJobs: jobs, warnings: [...problems, ...site.warnings], content: nextContent };

  // A new headline draws a new card: encode (or take from the image cache) what the folder lacks.
  const missing = jobs.filter((j) => j.outputs.some((o) => !existsSync(path.join(outputDir, "images", o.name))));
  if (missing.length) await writeImages(missing, outputDir, cacheDir);

  // Pages whose view hashes as before are as they were: only the others are rendered and written.
  const { pages, chrome } = keyAll(prepared, state);
  const ctx = renderContext(site);
  const writes: { file: string; text: string }[] = [];
  for (const [file, page] of pages) {
    if (state.pages.get(file)?.key === page.key) continue;
    writes.push({ file, text: renderView(page.kind, ctx, page.view as ViewOf<typeof page.kind>) });
  }
  await writeAll(writes, outputDir);
  // The CMS's configuration offers the tags in use.
  await writeAdmin(site, root, outputDir, { localBackend: `${site.urls.basePath}${ADMIN_FOLDER}/api/v1`, configOnly: true });
  const gone = [...state.pages.keys()].filter((f) => !pages.has(f));
  await Promise.all(gone.map((f) => rm(path.join(outputDir, f), { force: true })));
  return { updated: writes.length, removed: gone.length, listed: pages.size, state: { prepared, pages, chrome } };
}

/**
 * An edit to an article's text alone (its body; every other field as it was, so its teaser and
 * its place in every list too): the model is the last one with the article swapped in
 * (src/model/substitute.ts), and only the pages whose views hold the article whole (its page,
 * the feeds that carry it: `holds` in src/pages/page-type.ts) and the pages that show the clock
 * are listed and compared. Undefined when the edit is not such an edit, or when the clock has
 * moved past something the model derives from it (an embargo, the news sitemap's window).
 */
async function textEdit(state: PreviewState, old: Article, next: Article, articles: Article[], outputDir: string): Promise<Updated | undefined> {
  const { prepared } = state;
  const fields = new Set([...Object.keys(old), ...Object.keys(next)]);
  for (const field of fields) {
    if (!TEXT_FIELDS.has(field) && !sameView(old[field as keyof Article], next[field as keyof Article])) return undefined;
  }
  if (!sameView(teaser(old, prepared.images), teaser(next, prepared.images))) return undefined;
  const before = prepared.site;
  const now = buildClock();
  if (clockMoved(prepared.content.articles, before.buildTime, now)) return undefined;
  const site = substituteArticle(before, old, next, now);
  const ctx = renderContext(site);
  const chromeInput = chromeDigestInput(ctx.site);
  if (digest(chromeInput) !== state.chrome) return undefined;
  // Its photos and headline are as they were: so are its images and its card.
  const nextPrepared: Prepared = { ...prepared, site, content: { ...prepared.content, articles } };
  const key = pageKeys(chromeInput);
  const pages = new Map(state.pages);
  const writes: { file: string; text: string }[] = [];
  const listed = planPagesHolding(nextPrepared, next);
  for (const page of listed) {
    const was = state.pages.get(page.file);
    if (!was) return undefined;
    if (was.kind === page.kind && sameView(was.view, page.view)) continue;
    const entry = { kind: page.kind, view: page.view, key: key(page.kind, page.view) };
    pages.set(page.file, entry);
    if (entry.key !== was.key) writes.push({ file: page.file, text: renderView(page.kind, ctx, page.view as ViewOf<typeof page.kind>) });
  }
  await writeAll(writes, outputDir);
  return { updated: writes.length, removed: 0, listed: listed.length, state: { prepared: nextPrepared, pages, chrome: state.chrome } };
}

/** An article's text: what a text edit changes. */
const TEXT_FIELDS = new Set(["body", "bodyStartLine"]);

/**
 * Whether the model at `now` would differ from the one at `then` beyond its build time: an
 * article's embargo ended (or, with the clock set back, began) in between, or an article
 * entered or left a news sitemap's window.
 */
export function clockMoved(articles: readonly Article[], then: DateTime, now: DateTime): boolean {
  const [from, to] = then <= now ? [then, now] : [now, then];
  const [lo, hi] = [from.toMillis(), to.toMillis()];
  const [newsLo, newsHi] = [hoursBefore(from, NEWS_WINDOW_HOURS).toMillis(), hoursBefore(to, NEWS_WINDOW_HOURS).toMillis()];
  // Both ends included: an article at either instant sends the edit the long way, whichever side of it a check falls.
  // A plain loop: it runs over every article at each text edit.
  for (const a of articles) {
    const t = a.date.toMillis();
    if ((t >= lo && t <= hi) || (t >= newsLo && t <= newsHi)) return true;
  }
  return false;
}

async function writeAll(writes: readonly { file: string; text: string }[], outputDir: string): Promise<void> {
  await mapLimit(writes, 16, async ({ file, text }) => {
    const target = path.join(outputDir, file);
    await writeFile(target, text).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, text);
    });
  });
}

/** What decides whether an article draws its own social card: each edition's newest article's time (src/images/prepare-images.ts). */
function cardWindows(site: SiteModel): string {
  return [...site.editions.values()].map((e) => `${e.config.id} ${e.articles[0]?.date.toMillis()} ${e.articles[0]?.date.zoneName}`).join("\n");
}

/** Where `file` goes in `articles`, sorted by file (as src/content/files.ts lists them). */
function fileIndex(articles: readonly Article[], file: string): number {
  let lo = 0;
  let hi = articles.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((articles[mid] as Article).file < file) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
