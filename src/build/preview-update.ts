/**
 * The preview's incremental update, for an edit that changes what other pages show (a
 * headline, date, tags, authors, section, summary) or a new or removed article: the
 * model is rebuilt in memory from the content already loaded plus the one file, the
 * pages are keyed again (src/build/page-cache.ts; a page that shows the same as before
 * keeps its key without being hashed), and only the pages whose key changed are
 * rendered, in this process (src/render/collect-pages.ts), and written. Feeds,
 * sitemaps and the few one-off pages are rendered again and written when they differ.
 * Anything this path does not check the way a full build does (photos, aliases,
 * translations, URL clashes, other files) returns `full`, and the preview rebuilds.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { notRegularFile } from "../content/files.ts";
import { buildClock } from "../dates.ts";
import { ContentError } from "../errors/content-error.ts";
import { photoSignature } from "../images/body-refs.ts";
import { mapLimit } from "../images/pool.ts";
import { prepareImages } from "../images/prepare-images.ts";
import { IMAGE_CACHE_DIR, writeImages } from "../images/write-images.ts";
import { editionFolderProblem } from "../model/load.ts";
import { ARTICLES_DIR, articleEnv, parseArticle } from "../model/parse-article.ts";
import { buildSiteModel, type SiteModel } from "../model/site.ts";
import { translationClashes } from "../model/translations.ts";
import { collectPages } from "../render/collect-pages.ts";
import { pagesPlugin } from "../render/pages.ts";
import type { Article } from "../schema/article.ts";
import { CACHED_KINDS, type KeyedPage, PageKeys } from "./page-cache.ts";
import type { Prepared } from "./prepare.ts";

/** What the preview keeps from its last build or update. */
export interface PreviewState {
  prepared: Prepared;
  /** Output file → kind, page object and key of every keyed page. */
  pages: ReadonlyMap<string, KeyedPage>;
  /** Output file → kind and page object of every page of `prepared`. */
  written: ReadonlyMap<string, { kind: string; item: unknown }>;
  /** Articles changed in place since their pages were keyed (src/build/quick-update.ts): keyed again. */
  edited?: ReadonlySet<Article>;
}

export type UpdateResult = { updated: number; removed: number; state: PreviewState } | { full: string };

const KEYED = new Set<string>(CACHED_KINDS);
/** Pages written from their page object and the site config alone (src/render/sitemaps/). */
const SELF_CONTAINED = new Set(["sitemap", "sitemap-index", "news-sitemap", "robots"]);

/** The state after a full build: its pages are listed once, before any edit waits for it. */
export function previewState(prepared: Prepared, pages: ReadonlyMap<string, KeyedPage>): PreviewState {
  // With the page cache off there are no keys, and every update is a full build.
  const listed = pages.size ? collectPages(pagesPlugin, { prepared }) : [];
  return { prepared, pages, written: new Map(listed.map((p) => [p.file, { kind: p.kind, item: p.item }])) };
}

/** Updates the preview in `outputDir` after a change to one article file; throws ContentError for a broken article. */
export async function updatePreview(root: string, state: PreviewState, file: string, outputDir: string): Promise<UpdateResult> {
  if (!file.startsWith(`${ARTICLES_DIR}/`) || !file.endsWith(".md")) return { full: `${file} is not an article` };
  if (state.pages.size === 0) return { full: "the page cache is off" };
  // A new file outside an edition folder, or a FIFO, is for the full build to report.
  if (editionFolderProblem(file, state.prepared.content.config) || (await notRegularFile(root, file)))
    return { full: `${file} needs the full check` };
  const { content } = state.prepared;
  const old = content.articles.find((a) => a.file === file);
  let next: Article | undefined;
  if (existsSync(path.join(root, file))) {
    const parsed = parseArticle(file, readFileSync(path.join(root, file)), articleEnv(content.config, content.authors));
    if (!parsed.ok) throw new ContentError(parsed.problems);
    next = parsed.article;
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

  const pages = collectPages(pagesPlugin, { prepared });
  const { written } = state;
  // Pages that show the same as when they were keyed keep their key: only the others are hashed again.
  const again = new PageKeys(site, images).since(new PageKeys(state.prepared.site, state.prepared.images), state.edited ?? new Set());
  const keyed = new Map<string, KeyedPage>();
  const writes: { file: string; text: string }[] = [];
  for (const page of pages) {
    if (KEYED.has(page.kind)) {
      const before = state.pages.get(page.file);
      const key = again.key(page.kind, page.item, before);
      keyed.set(page.file, { kind: page.kind, item: page.item, key });
      if (before?.key !== key) writes.push({ file: page.file, text: page.render() });
      continue;
    }
    // A sitemap or robots.txt made of the same entries is the same file; other pages are rendered and compared.
    const before = written.get(page.file);
    if (SELF_CONTAINED.has(page.kind) && before?.kind === page.kind && again.same(before.item, page.item)) continue;
    const text = page.render();
    if ((await readFile(path.join(outputDir, page.file), "utf8").catch(() => undefined)) !== text) writes.push({ file: page.file, text });
  }
  await mapLimit(writes, 16, async ({ file, text }) => {
    const target = path.join(outputDir, file);
    await writeFile(target, text).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, text);
    });
  });
  const files = new Map(pages.map((p) => [p.file, { kind: p.kind, item: p.item }]));
  const gone = [...written.keys()].filter((f) => !files.has(f));
  await Promise.all(gone.map((f) => rm(path.join(outputDir, f), { force: true })));
  return { updated: writes.length, removed: gone.length, state: { prepared, pages: keyed, written: files } };
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
