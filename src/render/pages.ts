/**
 * Eleventy plugin: one paginated virtual template per page type, over data the
 * model built once. Templates are excluded from collections: Eleventy's collection
 * bookkeeping grows with articles × tags (REFERENCE.md §12) and we do not use it.
 */
import path from "node:path";
import { articlePage } from "../../layouts/article.ts";
import type { RenderContext } from "../../layouts/base.ts";
import { bodyRenderer } from "../../layouts/body.ts";
import { redirectPage, redirectsFile } from "../../layouts/redirect.ts";
import type { Prepared } from "../build/prepare.ts";
import { noteRendered, renderPass } from "../build/render-pass.ts";
import { articlesInFeeds } from "../model/feed-lists.ts";
import { LOGO_PATH } from "../model/paths.ts";
import { Urls } from "../model/urls.ts";
import { PROJECT_ROOT } from "../project.ts";
import type { Article } from "../schema/article.ts";
import { type Asset, hashedAsset, LOGO_FILE } from "./assets.ts";
import { BodyCache } from "./body-cache.ts";
import { feedsPlugin } from "./feeds/plugin.ts";
import { listPagesPlugin } from "./list-pages.ts";
import { addPageTemplate } from "./page-template.ts";
import { headersFile } from "./security.ts";
import { sitemapsPlugin } from "./sitemaps/plugin.ts";

/** The slice of Eleventy's config API we use (Eleventy 3 ships no types). */
export interface EleventyConfigApi {
  addTemplate(path: string, content: unknown, data?: unknown): void;
  addPlugin<T>(plugin: (config: EleventyConfigApi, options: T) => void, options: T): void;
  on(event: string, callback: (arg: { dir: { output: string } }) => unknown): void;
  addGlobalData(name: string, value: unknown): void;
  addPassthroughCopy(copy: Record<string, string>): void;
}

interface ArticleData {
  article: Article;
}

export function pagesPlugin(config: EleventyConfigApi, { prepared }: { prepared: Prepared }): void {
  const { site } = prepared;
  const pass = renderPass(site.articles);
  const stylesheet = hashedAsset(PROJECT_ROOT, "assets/site.css");
  const searchScript = hashedAsset(PROJECT_ROOT, "assets/search.js");
  const ctx = { ...renderContext(prepared, { stylesheet: stylesheet.path, searchScript: searchScript.path }), pageCache: pass.pageCache };
  if (pass.rest) everythingButArticles(config, ctx, { stylesheet, "search-script": searchScript });

  config.addTemplate("article.11ty.js", {
    data: {
      pagination: { data: "items", size: 1, alias: "article" },
      items: pass.articles,
      permalink: (data: ArticleData) => Urls.outputFile(data.article.url),
      eleventyExcludeFromCollections: true,
    },
    render: (data: ArticleData) => noteRendered(Urls.outputFile(data.article.url), articlePage(ctx, data.article)),
  });
}

/** What every layout receives: the model, the photos, the hashed assets and a shared body cache. */
export function renderContext({ site, images }: Prepared, assets: { stylesheet: string; searchScript: string }): RenderContext {
  return { site, images, ...assets, bodies: new BodyCache(articlesInFeeds(site.feeds), bodyRenderer(site, images)) };
}

/** The hashed asset paths, computed the way the plugin publishes them. */
export function assetPaths(): { stylesheet: string; searchScript: string } {
  return { stylesheet: hashedAsset(PROJECT_ROOT, "assets/site.css").path, searchScript: hashedAsset(PROJECT_ROOT, "assets/search.js").path };
}

/** Assets, list pages, feeds, sitemaps and redirects: rendered once, in the first pass. */
function everythingButArticles(config: EleventyConfigApi, ctx: RenderContext, assets: Record<string, Asset>): void {
  const { site } = ctx;
  for (const [name, asset] of Object.entries(assets)) {
    config.addTemplate(`${name}.11ty.js`, {
      data: { permalink: asset.path, eleventyExcludeFromCollections: true },
      render: () => asset.content,
    });
  }

  // Logo for structured data and feeds, at a stable path (LOGO_PATH): others link to it.
  config.addPassthroughCopy({ [path.join(PROJECT_ROOT, LOGO_FILE)]: LOGO_PATH.slice(1) });

  config.addPlugin(listPagesPlugin, ctx);
  config.addPlugin(feedsPlugin, ctx);
  config.addPlugin(sitemapsPlugin, ctx);

  // Old URLs of renamed articles: a redirect page each, and one _redirects file for hosts that read it.
  addPageTemplate(config, "redirect", site.pages.redirects, (page) => redirectPage(site, page));
  config.addTemplate("headers-file.11ty.js", {
    data: { permalink: "_headers", eleventyExcludeFromCollections: true },
    render: headersFile,
  });
  config.addTemplate("redirects-file.11ty.js", {
    data: { permalink: "_redirects", eleventyExcludeFromCollections: true },
    render: () => redirectsFile(site, site.pages.redirectRules),
  });
}
