/**
 * `npm run import -- FILE [--edition eng]`: the format is recognised from the file (a WordPress
 * export, an RSS 2.0 or an Atom feed), then the shared writer writes its articles and authors.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { DateTime } from "luxon";
import { NewsroomError } from "../errors/content-error.ts";
import type { Problem } from "../errors/problem.ts";
import { editionLanguages, loadAuthors, loadConfig } from "../model/load.ts";
import type { EditionConfig, SiteConfig } from "../schema/site.ts";
import { readFeed } from "./feed.ts";
import type { ParsedArchive } from "./types.ts";
import { type ImportReport, writeArchive } from "./writer.ts";
import { isWxr, readWxr } from "./wxr.ts";

export interface ImportOptions {
  edition?: string;
  dryRun?: boolean;
  tag?: string;
  author?: string;
  now: DateTime;
}

/** The archive read by the reader its content calls for. */
export function readArchive(text: string, file: string): ParsedArchive {
  const head = text.replace(/^\uFEFF/, "").slice(0, 4000);
  if (isWxr(text)) return readWxr(text, file);
  if (/<rss[\s>]|<feed[\s>]|<rdf:RDF[\s>]/.test(head)) return readFeed(text, file);
  throw new NewsroomError(`${file}: expected a WordPress export (WXR), an RSS 2.0 or an Atom feed, received a file that is none of them`);
}

/** `--edition`, else the edition in the archive's language (`en-US` → the `en` edition). */
function pickEdition(config: SiteConfig, archive: ParsedArchive, requested: string | undefined): EditionConfig {
  const ids = config.editions.map((e) => e.id).join(", ");
  if (requested) {
    const edition = config.editions.find((e) => e.id === requested);
    if (!edition) throw new NewsroomError(`--edition ${requested}: expected one of: ${ids}`);
    return edition;
  }
  const lang = archive.language?.toLowerCase().split(/[-_]/)[0];
  const edition = config.editions.find((e) => e.lang === lang);
  if (!edition) throw new NewsroomError(`expected --edition (one of: ${ids}): the file's language${lang ? ` (${lang})` : ""} names no edition`);
  return edition;
}

export async function importFile(root: string, file: string, options: ImportOptions): Promise<ImportReport> {
  let text: string;
  try {
    text = await readFile(path.resolve(root, file), "utf8");
  } catch (error) {
    throw new NewsroomError(`${file}: could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  const archive = readArchive(text, file);
  const config = await loadConfig(root);
  const edition = pickEdition(config, archive, options.edition);
  // Broken author files are check's business; the importer only needs to know which ids exist.
  const authors = await loadAuthors(root, [] as Problem[], editionLanguages(config));
  return writeArchive(root, config, authors, archive, { ...options, edition });
}
