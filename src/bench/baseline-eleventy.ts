/**
 * The minimal Eleventy 3 site of REFERENCE.md §12, the figure to beat: Nunjucks,
 * Markdown articles, one page per tag through Eleventy's own tag collections, and
 * month and year archives from a grouped collection. No pagination inside lists.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const HEAD = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ title or tag or group.key }}</title></head><body>`;
const LIST = `<ul>{% for post in posts %}<li><a href="{{ post.url }}">{{ post.data.title }}</a></li>{% endfor %}</ul></body></html>`;

const FILES: Record<string, string> = {
  "eleventy.config.mjs": `// Minimal Eleventy 3 news site for npm run bench -- --baseline.
function groupBy(items, key) {
  const groups = new Map();
  for (const item of items) {
    const k = key(item);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(item);
  }
  return [...groups].map(([key, items]) => ({ key, items }));
}
// Dates carry +02:00/+03:00 and articles are 08:00-22:59 Kyiv, so the UTC month is the Kyiv month.
export default function (config) {
  config.addCollection("byMonth", (api) => groupBy(api.getFilteredByGlob("articles/**/*.md"), (p) => p.date.toISOString().slice(0, 7)));
  config.addCollection("byYear", (api) => groupBy(api.getFilteredByGlob("articles/**/*.md"), (p) => p.date.toISOString().slice(0, 4)));
  // Markdown is not run through a template engine first (Eleventy's default is Liquid).
  return { dir: { input: ".", output: "_site", includes: "_includes" }, markdownTemplateEngine: false, templateFormats: ["md", "njk"] };
}
`,
  "articles/articles.11tydata.json": `{ "layout": "article.njk" }\n`,
  "_includes/article.njk": `${HEAD}<article><h1>{{ title }}</h1><time datetime="{{ page.date.toISOString() }}">{{ page.date.toISOString() }}</time>{{ content | safe }}<ul>{% for tag in tags %}<li><a href="/tags/{{ tag | slugify }}/">{{ tag }}</a></li>{% endfor %}</ul></article></body></html>\n`,
  "tags.njk": `---
pagination: { data: collections, size: 1, alias: tag, filter: [all, byMonth, byYear] }
permalink: "/tags/{{ tag | slugify }}/"
eleventyExcludeFromCollections: true
---
${HEAD}<h1>{{ tag }}</h1>{% set posts = collections[tag] %}${LIST}
`,
  "months.njk": `---
pagination: { data: collections.byMonth, size: 1, alias: group }
permalink: "/archive/{{ group.key | replace('-', '/') }}/"
eleventyExcludeFromCollections: true
---
${HEAD}<h1>{{ group.key }}</h1>{% set posts = group.items %}${LIST}
`,
  "years.njk": `---
pagination: { data: collections.byYear, size: 1, alias: group }
permalink: "/archive/{{ group.key }}/"
eleventyExcludeFromCollections: true
---
${HEAD}<h1>{{ group.key }}</h1>{% set posts = group.items %}${LIST}
`,
};

/** Writes the site's config and templates; the articles go to `<dir>/articles`. */
export function writeEleventySite(dir: string): string {
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return path.join(dir, "articles");
}
