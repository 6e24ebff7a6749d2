/**
 * Proves that nothing from content can run: scans every page, feed and sitemap in
 * an output folder for script vectors. Our own scripts are allowed by path.
 */
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { type HTMLElement, parse } from "node-html-parser";
import { isSafeUrl } from "../content/markdown.ts";

export interface Finding {
  file: string;
  problem: string;
}

const URL_ATTRIBUTES = ["href", "src", "srcset", "action", "formaction", "xlink:href", "poster", "data"];
const FORBIDDEN_ELEMENTS = ["iframe", "object", "embed", "base", "frame", "frameset", "applet"];
const DATA_SCRIPT_TYPES = new Set(["application/ld+json", "application/json"]);

/** Problems in one HTML document or fragment. `ownScripts` are path prefixes our build may load scripts from. */
export function scanHtml(html: string, file: string, ownScripts: readonly string[] = []): Finding[] {
  const findings: Finding[] = [];
  const root = parse(html, { comment: false });
  for (const el of root.querySelectorAll("*") as HTMLElement[]) {
    const tag = el.tagName.toLowerCase();
    if (FORBIDDEN_ELEMENTS.includes(tag)) findings.push({ file, problem: `<${tag}> element` });
    if (tag === "script") {
      const type = (el.getAttribute("type") ?? "").toLowerCase();
      const src = el.getAttribute("src");
      const own = src !== undefined && ownScripts.some((prefix) => src.startsWith(prefix));
      if (!DATA_SCRIPT_TYPES.has(type) && !own) findings.push({ file, problem: `<script${src ? ` src="${src}"` : ""}> that is not ours` });
    }
    for (const [name, value] of Object.entries(el.attributes)) {
      const attr = name.toLowerCase();
      if (attr.startsWith("on")) findings.push({ file, problem: `${attr}= event handler on <${tag}>` });
      if (URL_ATTRIBUTES.includes(attr)) {
        const urls = attr === "srcset" ? value.split(",").map((c) => c.trim().split(/\s+/)[0] ?? "") : [value];
        for (const url of urls) if (!isSafeUrl(url)) findings.push({ file, problem: `${attr}="${url}" on <${tag}>` });
      }
    }
    if (tag === "meta" && el.getAttribute("http-equiv")?.toLowerCase() === "refresh") {
      const target = /url=(.*)$/i.exec(el.getAttribute("content") ?? "")?.[1] ?? "";
      if (!isSafeUrl(target.trim())) findings.push({ file, problem: `meta refresh to "${target}"` });
    }
  }
  return findings;
}

/** HTML carried inside feeds: Atom/RSS escaped content and JSON Feed `content_html` (its `summary` is plain text, jsonfeed.org 1.1). */
function embeddedHtml(file: string, text: string): string[] {
  if (file.endsWith(".json")) {
    const out: string[] = [];
    JSON.stringify(JSON.parse(text), (key, value) => {
      if (key === "content_html" && typeof value === "string") out.push(value);
      return value;
    });
    return out;
  }
  const decode = (s: string) =>
    s
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#39;|&apos;/g, "'")
      .replace(/&amp;/g, "&");
  const cdata = [...text.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)].map((m) => m[1] ?? "");
  const escaped = [...text.matchAll(/<(content|summary|description|title)\b[^>]*>([\s\S]*?)<\/\1>/g)].map((m) => decode(m[2] ?? ""));
  return [...cdata, ...escaped];
}

export async function scanOutput(dir: string, ownScripts: readonly string[] = ["/pagefind/", "/assets/"]): Promise<Finding[]> {
  const findings: Finding[] = [];
  const entries = (await readdir(dir, { recursive: true })) as string[];
  for (const entry of entries.sort()) {
    const ext = path.extname(entry);
    if (![".html", ".xml", ".json", ".txt"].includes(ext)) continue;
    const text = await readFile(path.join(dir, entry), "utf8");
    const file = entry.split(path.sep).join("/");
    if (ext === ".html") findings.push(...scanHtml(text, file, ownScripts));
    else if (ext !== ".txt") for (const html of embeddedHtml(file, text)) findings.push(...scanHtml(html, file, []));
    if (ext === ".xml" && /<script\b/i.test(text.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, ""))) findings.push({ file, problem: "raw <script> in XML" });
  }
  return findings;
}
