/**
 * Hugo's minimal site over the same Markdown (REFERENCE.md §12): a single layout, one
 * list layout for tag, month and year pages (month and year archives are taxonomies
 * filled from the `years`/`months` lists baseline-copy.ts adds). No feeds or sitemap,
 * like the Eleventy baseline. Articles carry `data-pagefind-body`, so Pagefind run over
 * Hugo's output indexes the articles alone, as our build's search index does.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

const HEAD = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>`;

const FILES: Record<string, string> = {
  "hugo.toml": `baseURL = "https://example.org/"
title = "Bench"
disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]
[taxonomies]
  tag = "tags"
  year = "years"
  month = "months"
`,
  "layouts/_default/single.html": `${HEAD}<article data-pagefind-body><h1>{{ .Title }}</h1><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "2 January 2006, 15:04" }}</time>{{ .Content }}<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul></article></body></html>\n`,
  "layouts/_default/list.html": `${HEAD}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>\n`,
};

/** The installed Hugo's version line, or undefined when `hugo` is not on PATH. */
export function hugoVersion(): string | undefined {
  const result = spawnSync("hugo", ["version"], { encoding: "utf8" });
  if (result.error || result.status !== 0) return undefined;
  return /v(\d+\.\d+\.\d+)/.exec(result.stdout)?.[1] ?? "unknown";
}

/** Pagefind's command-line wrapper from our own dependencies, and its version. */
export function pagefindCommand(projectRoot: string): { command: string; version: string } {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, "node_modules/pagefind/package.json"), "utf8")) as { version: string };
  return { command: path.join(projectRoot, "node_modules/.bin/pagefind"), version: pkg.version };
}

/** Writes the config and layouts; the articles go to `<dir>/content/articles`. */
export function writeHugoSite(dir: string): string {
  for (const [file, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  return path.join(dir, "content/articles");
}
