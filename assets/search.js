/**
 * The search page's script (layouts/search.ts), published with a content-hashed name.
 * Runs the GET form's query (`?q=`, `?tag=` ...) against Pagefind's JS API, newest
 * first, and renders results as a list of links. No inline script or style, so it
 * runs under our Content-Security-Policy (src/render/security.ts). Docs: pagefind.app/docs/api/
 *
 * The edition's index is in shards (days of the newest month, months, years; written by
 * src/pipeline/search-index.ts), listed newest first in `data-shards`. Shards never overlap in
 * time, so the results of each shard, sorted by date, follow those of the shard before: each
 * shard is its own Pagefind instance (`createInstance`, all in Pagefind's one web worker), the
 * query runs from the newest shard, and each shard's results are on the page as soon as it and
 * the newer ones answered, until the page is full. The newest shard is asked alone (a query most
 * articles match fills the page from it); while the page is not full, the next shards are asked
 * several at once (`AHEAD`: 2, then 4, up to 8 at a time), so a rare word does not wait on ~30 day
 * shards one after another, and their results still come newest first. Older shards are loaded
 * only when the reader pages that far, or after the first page is shown: then every shard answers
 * once for the count and the filters (summed over the shards, as Pagefind does), and the count is
 * announced.
 */
const PAGE_SIZE = 20;
const FILTERS = ["section", "tag", "author"];
/** Shards asked at most at once, ahead of the page, while it is not full (see the top). */
const AHEAD = 8;

const form = document.querySelector("form.search-form");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.querySelector(".search-more");

/** Fills the filters once (set by start()). */
let filters = async () => {};

/** The current query's results: those fetched but not shown yet, how many are shown, their count once known, whether every shard answered. */
let current = { next: async () => undefined, waiting: [], shown: 0, count: 0, done: true };

if (form && status && list && more) start().catch(() => say(form.dataset.failed ?? ""));

async function start() {
  const shards = JSON.parse(form.dataset.shards ?? "[]");
  const pagefind = shards.length ? await load(shards) : undefined;
  const params = new URLSearchParams(location.search);
  // Filled once, after the first results are shown (they need every shard).
  let filled;
  filters = () => {
    filled ??= fillFilters(pagefind, params);
    return filled;
  };
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

/** One Pagefind instance per shard, made when first asked; results come shard by shard (see the top). */
async function load(shards) {
  // The bundle path comes from the page, so a site under a sub-path (`/news-site/pagefind/`) works.
  const bundle = form.dataset.bundle;
  const baseUrl = form.dataset.base ?? "/";
  const pagefind = await import(`${bundle}pagefind.js`);
  const instances = new Map();
  const instance = (id) => {
    if (!instances.has(id)) instances.set(id, pagefind.createInstance({ basePath: `${bundle}${id}/`, baseUrl }));
    return instances.get(id);
  };
  return {
    /** Every shard's filter values, their counts summed. */
    async filters() {
      const merged = {};
      for (const shard of await Promise.all(shards.map((id) => instance(id).filters())))
        for (const [name, values] of Object.entries(shard)) {
          merged[name] ??= {};
          for (const [value, n] of Object.entries(values)) merged[name][value] = (merged[name][value] ?? 0) + n;
        }
      return merged;
    },
    /** `next()`: the next shard's results, newest first, the shards after it asked meanwhile (undefined when no shard is left); `count()`: how many in all shards. */
    search(query, options) {
      const answers = new Map();
      const results = (id) => {
        if (!answers.has(id))
          answers.set(
            id,
            instance(id)
              .search(query, options)
              .then((answer) => answer.results),
          );
        return answers.get(id);
      };
      let at = 0;
      // Shards asked from `at` on: one at first, twice as many each time the page needs the next, up to AHEAD.
      let ahead = 1;
      return {
        next: async () => {
          if (at >= shards.length) return undefined;
          for (const id of shards.slice(at, at + ahead)) results(id);
          ahead = Math.min(ahead * 2, AHEAD);
          return results(shards[at++]);
        },
        count: async () => (await Promise.all(shards.map(results))).reduce((n, r) => n + r.length, 0),
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

async function run(pagefind, params) {
  const query = (params.get("q") ?? "").trim();
  const wanted = {};
  for (const name of FILTERS) if (params.get(name)) wanted[name] = params.get(name);
  list.replaceChildren();
  more.hidden = true;
  say("");
  const none = { next: async () => undefined, count: async () => 0 };
  // A null query with filters lists everything the filters match. No shards: nothing is published yet.
  const search =
    !query && !Object.keys(wanted).length ? undefined : pagefind ? pagefind.search(query || null, { filters: wanted, sort: { date: "desc" } }) : none;
  const page = { next: search?.next ?? none.next, waiting: [], shown: 0, count: undefined, done: false };
  current = page;
  if (search) await showMore();
  // Then every shard, for the count and the filters; announced (role="status") once both are on the page.
  const [count] = await Promise.all([search?.count(), filters()]);
  if (!search || page !== current) return;
  page.count = count;
  await page.loading;
  if (page !== current) return;
  updateMore(page);
  say(resultCount(count, query || Object.values(wanted).join(", ")));
}

/** Shows the next page of results; clicks in quick succession wait their turn, so the order holds. */
function showMore() {
  const page = current;
  page.loading = (page.loading ?? Promise.resolve()).then(() => nextPage(page));
  return page.loading;
}

/** Up to a page of results, each shard's on the page as soon as it answers. */
async function nextPage(page) {
  let room = PAGE_SIZE;
  while (room > 0) {
    if (!page.waiting.length) {
      const results = await page.next();
      if (!results) {
        page.done = true;
        break;
      }
      page.waiting.push(...results);
      continue;
    }
    const next = page.waiting.splice(0, room);
    const items = await Promise.all(next.map((r) => r.data()));
    // A newer query started meanwhile: its results are on the page, not these.
    if (page !== current) return;
    list.append(...items.map(resultItem));
    page.shown += next.length;
    room -= next.length;
  }
  if (page === current) updateMore(page);
}

/** "More results" while some are left: before the count is known, while a shard may still have some. */
function updateMore(page) {
  more.hidden = page.count === undefined ? page.done && !page.waiting.length : page.shown >= page.count;
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
  excerpt.append(...withoutHeadline(excerptNodes(data.excerpt), data.meta.title));
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

/**
 * The excerpt without the headline it starts with, or the end of it (Pagefind's window may open inside
 * the headline): a record indexes the headline with the text, so a query finds it there, and the
 * result shows it as its link already. A tail counts from two words on, ending where a word ends; the
 * excerpt is kept whole when what is left would be too short to read.
 */
function withoutHeadline(nodes, title) {
  const text = nodes.map((node) => node.textContent ?? "").join("");
  const start = text.length - text.trimStart().length;
  let drop = 0;
  for (let i = 0; title && i < title.length && !drop; i = title.indexOf(" ", i) + 1 || title.length) {
    const tail = title.slice(i);
    if ((i === 0 || tail.includes(" ")) && text.startsWith(tail, start) && !/\S/.test(text.charAt(start + tail.length))) drop = start + tail.length;
  }
  if (!drop || text.slice(drop).trim().length < 20) return nodes;
  const kept = [];
  for (const node of nodes) {
    const t = node.textContent ?? "";
    if (drop >= t.length) {
      drop -= t.length;
      continue;
    }
    if (drop > 0) node.textContent = t.slice(drop);
    drop = 0;
    kept.push(node);
  }
  if (kept[0] && kept[0].nodeName !== "MARK") kept[0].textContent = (kept[0].textContent ?? "").trimStart();
  return kept;
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
