/**
 * The news-feed column's script (layouts/feed-column.ts), published with a content-hashed name.
 * An article page carries the headlines of its own day; this replaces them with the edition's
 * latest headlines from `data-latest` (src/pages/latest-news.ts), so a new article reaches
 * every article page without rendering them again. Without scripts, or if the file cannot be
 * loaded, the day's headlines stay. No inline script or style: it runs under our
 * Content-Security-Policy (src/render/security.ts).
 */
const column = document.querySelector(".feed-column[data-latest]");
const days = column?.querySelector(".feed-days");

if (column && days) load(column.dataset.latest).catch(() => {});

async function load(url) {
  const response = await fetch(url);
  if (!response.ok) return;
  const latest = await response.json();
  if (!Array.isArray(latest.days) || latest.days.length === 0) return;
  const nodes = latest.days.flatMap((day) => [heading(day), list(day.items)]);
  days.replaceChildren(...nodes);
}

function heading(day) {
  const h3 = document.createElement("h3");
  const a = document.createElement("a");
  const time = document.createElement("time");
  a.href = day.url;
  time.dateTime = day.date;
  time.textContent = day.label;
  a.append(time);
  h3.append(a);
  return h3;
}

function list(items) {
  const ul = document.createElement("ul");
  ul.className = "feed";
  for (const item of items) {
    const li = document.createElement("li");
    const time = document.createElement("time");
    time.dateTime = item.datetime;
    time.textContent = item.time;
    const a = document.createElement("a");
    a.href = item.url;
    if (item.url === location.pathname) a.setAttribute("aria-current", "page");
    if (item.important) {
      const strong = document.createElement("strong");
      strong.textContent = item.title;
      a.append(strong);
    } else a.textContent = item.title;
    li.append(time, " ", a);
    ul.append(li);
  }
  return ul;
}
