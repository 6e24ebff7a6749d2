/**
 * Preview fast path: an edit that changes only what the article's own page shows
 * (its text, background, source, corrections) re-renders that one page and the feeds
 * that carry it, in milliseconds whatever the archive's size. An edit to anything other pages show
 * (headline, date, tags, authors, summary, photo, URL ...) or any other file needs the
 * full rebuild, which re-renders lists, feeds and sitemaps.
 */
import { readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { articlePage } from "../../layouts/article.ts";
import { notRegularFile } from "../content/files.ts";
import { ContentError } from "../errors/content-error.ts";
import { photoSignature } from "../images/body-refs.ts";
import type { FeedDoc } from "../model/feed-lists.ts";
import { editionFolderProblem } from "../model/load.ts";
import { ARTICLES_DIR, articleEnv, parseArticle } from "../model/parse-article.ts";
import { Urls } from "../model/urls.ts";
import { collectPages } from "../render/collect-pages.ts";
import { assetPaths, pagesPlugin, renderContext } from "../render/pages.ts";
import type { Article } from "../schema/article.ts";
import { forgetArticleDigests, SHARED_FIELDS } from "./page-cache.ts";
import type { Prepared } from "./prepare.ts";

function shared(article: Article): string {
  return JSON.stringify(SHARED_FIELDS.map((f) => article[f]));
}

/** `updated`: the article's URL; `article`: the article, changed in place (its list and feed keys are stale until keyed again). */
const FEEDS = new Set(["atom-feed", "rss-feed", "json-feed"]);

export type QuickResult = { updated: string; article: Article } | { full: string };

/** Tries the fast path for one changed file (repository-relative); throws ContentError for a broken article. */
export async function quickUpdate(root: string, prepared: Prepared, file: string, outputDir: string): Promise<QuickResult> {
  if (!file.startsWith(`${ARTICLES_DIR}/`) || !file.endsWith(".md")) return { full: `${file} is not an article` };
  // A new file outside an edition folder, or a FIFO, is for the full build to report.
  if (editionFolderProblem(file, prepared.site.config) || (await notRegularFile(root, file))) return { full: `${file} needs the full check` };
  const old = prepared.site.articles.find((a) => a.file === file);
  if (!old) return { full: `${file} is new or was not shown` };
  let bytes: Buffer;
  try {
    bytes = readFileSync(path.join(root, file));
  } catch {
    return { full: `${file} was removed` };
  }
  const parsed = parseArticle(file, bytes, articleEnv(prepared.site.config, prepared.site.authors));
  if (!parsed.ok) throw new ContentError(parsed.problems);
  const next = parsed.article;
  if (shared(next) !== shared(old)) return { full: `${file} changed what other pages show` };
  if (photoSignature(next) !== photoSignature(old)) return { full: `${file} changed its photos` };
  // Same object, new text: every index that points at it stays valid.
  Object.assign(old, next);
  forgetArticleDigests(old);
  const html = articlePage(renderContext(prepared, assetPaths()), old);
  const target = path.join(outputDir, Urls.outputFile(old.url));
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, html);
  // Feeds carry whole articles: the ones that carry this one are written again too.
  for (const page of collectPages(pagesPlugin, { prepared })) {
    if (FEEDS.has(page.kind) && (page.item as FeedDoc).articles.includes(old)) await writeFile(path.join(outputDir, page.file), page.render());
  }
  return { updated: old.url, article: old };
}
