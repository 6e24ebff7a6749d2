/**
 * Every file the build writes claims its place here once: pages by URL, feeds, sitemaps and the
 * host files by path, folders whose files are not known in advance (assets, search index, photos)
 * and files that come and go with the site's size (sitemap parts) by pattern. A second page at a
 * URL is a build error naming both pages; an alias (`aliases`) is checked against all of it, by
 * the file it would write (`/x/index.html` is `/x/`) and by the output's shape: a file cannot be
 * written where a folder is, nor inside a file. An alias is also checked as a case-insensitive
 * file system (macOS, Windows) or a case-folding CDN sees it: `/Old-Path/` is the file
 * `/old-path/` is, so the two clash. Every URL the generator makes is lower-case (slugs, tags,
 * author ids), so only old URLs kept as they were can differ by case alone.
 */
import { NewsroomError } from "../errors/content-error.ts";
import { decodePath } from "../schema/fields.ts";
import { Urls } from "./urls.ts";

export class DuplicateUrlError extends NewsroomError {
  override name = "DuplicateUrlError";
}

/**
 * Old addresses of server scripts (`/story.php`, `/news.aspx`): a static file there would be
 * downloaded rather than shown, so such an alias gets only its `_redirects` line.
 */
export const SCRIPT_EXTENSION = /\.(?:php\d?|phtml|aspx?|jspx?|cfm|cgi)$/i;

/** Where an alias's redirect goes (issue 18: old URLs as they were). */
export interface AliasPlace {
  /** The old path decoded (`/2016/11/sin\u200a-ready/`): what a host looks up on disk. */
  path: string;
  /**
   * The site path of its redirect page: the alias itself for `/old/` and `/old.html`, the folder
   * for a path without a trailing slash (`/find-help/partner-toolkit` → `/find-help/partner-toolkit/`,
   * written as `find-help/partner-toolkit/index.html`: hosts answer the slash-less URL with it);
   * undefined for a server script's address.
   */
  page?: string;
  /** The old URL as browsers request it (percent-encoded), for its `_redirects` line. */
  from: string;
}

/** An alias (valid by the schema) and where its redirect page and `_redirects` line go. */
export function aliasPlace(alias: string): AliasPlace {
  const path = (decodePath(alias) ?? alias).normalize("NFC");
  const from = encodeURI(path);
  if (path.endsWith("/") || /\.html?$/i.test(path)) return { path, page: path, from };
  if (SCRIPT_EXTENSION.test(path)) return { path, from };
  return { path, page: `${path}/`, from };
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The folders a file lies in, outermost first: `eng/news/index.html` → `eng`, `eng/news`. */
function foldersOf(file: string): string[] {
  const folders: string[] = [];
  for (let i = file.indexOf("/"); i !== -1; i = file.indexOf("/", i + 1)) folders.push(file.slice(0, i));
  return folders;
}

interface Reserved {
  /** Tested against output files and against every folder of them. */
  pattern: RegExp;
  what: string;
  kind: "file" | "folder";
}

/** An output path as a host that ignores letter case compares it. */
function fold(file: string): string {
  return file.normalize("NFC").toLowerCase();
}

/** Output files and folders, by path: what the checks compare a new file with (as written, or folded). */
interface Outputs {
  owners: ReadonlyMap<string, string>;
  folders: ReadonlyMap<string, string>;
  reserved: readonly Reserved[];
}

/** Output files and folders folded, with each folded file as first written. */
interface Folded extends Outputs {
  owners: Map<string, string>;
  folders: Map<string, string>;
  reserved: Reserved[];
  written: Map<string, string>;
}

/** Said of a clash that only a host ignoring letter case has. */
const CASELESS = "where letter case is ignored (macOS and Windows file systems, case-folding CDNs), which would serve one for the other";

/** A page's URL from its output file (`old/index.html` → `/old/`), for messages. */
function urlOf(file: string): string {
  return `/${file.replace(/(^|\/)index\.html$/, "$1")}`;
}

export class UrlRegistry {
  /** Output file → what writes it. */
  readonly #owners = new Map<string, string>();
  readonly #reserved: Reserved[] = [];
  /** Folder → a file in it (built on the first check, then kept up to date). */
  #folders: Map<string, string> | undefined;
  /** The same, folded (built on the first check of an alias, then kept up to date). */
  #folded: Folded | undefined;

  /** `what` names the page for the error: `the news feed of edition "uk"`, an article file. */
  claim(url: string, what: string): void {
    const file = Urls.outputFile(url);
    const owner = this.#owners.get(file);
    if (owner !== undefined) {
      throw new DuplicateUrlError(
        `${url} is claimed twice, by ${owner} and by ${what}; change an edition prefix, slug or author id so each page has its own URL`,
      );
    }
    this.#set(file, what);
  }

  /** Claims `url` unless it is taken; returns the owner that already has it. */
  tryClaim(url: string, what: string): string | undefined {
    const owner = this.#owners.get(Urls.outputFile(url));
    if (owner === undefined) this.#set(Urls.outputFile(url), what);
    return owner;
  }

  /** Files the build may write, not known by name in advance (sitemap parts): `pattern` is tested against output paths without a leading slash. */
  reserveFiles(pattern: RegExp, what: string): void {
    this.#reserved.push({ pattern, what, kind: "file" });
  }

  /** A folder whose files only the build writes (`pagefind`, `images`): no page may be written in it. */
  reserveFolder(folder: string, what: string): void {
    this.#reserved.push({ pattern: new RegExp(`^${escapeRegExp(folder)}$`), what, kind: "folder" });
  }

  /**
   * Why a page cannot be written at `url`, as the end of a sentence ("which …"), or undefined
   * when it can; claims it when it can, so a later one conflicts with it.
   */
  claimIfFree(url: string, what: string): string | undefined {
    const problem = this.conflict(url);
    if (problem === undefined) this.#set(Urls.outputFile(url), what);
    return problem;
  }

  /**
   * Why a page cannot be written at `url` ("which …"), or undefined: compared as written, then
   * as a host that ignores letter case would compare it.
   */
  conflict(url: string): string | undefined {
    const file = Urls.outputFile(url);
    const spelled = url.endsWith("/index.html") ? `: ${url} is the page at ${url.slice(0, -"index.html".length)}` : "";
    const exact = this.#conflictIn(file, { owners: this.#owners, folders: this.#folderMap(), reserved: this.#reserved }, spelled);
    if (exact !== undefined) return exact;
    const folded = this.#foldedMaps();
    const twin = folded.written.get(fold(file));
    if (twin !== undefined) return `which is already used by ${this.#owners.get(twin)} at ${urlOf(twin)}, the same page ${CASELESS}`;
    const found = this.#conflictIn(fold(file), folded, "");
    return found === undefined ? undefined : `${found}, ${CASELESS}`;
  }

  #conflictIn(file: string, outputs: Outputs, spelled: string): string | undefined {
    const owner = outputs.owners.get(file);
    if (owner !== undefined) return `which is already used by ${owner}${spelled}`;
    for (const folder of foldersOf(file)) {
      const inside = outputs.owners.get(folder);
      if (inside !== undefined) return `which would be a page inside /${folder}, a file the build writes (${inside})`;
    }
    const within = outputs.folders.get(file);
    if (within !== undefined) return `which would be a file where the build has a folder (/${file}/ holds ${within})`;
    for (const { pattern, what, kind } of outputs.reserved) {
      if (pattern.test(file))
        return kind === "file" ? `which is a file the build may write (${what})` : `which would be a file where the build has a folder (${what})`;
      const folder = foldersOf(file).find((f) => pattern.test(f));
      if (folder === undefined) continue;
      return kind === "file"
        ? `which would be a page inside /${folder}, a file the build may write (${what})`
        : `which is inside /${folder}/, ${what}`;
    }
    return undefined;
  }

  /** What writes the output file `file` (no leading slash), by name or by pattern; undefined when nothing claimed it. */
  ownerOf(file: string): string | undefined {
    const owner = this.#owners.get(file);
    if (owner !== undefined) return owner;
    for (const { pattern, what } of this.#reserved) if (pattern.test(file) || foldersOf(file).some((f) => pattern.test(f))) return what;
    return undefined;
  }

  get size(): number {
    return this.#owners.size;
  }

  #set(file: string, what: string): void {
    this.#owners.set(file, what);
    if (this.#folders) for (const folder of foldersOf(file)) if (!this.#folders.has(folder)) this.#folders.set(folder, what);
    if (this.#folded) this.#fold(this.#folded, file, what);
  }

  #fold(maps: Folded, file: string, what: string): void {
    const folded = fold(file);
    if (!maps.owners.has(folded)) {
      maps.owners.set(folded, what);
      maps.written.set(folded, file);
    }
    for (const folder of foldersOf(folded)) if (!maps.folders.has(folder)) maps.folders.set(folder, what);
  }

  #foldedMaps(): Folded {
    if (!this.#folded) {
      const maps: Folded = { owners: new Map(), folders: new Map(), reserved: [], written: new Map() };
      for (const [file, what] of this.#owners) this.#fold(maps, file, what);
      this.#folded = maps;
    }
    // Reserved names and folders as a host ignoring case matches them (reservations come before aliases, but may come later).
    const { reserved } = this.#folded;
    for (const r of this.#reserved.slice(reserved.length)) reserved.push({ ...r, pattern: new RegExp(r.pattern.source, `${r.pattern.flags}i`) });
    return this.#folded;
  }

  #folderMap(): Map<string, string> {
    if (!this.#folders) {
      this.#folders = new Map();
      for (const [file, what] of this.#owners) for (const folder of foldersOf(file)) if (!this.#folders.has(folder)) this.#folders.set(folder, what);
    }
    return this.#folders;
  }
}
