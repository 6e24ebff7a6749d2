/**
 * The shared writer of the importers: turns what a format reader found into article files
 * (`content/articles/<edition>/YYYY/MM/<slug>.md`) and author files (`content/authors/<id>.yaml`),
 * cleaning what can be cleaned (control characters, more than 30 tags, over-long titles) and
 * checking each article with the very parser `npm run check` uses before writing it. Nothing
 * that exists is overwritten: a second run reports every article as "skipped: exists".
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { DateTime } from "luxon";
import { parseNewsroomDate } from "../dates.ts";
import { NewsroomError } from "../errors/content-error.ts";
import { bodyImageRefs } from "../images/body-refs.ts";
import { editionLanguages } from "../model/load.ts";
import { ARTICLES_DIR, articleEnv, parseArticle } from "../model/parse-article.ts";
import { everyLanguage, inLanguage } from "../model/per-language.ts";
import { MAX_TAGS, TEMPLATE_TEXTS } from "../schema/article.ts";
import type { Author } from "../schema/author.ts";
import { FORBIDDEN_CHARACTERS, nameCharacter } from "../schema/fields.ts";
import type { EditionConfig, SiteConfig } from "../schema/site.ts";
import { RESERVED_SLUGS, SLUG_PATTERN, slugify } from "../slug.ts";
import { hostOf } from "./html.ts";
import type { ImportedItem, ParsedArchive, Skipped } from "./types.ts";

export const AUTHORS_DIR = "content/authors";

export interface WriteOptions {
  edition: EditionConfig;
  /** Report what would be written, write nothing. */
  dryRun?: boolean;
  /** The tag of items that have none (default: "Uncategorized" for WordPress, the feed's title for feeds). */
  tag?: string;
  /** An existing author id for every item (default: the items' own authors, written as author files). */
  author?: string;
  /** The import's clock: an `updated` later than it is left out, an undated item gets it. */
  now: DateTime;
}

export interface WrittenArticle {
  file: string;
  title: string;
  draft: boolean;
  brief: boolean;
}

export interface ImportReport {
  format: string;
  edition: string;
  dryRun: boolean;
  written: WrittenArticle[];
  skipped: Skipped[];
  authorsWritten: string[];
  authorsKept: string[];
  attachments: ParsedArchive["attachments"];
  /** What changed on the way, per article file. */
  notes: { file: string; message: string }[];
  /** Hosts of the remote images in the written articles: how many images, in how many articles. */
  hosts: Map<string, { images: number; articles: Set<string> }>;
}

const FORBIDDEN_ALL = new RegExp(FORBIDDEN_CHARACTERS.source, "gu");

/** The text without the characters check refuses, and what was removed. */
function stripForbidden(value: string, removed: Map<string, number>): string {
  return value.replace(FORBIDDEN_ALL, (c) => {
    const name = nameCharacter(c);
    removed.set(name, (removed.get(name) ?? 0) + 1);
    return "";
  });
}

function yamlString(value: string): string {
  return JSON.stringify(value);
}

/** Cut at a word boundary within `max` characters, with an ellipsis. */
function shorten(value: string, max: number): string {
  if (value.length <= max) return value;
  const cut = value.slice(0, max - 1);
  const space = cut.lastIndexOf(" ");
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * A time as editors write it (README, "Dates"): the newsroom's wall clock (`2025-03-27 13:15`);
 * with its offset when the wall clock alone would be read as another instant (the autumn hour
 * that happens twice).
 */
export function newsroomDateText(value: DateTime, zone: string, local = false): string {
  const wall = local ? value : value.setZone(zone);
  const plain = wall.toFormat(wall.second ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm");
  if (local) return plain;
  const back = parseNewsroomDate(plain, zone);
  if (back.ok && back.value.toMillis() === wall.startOf("second").toMillis()) return plain;
  return wall.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ");
}

/** The path of an old address, as an alias (`https://old.example/2016/11/29/slug/` → `/2016/11/29/slug/`). */
function aliasOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.pathname && u.pathname !== "/" ? u.pathname : undefined;
  } catch {
    return undefined;
  }
}

interface Draft {
  item: ImportedItem;
  fields: string[];
  body: string;
  file: string;
  title: string;
  draft: boolean;
  brief: boolean;
  notes: string[];
  aliasLine?: number;
}

export async function writeArchive(
  root: string,
  config: SiteConfig,
  existing: ReadonlyMap<string, Author>,
  archive: ParsedArchive,
  options: WriteOptions,
) {
  const { edition, now } = options;
  const zone = edition.timeZone ?? config.timeZone;
  const report: ImportReport = {
    format: archive.format,
    edition: edition.id,
    dryRun: Boolean(options.dryRun),
    written: [],
    skipped: [...archive.skipped],
    authorsWritten: [],
    authorsKept: [],
    attachments: archive.attachments,
    notes: [],
    hosts: new Map(),
  };

  // Authors: an id from the name (transliterated), the first of id, id-2 … that is free or already this person.
  const authorIds = new Map<string, string>();
  const newAuthors = new Map<string, Author & { url?: string }>();
  const taken = new Set(existing.keys());
  const fallbackKey = "\u0000fallback";
  const fallbackName = archive.title ?? (archive.baseUrl ? hostOf(archive.baseUrl) : undefined) ?? "Archive";
  const authorFor = (key: string): string => {
    const known = authorIds.get(key);
    if (known) return known;
    const source = archive.authors.get(key) ?? { key, name: key === fallbackKey ? fallbackName : key };
    const base = slugify(source.name, edition.lang) || slugify(key, edition.lang) || "author";
    let id = base;
    for (let n = 2; ; n++) {
      const mine = existing.get(id) ?? newAuthors.get(id);
      if (!mine && !taken.has(id)) break;
      if (mine && inLanguage(mine.name, edition.lang) === source.name) break;
      id = `${base}-${n}`;
    }
    if (!existing.has(id) && !newAuthors.has(id)) {
      newAuthors.set(id, {
        id,
        name: everyLanguage(source.name, editionLanguages(config)),
        file: `${AUTHORS_DIR}/${id}.yaml`,
        ...(source.url ? { url: source.url } : {}),
      });
      taken.add(id);
    }
    authorIds.set(key, id);
    return id;
  };
  if (options.author && !existing.has(options.author)) {
    throw new NewsroomError(
      `--author ${options.author}: expected the id of an author in ${AUTHORS_DIR}/ (known: ${[...existing.keys()].join(", ") || "none"})`,
    );
  }

  const sectionOf = (names: readonly string[]): string | undefined => {
    for (const name of names) {
      const lower = name.toLowerCase();
      const section = config.sections.find((s) => s.id === lower || Object.values(s.title).some((t) => t.toLowerCase() === lower));
      if (section) return section.id;
    }
    return undefined;
  };

  const paths = new Set<string>();
  const drafts: Draft[] = [];
  for (const item of archive.items) {
    const notes = [...item.notes];
    const removed = new Map<string, number>();
    const clean = (value: string) => stripForbidden(value, removed).trim();
    let title = clean(item.title);
    if (!title) {
      report.skipped.push({ label: item.label, reason: "no title (give it one in the old site and export again)" });
      continue;
    }
    if (title.length > 300) {
      title = shorten(title, 300);
      notes.push("the title was longer than 300 characters: shortened");
    }
    let draft = item.draft;
    let date = item.date;
    if (!date) {
      date = { value: now, local: false };
      draft = true;
      notes.push("no date: dated with the import's time and imported as a draft");
    }
    const dateText = newsroomDateText(date.value, zone, date.local);
    if (date.local) notes.push(`a draft without a publication time: its WordPress time ${dateText} read as ${zone} time`);
    const parsedDate = parseNewsroomDate(dateText, zone);
    const local = parsedDate.ok ? parsedDate.value : date.value.setZone(zone);

    // Tags: categories then tags, one per spelling, at most MAX_TAGS.
    const seen = new Set<string>();
    let tags: string[] = [];
    for (const raw of [...item.categories, ...item.tags]) {
      let tag = clean(raw).replace(/\s+/g, " ");
      if (tag.length > 100) {
        tag = shorten(tag, 100);
        notes.push(`a tag longer than 100 characters shortened to "${tag}"`);
      }
      const key = tag.toLowerCase();
      if (!tag || seen.has(key)) continue;
      seen.add(key);
      tags.push(tag);
    }
    if (tags.length > MAX_TAGS) {
      notes.push(`${tags.length} tags, at most ${MAX_TAGS} allowed: kept the first ${MAX_TAGS}, left out ${tags.slice(MAX_TAGS).join(", ")}`);
      tags = tags.slice(0, MAX_TAGS);
    }
    if (!tags.length) {
      const fallback = clean(options.tag ?? (archive.kind === "wordpress" ? "Uncategorized" : (archive.title ?? "Archive")));
      tags = [fallback];
      notes.push(`no categories or tags: tagged "${fallback}"`);
    }
    const section = sectionOf(item.categories);

    let summary = item.summary ? clean(item.summary) : undefined;
    let body = stripForbidden(item.markdown, removed).replace(/^\s+|\s+$/g, "");
    if (summary && summary.length > 1000) {
      if (body) {
        notes.push("the excerpt was longer than 1000 characters: left out (the first paragraph is the lead)");
        summary = undefined;
      } else {
        body = summary;
        summary = undefined;
        notes.push("the excerpt was longer than 1000 characters: made the text");
      }
    }
    const brief = !body;
    if (brief && !summary && !item.source?.url) {
      report.skipped.push({ label: item.label, reason: "no text, no excerpt and no link" });
      continue;
    }
    if (
      !draft &&
      Object.values(TEMPLATE_TEXTS)
        .flatMap((t) => Object.values(t) as string[])
        .some((p) => body.includes(p) || summary === p)
    ) {
      draft = true;
      notes.push("holds the text of the new-article template, which only a draft may keep: imported as a draft");
    }
    for (const [name, count] of removed) notes.push(`removed ${count > 1 ? `${count}× ` : ""}${name}`);

    const authors = options.author ? [options.author] : [...new Set((item.authorKeys.length ? item.authorKeys : [fallbackKey]).map(authorFor))];
    let updated: string | undefined;
    if (item.updated && item.updated > date.value && item.updated <= now) updated = newsroomDateText(item.updated, zone);

    // The file: the old slug (or the title) transliterated, in the month of its Kyiv date.
    let slug = slugify(item.slug ?? "", edition.lang) || slugify(title, edition.lang) || "article";
    if (RESERVED_SLUGS.has(slug)) slug = `${slug}-article`;
    const folder = path.posix.join(ARTICLES_DIR, edition.id, local.toFormat("yyyy"), local.toFormat("MM"));
    let file = `${folder}/${slug}.md`;
    for (let n = 2; paths.has(file); n++) file = `${folder}/${slug}-${n}.md`;
    paths.add(file);

    const fields = [`title: ${yamlString(title)}`, `date: ${dateText}`];
    if (updated) fields.push(`updated: ${updated}`);
    fields.push(`authors: [${authors.map(yamlString).join(", ")}]`, `tags: [${tags.map(yamlString).join(", ")}]`);
    if (section) fields.push(`section: ${section}`);
    if (summary) fields.push(`summary: ${yamlString(summary)}`);
    if (item.source) {
      fields.push("source:", `  name: ${yamlString(clean(item.source.name))}`);
      if (item.source.url) fields.push(`  url: ${yamlString(item.source.url)}`);
    }
    const alias = aliasOf(item.oldUrl);
    let aliasLine: number | undefined;
    if (alias) {
      aliasLine = fields.length;
      fields.push(`aliases: [${yamlString(alias)}]`);
    }
    if (draft) fields.push("draft: true");
    drafts.push({ item, fields, body, file, title, draft, brief, notes, aliasLine });
  }

  // Each article is checked by the parser `npm run check` uses, with the authors it will have.
  const allAuthors = new Map<string, Author>([...existing, ...newAuthors]);
  const env = articleEnv(config, allAuthors, now);
  const usedAuthors = new Set<string>();
  for (const d of drafts) {
    const text = () => `---\n${d.fields.join("\n")}\n---\n${d.body ? `${d.body}\n` : ""}`;
    if (existsSync(path.join(root, d.file))) {
      report.skipped.push({ label: `${d.item.label} (${d.file})`, reason: "exists" });
      continue;
    }
    let parsed = parseArticle(d.file, Buffer.from(text()), env);
    if (!parsed.ok && d.aliasLine !== undefined && parsed.problems.every((p) => p.field.startsWith("aliases"))) {
      d.notes.push(`its old address ${d.item.oldUrl} is not a path this site can redirect from: no alias`);
      d.fields.splice(d.aliasLine, 1);
      parsed = parseArticle(d.file, Buffer.from(text()), env);
    }
    if (!parsed.ok) {
      report.skipped.push({
        label: `${d.item.label} (${d.file})`,
        reason: `would not pass npm run check: ${parsed.problems.map((p) => `${p.line ? `line ${p.line}: ` : ""}${p.field ? `${p.field}: ` : ""}${p.message}`).join("; ")}`,
      });
      continue;
    }
    for (const ref of bodyImageRefs(d.body, 1)) {
      const host = /^https?:/i.test(ref.src) ? hostOf(ref.src) : undefined;
      if (host) {
        const entry = report.hosts.get(host) ?? { images: 0, articles: new Set<string>() };
        entry.images++;
        entry.articles.add(d.file);
        report.hosts.set(host, entry);
      }
    }
    if (!options.dryRun) {
      await mkdir(path.dirname(path.join(root, d.file)), { recursive: true });
      await writeFile(path.join(root, d.file), text(), { flag: "wx" });
    }
    for (const id of parsed.article.authors) usedAuthors.add(id);
    report.written.push({ file: d.file, title: d.title, draft: d.draft, brief: d.brief });
    for (const message of d.notes) report.notes.push({ file: d.file, message });
  }

  for (const id of [...usedAuthors].sort()) {
    const author = newAuthors.get(id);
    if (!author) {
      report.authorsKept.push(`${AUTHORS_DIR}/${id}.yaml`);
      continue;
    }
    const file = path.join(root, author.file);
    if (existsSync(file)) {
      report.authorsKept.push(author.file);
      continue;
    }
    if (!SLUG_PATTERN.test(id)) throw new NewsroomError(`author id "${id}" is not a valid id`);
    // A new author's name is the one the archive gave, the same in every edition.
    const lines = [`name: ${yamlString(inLanguage(author.name, edition.lang))}`];
    if (author.url) lines.push(`url: ${yamlString(author.url)}`);
    if (!options.dryRun) {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, `${lines.join("\n")}\n`, { flag: "wx" });
    }
    report.authorsWritten.push(author.file);
  }
  return report;
}

/** The report as the command prints it. */
export function formatImportReport(report: ImportReport, source: string): string {
  const out: string[] = [];
  const would = report.dryRun ? "would be " : "";
  out.push(`${source}: ${report.format}, into the ${report.edition} edition${report.dryRun ? " (dry run: nothing written)" : ""}`);
  const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
  out.push(`${would}imported: ${count(report.written.length, "article")}`);
  for (const w of report.written) {
    const kind = [w.draft ? "draft" : "", w.brief ? "brief" : ""].filter(Boolean).join(", ");
    out.push(`  ${w.file}${kind ? `  (${kind})` : ""}`);
  }
  if (report.authorsWritten.length) {
    out.push(`${would}written: ${count(report.authorsWritten.length, "author file")}`);
    for (const f of report.authorsWritten) out.push(`  ${f}`);
  }
  if (report.authorsKept.length) out.push(`authors already there (not overwritten): ${report.authorsKept.join(", ")}`);
  out.push(`skipped: ${report.skipped.length}`);
  for (const s of report.skipped) out.push(`  skipped: ${s.reason}  ${s.label}`);
  if (report.notes.length) {
    out.push("notes:");
    const byFile = new Map<string, Map<string, number>>();
    for (const n of report.notes) {
      const messages = byFile.get(n.file) ?? new Map<string, number>();
      messages.set(n.message, (messages.get(n.message) ?? 0) + 1);
      byFile.set(n.file, messages);
    }
    for (const [file, messages] of byFile) {
      for (const [message, n] of messages) out.push(`  ${file}: ${message}${n > 1 ? ` (${n}×)` : ""}`);
    }
  }
  if (report.attachments.length) {
    out.push(`attachments (media files of the export, not downloaded): ${report.attachments.length}`);
    for (const a of report.attachments) out.push(`  ${a.url}${a.parent ? `  (of ${a.parent.startsWith('"') ? a.parent : `"${a.parent}"`})` : ""}`);
  }
  if (report.hosts.size) {
    out.push(
      `remote images: ${count(report.hosts.size, "host")}; list them under remoteImages.hosts in content/site.config.ts, or download the images with npm run images:localise`,
    );
    for (const [host, { images, articles }] of [...report.hosts].sort((a, b) => a[0].localeCompare(b[0]))) {
      out.push(`  ${host}  (${count(images, "image")} in ${count(articles.size, "article")})`);
    }
  }
  if (report.written.length && !report.dryRun) out.push("next: npm run check");
  return out.join("\n");
}
