/**
 * Every file the build writes claims its place here once: pages by URL, feeds, sitemaps and the
 * host files by path, folders whose files are not known in advance (assets, search index, photos)
 * and files that come and go with the site's size (sitemap parts) by pattern. A second page at a
 * URL is a build error naming both pages; an alias (`aliases`) is checked against all of it, by
 * the file it would write (`/x/index.html` is `/x/`) and by the output's shape: a file cannot be
 * written where a folder is, nor inside a file.
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

export class UrlRegistry {
  /** Output file → what writes it. */
  readonly #owners = new Map<string, string>();
  readonly #reserved: Reserved[] = [];
  /** Folder → a file in it (built on the first check, then kept up to date). */
  #folders: Map<string, string> | undefined;

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

  /** Why a page cannot be written at `url` ("which …"), or undefined. */
  conflict(url: string): string | undefined {
    const file = Urls.outputFile(url);
    const spelled = url.endsWith("/index.html") ? `: ${url} is the page at ${url.slice(0, -"index.html".length)}` : "";
    const owner = this.#owners.get(file);
    if (owner !== undefined) return `which is already used by ${owner}${spelled}`;
    for (const folder of foldersOf(file)) {
      const inside = this.#owners.get(folder);
      if (inside !== undefined) return `which would be a page inside /${folder}, a file the build writes (${inside})`;
    }
    const folders = this.#folderMap();
    const within = folders.get(file);
    if (within !== undefined) return `which would be a file where the build has a folder (/${file}/ holds ${within})`;
    for (const { pattern, what, kind } of this.#reserved) {
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
  }

  #folderMap(): Map<string, string> {
    if (!this.#folders) {
      this.#folders = new Map();
      for (const [file, what] of this.#owners) for (const folder of foldersOf(file)) if (!this.#folders.has(folder)) this.#folders.set(folder, what);
    }
    return this.#folders;
  }
}
