/**
 * The corpus's Markdown, rewritten for the baseline generators. Eleventy throws on
 * `date: 2025-03-27 13:15` and reads offset-less ISO strings as UTC (REFERENCE.md §2);
 * Hugo wants ISO too. So `date:`/`updated:` become ISO 8601 with the Kyiv offset
 * (`2025-03-27T13:15:00+02:00`), and `years`/`months` lists are added for Hugo's
 * archive taxonomies. Everything else (tags, body) is byte for byte the same.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isoWithOffset, parseNewsroomDate } from "../dates.ts";

const ZONE = "Europe/Kyiv";
const NAIVE = /^(date|updated): (\d{4}-\d{2}-\d{2} \d{2}:\d{2})$/gm;

export function toIsoFrontMatter(text: string): string {
  const end = text.indexOf("\n---", 3);
  const frontMatter = text.slice(0, end).replace(NAIVE, (_, key: string, value: string) => {
    const parsed = parseNewsroomDate(value, ZONE);
    if (!parsed.ok) throw new Error(parsed.message);
    return `${key}: ${isoWithOffset(parsed.value)}`;
  });
  const date = /^date: (\d{4})-(\d{2})/m.exec(frontMatter);
  const archives = date ? `\nyears: ["${date[1]}"]\nmonths: ["${date[1]}-${date[2]}"]` : "";
  return `${frontMatter}${archives}${text.slice(end)}`;
}

/** Copies every article under `corpus/content/articles` into each target folder, rewritten. */
export function copyArticles(corpusDir: string, targets: readonly string[]): number {
  const from = path.join(corpusDir, "content/articles");
  const files = (readdirSync(from, { recursive: true }) as string[]).filter((f) => f.endsWith(".md"));
  const made = new Set<string>();
  for (const file of files) {
    const text = toIsoFrontMatter(readFileSync(path.join(from, file), "utf8"));
    for (const target of targets) {
      const dest = path.join(target, file);
      if (!made.has(path.dirname(dest))) {
        mkdirSync(path.dirname(dest), { recursive: true });
        made.add(path.dirname(dest));
      }
      writeFileSync(dest, text);
    }
  }
  return files.length;
}
