/**
 * Pagefind's search index (pagefind.app/docs/node-api/). Records come straight from
 * the model (`addCustomRecord`): one per published article, its headline, lead, body,
 * background and corrections as text, with tag, author and section filters and a date
 * sort. They are sent, and the bundle written, while Eleventy renders: Pagefind (its own process) works on
 * the second core while pages are written; measured on 20k articles, reading the built
 * HTML back instead cost 51 s after rendering. The bundle is written into the build's
 * temp folder before the swap, so a failed build never publishes half an index.
 * Only articles are indexed: archives, lists and the 404 page never are, and drafts
 * and embargoed articles are not in the model. One index per language.
 */

import path from "node:path";
import * as pagefind from "pagefind";
import { formatDateline, utcSortKey } from "../dates.ts";
import { NewsroomError } from "../errors/content-error.ts";
import { SEARCH_BUNDLE_PATH } from "../model/paths.ts";
import { editionOf, type SiteModel } from "../model/site.ts";
import { plainBody, plainText } from "../render/markdown.ts";
import { sectionTitle } from "../render/seo/meta.ts";
import type { Article } from "../schema/article.ts";

/** Pagefind reported problems: the build fails and nothing is published. */
export class SearchIndexError extends NewsroomError {
  override name = "SearchIndexError";
}

export interface SearchIndexStats {
  /** Pages indexed, per language (`en`, `uk` ...). */
  languages: Record<string, number>;
}

export interface SearchIndexJob {
  /** Waits until Pagefind has written the bundle, then stops it. */
  finish(): Promise<SearchIndexStats>;
  /** Stops Pagefind (the build failed). */
  abort(): Promise<void>;
}

function record(site: SiteModel, article: Article) {
  const edition = editionOf(site, article);
  const { config } = edition;
  const text = [
    article.title,
    plainBody(article.body),
    ...(article.background ?? []).map(plainText),
    ...(article.corrections ?? []).map((c) => plainText(c.text)),
  ].join("\n\n");
  return {
    // Site-relative: the search script prefixes the sub-path it was loaded from.
    url: article.url,
    content: text,
    language: config.lang,
    meta: { title: article.title, date: formatDateline(article.date, config.locale) },
    filters: {
      tag: [...article.tags],
      author: article.authors.map((id) => site.authors.get(id)?.name ?? id),
      section: [sectionTitle(site.config, article.section, config.lang)],
    },
    sort: { date: utcSortKey(article.date) },
  };
}

/**
 * Starts indexing every published article in Pagefind's process and writes the bundle
 * into `outputDir` as soon as the last record is in, all while the caller renders pages.
 */
export async function startSearchIndex(site: SiteModel, outputDir: string): Promise<SearchIndexJob> {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw failed(errors);
  const done = Promise.all(site.articles.map((a) => index.addCustomRecord(record(site, a)))).then(async (results) => {
    const addErrors = results.flatMap((r) => r.errors);
    if (addErrors.length) throw failed(addErrors);
    const written = await index.writeFiles({ outputPath: path.join(outputDir, SEARCH_BUNDLE_PATH) });
    if (written.errors.length) throw failed(written.errors);
  });
  // Keep a rejection from surfacing before finish() or abort() looks at it.
  done.catch(() => undefined);
  return {
    async finish() {
      try {
        await done;
        const languages: Record<string, number> = {};
        for (const a of site.articles) {
          const lang = editionOf(site, a).config.lang;
          languages[lang] = (languages[lang] ?? 0) + 1;
        }
        return { languages };
      } finally {
        await pagefind.close();
      }
    },
    async abort() {
      // Let a bundle that is being written finish first, so nothing lands in a folder the build deletes.
      await done.catch(() => undefined);
      await pagefind.close();
    },
  };
}

function failed(errors: readonly string[]): SearchIndexError {
  return new SearchIndexError(`the search index could not be written (Pagefind): ${errors.join("; ") || "no reason given"}`);
}
