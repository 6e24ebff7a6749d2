/**
 * The search page's script (layouts/search.ts), published with a content-hashed name.
 * Runs the GET form's query (`?q=`, `?tag=` ...) against Pagefind's JS API, newest
 * first, and renders results as a list of links. No inline script or style, so it
 * runs under our Content-Security-Policy (src/render/security.ts). Docs: pagefind.app/docs/api/
 *
 * The edition's index is in shards, one per month of its newest year and one per older year
 * (src/build/search-index.ts), listed newest first in `data-shards`. The newest is Pagefind's
 * primary index and the others are merged into it (`mergeIndex`), each tagged with a `shard`
 * filter (`mergeFilter`). Pagefind orders merged results by score, not by our date sort, so
 * results are listed shard by shard (the query run again with that filter added): shards never
 * overlap in time, so that is newest first. Every such search still runs in every merged index
 * (Pagefind has no per-index search), so they run only as far as the reader pages: a query first
 * runs once over all shards for the count, and its `shard` filter counts say which shards hold
 * results; the first page usually needs the newest of them alone. Filter counts are summed over
 * the shards, as Pagefind does.
 */
const PAGE_SIZE = 20;
const FILTERS = ["section", "tag", "author"];

const form = document.querySelector("form.search-form");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.querySelector(".search-more");

if (form && status && list && more) start().catch(() => say(form.dataset.failed ?? ""));

async function start() {
  const shards = JSON.parse(form.dataset.shards ?? "[]");
  const pagefind = shards.length ? await load(shards) : undefined;
  const params = new URLSearchParams(location.search);
  await fillFilters(pagefind, params);
  form.elements.namedItem("q").value = params.get("q") ?? "";
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (value) next.set(name, String(value));
    history.replaceState(null, "", `${location.pathname}${next.size ? `?${next}` : ""}`);
    run(pagefind, next);
  });
  await run(pagefind, params);
}

/** Pagefind with every shard of the edition; results come shard by shard (see the top). */
async function load(shards) {
  // The bundle path comes from the page, so a site under a sub-path (`/news-site/pagefind/`) works.
  const bundle = form.dataset.bundle;
  const baseUrl = form.dataset.base ?? "/";
  const pagefind = await import(`${bundle}pagefind.js`);
  const [primary, ...rest] = shards;
  await pagefind.options({ basePath: `${bundle}${primary}/`, baseUrl, mergeFilter: { shard: primary } });
  await Promise.all(rest.map((id) => pagefind.mergeIndex(`${bundle}${id}/`, { baseUrl, mergeFilter: { shard: id } })));
  return {
    filters: () => pagefind.filters(),
    /** The number of results, and `next()`: the next shard's results, newest first; undefined when no shard is left. */
    async search(query, options) {
      const all = await pagefind.search(query, options);
      const counts = all.filters?.shard;
      const left = shards.filter((id) => !counts || counts[id] > 0);
      return {
        count: all.results.length,
        async next() {
          const id = left.shift();
          if (id === undefined) return undefined;
          return (await pagefind.search(query, { ...options, filters: { ...options.filters, shard: id } })).results;
        },
      };
    },
  };
}

/** One select per filter, options from the index with their counts; the current choice kept. */
async function fillFilters(pagefind, params) {
  const available = (await pagefind?.filters()) ?? {};
  let any = false;
  for (const name of FILTERS) {
    const select = form.elements.namedItem(name);
    const values = Object.keys(available[name] ?? {}).sort((a, b) => a.localeCompare(b, document.documentElement.lang));
    for (const value of values) {
      const option = new Option(`${value} (${available[name][value]})`, value);
      option.selected = params.get(name) === value;
      select.append(option);
    }
    any ||= values.length > 0;
  }
  form.querySelector(".search-filters").hidden = !any;
}

/** The current query's results: how many, those fetched but not shown yet, how many are shown, the page being loaded. */
let current = { count: 0, next: async () => undefined, waiting: [], shown: 0 };

async function run(pagefind, params) {
  const query = (params.get("q") ?? "").trim();
  const filters = {};
  for (const name of FILTERS) if (params.get(name)) filters[name] = params.get(name);
  list.replaceChildren();
  more.hidden = true;
  say("");
  if (!query && !Object.keys(filters).length) return;
  // A null query with filters lists everything the filters match. No shards: nothing is published yet.
  const search = pagefind ? await pagefind.search(query || null, { filters, sort: { date: "desc" } }) : { count: 0, next: async () => undefined };
  current = { ...search, waiting: [], shown: 0 };
  await showMore();
  // Announced (role="status") once the first results are on the page.
  say(resultCount(search.count, query || Object.values(filters).join(", ")));
}

/** Shows the next page of results; clicks in quick succession wait their turn, so the order holds. */
function showMore() {
  const page = current;
  page.loading = (page.loading ?? Promise.resolve()).then(() => nextPage(page));
  return page.loading;
}

async function nextPage(page) {
  while (page.waiting.length < PAGE_SIZE && page.shown + page.waiting.length < page.count) {
    const results = await page.next();
    if (!results) {
      page.count = page.shown + page.waiting.length;
      break;
    }
    page.waiting.push(...results);
  }
  const next = page.waiting.splice(0, PAGE_SIZE);
  const items = await Promise.all(next.map((r) => r.data()));
  // A newer query started meanwhile: its results are on the page, not these.
  if (page !== current) return;
  list.append(...items.map(resultItem));
  page.shown += next.length;
  more.hidden = page.shown >= page.count;
}

if (more) more.querySelector("button")?.addEventListener("click", () => showMore());

function resultItem(data) {
  const li = document.createElement("li");
  const h2 = document.createElement("h2");
  const a = document.createElement("a");
  a.href = data.url;
  a.textContent = data.meta.title ?? data.url;
  h2.append(a);
  li.append(h2);
  if (data.meta.date) {
    const date = document.createElement("p");
    date.className = "meta";
    date.textContent = data.meta.date;
    li.append(date);
  }
  const excerpt = document.createElement("p");
  excerpt.className = "excerpt";
  excerpt.append(...excerptNodes(data.excerpt));
  li.append(excerpt);
  return li;
}

/** Pagefind's excerpt is escaped text with `<mark>` around matches: copy only text and marks. */
function excerptNodes(excerpt) {
  const body = new DOMParser().parseFromString(excerpt, "text/html").body;
  return [...body.childNodes].map((node) => {
    if (node.nodeName !== "MARK") return document.createTextNode(node.textContent ?? "");
    const mark = document.createElement("mark");
    mark.textContent = node.textContent;
    return mark;
  });
}

function resultCount(n, query) {
  const forms = JSON.parse(form.dataset.results ?? "{}");
  const rule = new Intl.PluralRules(document.documentElement.lang).select(n);
  const text = forms[rule] ?? forms.other ?? "";
  return text.replace("{n}", String(n)).replace("{q}", query);
}

function say(text) {
  status.textContent = text;
}
