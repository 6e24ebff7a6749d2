/**
 * Pagefind's search index (pagefind.app/docs/node-api/), written into the build's temp
 * folder before the swap, so a failed build never publishes half an index. Pagefind
 * indexes only pages marked `data-pagefind-body` (article pages, layouts/article.ts),
 * one index per `<html lang>`; drafts and embargoed articles are never in the output.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import * as pagefind from "pagefind";
import { NewsroomError } from "../errors/content-error.ts";
import { SEARCH_BUNDLE_PATH } from "../model/paths.ts";

/** Pagefind reported problems: the build fails and nothing is published. */
export class SearchIndexError extends NewsroomError {
  override name = "SearchIndexError";
}

export interface SearchIndexStats {
  /** Pages indexed, per language (`en`, `uk` ...). */
  languages: Record<string, number>;
}

/** `articles`: how many article pages the output has. With none, no page is marked and Pagefind would index every page. */
export async function writeSearchIndex(outputDir: string, articles: number): Promise<SearchIndexStats> {
  const { index, errors } = await pagefind.createIndex({});
  if (!index) throw failed(errors);
  try {
    const added = articles > 0 ? await index.addDirectory({ path: outputDir }) : { errors: [], page_count: 0 };
    if (added.errors.length) throw failed(added.errors);
    const bundle = path.join(outputDir, SEARCH_BUNDLE_PATH);
    const written = await index.writeFiles({ outputPath: bundle });
    if (written.errors.length) throw failed(written.errors);
    const entry = JSON.parse(await readFile(path.join(bundle, "pagefind-entry.json"), "utf8")) as {
      languages: Record<string, { page_count: number }>;
    };
    return { languages: Object.fromEntries(Object.entries(entry.languages).map(([lang, l]) => [lang, l.page_count])) };
  } finally {
    // The service is a child process: stop it, or the build's Node process would not exit.
    await pagefind.close();
  }
}

function failed(errors: readonly string[]): SearchIndexError {
  return new SearchIndexError(`the search index could not be written (Pagefind): ${errors.join("; ") || "no reason given"}`);
}
