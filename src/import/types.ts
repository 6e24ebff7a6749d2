/** What a format reader makes of an archive file, before the shared writer turns it into articles. */
import type { DateTime } from "luxon";

export interface ImportedAuthor {
  /** How items name this author (a WordPress login, a feed author's name). */
  key: string;
  name: string;
  url?: string;
}

export interface ImportedItem {
  /** How the report names the item: its title, else its address. */
  label: string;
  title: string;
  /** The publication time; `local` when it is a wall-clock time with no zone (a WordPress draft). */
  date?: { value: DateTime; local: boolean };
  updated?: DateTime;
  draft: boolean;
  authorKeys: string[];
  /** Categories first (they also pick the section), then tags. */
  categories: string[];
  tags: string[];
  summary?: string;
  markdown: string;
  /** The slug the old site used (decoded), if any. */
  slug?: string;
  /** The item's address on the old site: its path becomes an alias. */
  oldUrl?: string;
  source?: { name: string; url?: string };
  /** What changed form on the way (embeds made links, …). */
  notes: string[];
}

export interface Skipped {
  label: string;
  reason: string;
}

export interface ListedAttachment {
  url: string;
  /** The item it belongs to, if any. */
  parent?: string;
}

export interface ParsedArchive {
  /** `WordPress export (WXR 1.2)`, `RSS 2.0 feed`, `Atom feed`. */
  format: string;
  kind: "wordpress" | "feed";
  title?: string;
  baseUrl?: string;
  language?: string;
  authors: Map<string, ImportedAuthor>;
  items: ImportedItem[];
  skipped: Skipped[];
  attachments: ListedAttachment[];
}
