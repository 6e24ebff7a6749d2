/**
 * Rendering in passes: Eleventy keeps every page it renders in memory until its
 * `write()` returns, so a big archive's article pages are rendered in slices, one
 * Eleventy run each (`NEWSROOM_RENDER_SLICE` articles, default 5,000). The first pass
 * also renders everything else (lists, feeds, sitemaps, assets). Output is the same
 * whatever the slice size.
 */
import type { Article } from "../schema/article.ts";
import type { PageCache } from "./page-cache.ts";

export interface RenderPass {
  articles: readonly Article[];
  /** Also render every page that is not an article page. */
  rest: boolean;
  /** List pages whose inputs did not change come from here instead (article pages were filtered before the passes). */
  pageCache?: PageCache;
}

export const DEFAULT_SLICE = 5000;

let current: RenderPass | undefined;

export function setRenderPass(pass: RenderPass | undefined): void {
  current = pass;
}

/** The pass Eleventy is running; when Eleventy is started directly, all in one. */
export function renderPass(articles: readonly Article[]): RenderPass {
  return current ?? { articles, rest: true };
}

export function renderPasses(articles: readonly Article[], slice: number, pageCache?: PageCache): RenderPass[] {
  const size = Number.isInteger(slice) && slice > 0 ? slice : DEFAULT_SLICE;
  const passes: RenderPass[] = [];
  for (let i = 0; i === 0 || i < articles.length; i += size) passes.push({ articles: articles.slice(i, i + size), rest: i === 0, pageCache });
  return passes;
}
