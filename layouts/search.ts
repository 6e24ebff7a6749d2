/**
 * The edition's search page. The form is a plain GET form (`?q=`); assets/search.js
 * runs the query against the edition's Pagefind shards (one per day of its newest month,
 * per earlier month of that year and per older year, src/model/search-shards.ts, written by
 * src/pipeline/search-index.ts; listed newest first in `data-shards`) and fills the filters
 * from them. Not in the sitemap.
 */

import { SEARCH_BUNDLE_PATH, searchUrl } from "../src/model/paths.ts";
import type { SearchView } from "../src/pages/search.ts";
import { html } from "../src/render/html.ts";
import { basePage, type RenderContext } from "./base.ts";
import { editionFor } from "./edition.ts";

/** Pagefind filter names, as the article page marks them (`data-pagefind-filter`). */
const FILTERS = ["section", "tag", "author"] as const;

export function searchPage(ctx: RenderContext, page: SearchView): string {
  const { site } = ctx;
  const edition = editionFor(site, page.edition);
  const { ui, config } = edition;
  const labels = { section: ui.section, tag: ui.tags, author: ui.authors };
  // The preview skips the index for speed (src/pipeline/build.ts): say so instead of failing quietly.
  const main = site.preview
    ? html`<h1>${ui.search}</h1>
<p class="notice">${ui.searchInPreview}</p>`
    : html`<h1>${ui.search}</h1>
<form class="search-form" role="search" action="${site.urls.href(searchUrl(config))}" method="get" data-bundle="${site.urls.href(SEARCH_BUNDLE_PATH)}" data-shards="${JSON.stringify(page.shards)}" data-base="${site.urls.basePath}" data-results="${JSON.stringify(ui.resultCount)}" data-failed="${ui.searchFailed}">
<label for="search-query">${ui.searchLabel}</label>
<div class="search-row">
<input id="search-query" name="q" type="search" autocomplete="off" spellcheck="false">
<button type="submit">${ui.searchButton}</button>
</div>
<div class="search-filters" hidden>
${FILTERS.map(
  (name) => html`<p><label for="filter-${name}">${labels[name]}</label>
<select id="filter-${name}" name="${name}"><option value="">${ui.anyValue}</option></select></p>
`,
)}</div>
</form>
<noscript><p class="notice">${ui.searchNeedsJs}</p></noscript>
<p class="search-status" id="search-status" role="status"></p>
<ol class="search-results" id="search-results"></ol>
<p class="search-more" hidden><button type="button">${ui.moreResults}</button></p>`;
  const head = html`<meta name="robots" content="noindex">
${site.preview ? "" : html`<script type="module" src="${site.urls.href(ctx.searchScript)}"></script>\n`}`;
  return basePage({ ...ctx, edition, path: page.url, title: `${ui.search} | ${config.name}`, description: ui.searchLabel, head }, main);
}
