/** Eleventy plugin: the reader's navigation pages (home, news feed, date archives, tags, authors, search, 404), one template each. */
import { authorPage } from "../../layouts/author.ts";
import { authorIndexPage } from "../../layouts/author-index.ts";
import type { RenderContext } from "../../layouts/base.ts";
import { dayArchivePage } from "../../layouts/day-archive.ts";
import { homePage } from "../../layouts/home.ts";
import { monthArchivePage } from "../../layouts/month-archive.ts";
import { newsFeedPage } from "../../layouts/news-feed.ts";
import { notFoundPage } from "../../layouts/not-found.ts";
import { searchPage } from "../../layouts/search.ts";
import { sectionPage } from "../../layouts/section.ts";
import { tagPage } from "../../layouts/tag.ts";
import { tagIndexPage } from "../../layouts/tag-index.ts";
import { yearArchivePage } from "../../layouts/year-archive.ts";
import type { CACHED_KINDS } from "../build/page-cache.ts";
import { addPageTemplate } from "./page-template.ts";
import type { EleventyConfigApi } from "./pages.ts";

export function listPagesPlugin(config: EleventyConfigApi, ctx: RenderContext): void {
  const { pages } = ctx.site;
  // The many pages of an archive may come from the rendered-page cache; the one-off pages are always rendered.
  const cached = <T extends { url: string }>(kind: (typeof CACHED_KINDS)[number], list: readonly T[]) => ctx.pageCache?.filter(kind, list) ?? list;
  addPageTemplate(config, "home", pages.home, (p) => homePage(ctx, p));
  addPageTemplate(config, "news-feed", cached("news-feed", pages.feed), (p) => newsFeedPage(ctx, p));
  addPageTemplate(config, "year-archive", cached("year-archive", pages.year), (p) => yearArchivePage(ctx, p));
  addPageTemplate(config, "month-archive", cached("month-archive", pages.month), (p) => monthArchivePage(ctx, p));
  addPageTemplate(config, "day-archive", cached("day-archive", pages.day), (p) => dayArchivePage(ctx, p));
  addPageTemplate(config, "tag-index", pages.tagIndex, (p) => tagIndexPage(ctx, p));
  addPageTemplate(config, "tag", cached("tag", pages.tag), (p) => tagPage(ctx, p));
  addPageTemplate(config, "author-index", pages.authorIndex, (p) => authorIndexPage(ctx, p));
  addPageTemplate(config, "author", cached("author", pages.author), (p) => authorPage(ctx, p));
  addPageTemplate(config, "section", cached("section", pages.section), (p) => sectionPage(ctx, p));
  addPageTemplate(config, "not-found", pages.notFound, (p) => notFoundPage(ctx, p));
  addPageTemplate(config, "search", pages.search, (p) => searchPage(ctx, p));
}
