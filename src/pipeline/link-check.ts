/**
 * Finds internal links that lead nowhere: every `href`, `src` and `srcset` URL in every HTML
 * file of an output folder that starts with `/`, or is relative (`../other/`, `nope.html`,
 * resolved against the page's own URL as a browser does), must name a file in it (`/x/` means
 * `x/index.html`). Reads the folder, writes nothing; the build can run it after rendering.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { factsOfBody } from "../content/body-facts.ts";
import { md } from "../content/markdown.ts";
import type { Problem } from "../errors/problem.ts";
import type { SiteModel } from "../model/site.ts";
import { Urls } from "../model/urls.ts";

export interface BrokenLink {
  /** The HTML file, relative to the output folder, with forward slashes. */
  page: string;
  /** The link as written in the page. */
  href: string;
  /** A relative link's site path, resolved against the page (`../x/` on `/a/b/` → `/a/x/`). */
  resolved?: string;
}

/** Links already known for some pages (the rendered-page cache), and where to note the ones found. */
export interface KnownLinks {
  linksOf(page: string): readonly string[] | undefined;
  noteLinks(page: string, links: readonly string[]): void;
  /**
   * Of the pages whose links are kept (the page cache's), those with a link leading to one of
   * `going.files`, and those whose links are not kept: without it, a build deleting a file some page
   * links to checks every page.
   */
  linking?(going: GoingFiles): { linking: ReadonlySet<string>; unknown: (page: string) => boolean };
}

/** The files a build deletes, as `KnownLinks.linking` looks for links to them. */
export interface GoingFiles {
  /** Output files, relative to the site folder (`eng/x/index.html`). */
  files: ReadonlySet<string>;
  /** The site's sub-path that links start with (`/`, `/news-site/`). */
  basePath: string;
  /**
   * Whether the link `href` on `page` leads to one of `files`: for a site-absolute link, exactly
   * `files.has(targetFile(href, basePath))` (the page cache's index of kept links looks the files up
   * in the targets it resolved so; without an index, or for a relative link, it asks this).
   */
  leadsTo(href: string, page: string): boolean;
}

/** What the published site holds (src/pipeline/live-record.ts `LiveFiles`): file → cache entry or "", and the files its pages link to, when known. */
export interface LiveSite extends ReadonlyMap<string, string> {
  /** The files its pages link to (a superset), when known. */
  readonly linked?: { has(file: string): boolean };
  /** Whether `file` is published as a link of `source`: `get(file) === source`, where the site can tell without making the path. */
  holds?(file: string, source: string): boolean;
  /** Its files, those moved in last first (else `keys()` is used): the files a build deletes are most often those a recent build moved in. */
  newestFirst?(): Iterable<string>;
}

/** The files the site's pages link to, as a change to the published site's (`LiveSite.linked`): those that go, then those that come. */
export interface LinkedChange {
  added: readonly string[];
  removed: readonly string[];
}

export interface LinkCheck {
  broken: BrokenLink[];
  /**
   * The files the site's pages link to, once published, when every page was checked: exactly those
   * of the pages checked. Else undefined, and `linkedChange` says how they differ from the published
   * site's (`LiveSite.linked`).
   */
  linked: readonly string[] | undefined;
  /**
   * When some unchanged pages were not checked and the published site's linked files are known: of
   * those, the files that go are removed, and this build's links not among them added (a superset: a
   * file still published that no page links to any more stays until a check of every page). Both
   * undefined: not known.
   */
  linkedChange?: LinkedChange;
  /** HTML pages checked (the rest were unchanged published pages whose every link still leads to a file). */
  checked: number;
  /** Given the published site: its files the checked site does not hold (those a publish then deletes are among them). */
  going?: ReadonlySet<string>;
  /**
   * Given the published site: the placed files it does not hold as they are (`LiveSite.holds`), in their order:
   * those a publish links in (src/pipeline/output.ts `planCommit`), without going through every placed file again.
   */
  differing?: string[];
}

/**
 * Above this many pages to check whose links are not known (a placed page the live site does not
 * hold as it is), they come from `known` (the page cache's table, read whole); below it, each is
 * read from its file, which costs less than reading the table.
 */
const READ_PAGES_UP_TO = 2000;

/**
 * `basePath` is the site's sub-path (`/` or `/news-site/`): links must start with it. `placed`: files
 * the site will also hold, not in the folder (output file → the file it is a link of). `live`: what the
 * published site holds (src/pipeline/output.ts): a placed page that is the live one is not checked
 * again when no file it may link to goes (its links led to files that all exist). Which files may be
 * linked to is known from `live.linked`; without it, only a build that deletes nothing skips them.
 * When a file some page links to goes, `known.linking` names the unchanged pages that link to it,
 * which are checked with those the build wrote; without it, every page is.
 */
export async function checkLinks(
  outputDir: string,
  basePath = "/",
  known?: KnownLinks,
  placed?: ReadonlyMap<string, string>,
  live?: LiveSite,
): Promise<LinkCheck> {
  // Synchronous, and paths cut rather than resolved: a third of the time for ~80,000 entries at 20k.
  const root = path.resolve(outputDir);
  const files = readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => {
      const relative = d.parentPath === root ? d.name : `${d.parentPath.slice(root.length + 1)}/${d.name}`;
      return path.sep === "/" ? relative : relative.split(path.sep).join("/");
    });
  // The site is the files in the folder and those placed: looked up in both rather than copied into one set of every file.
  const inFolder = new Set(files);
  const existing = { has: (file: string) => inFolder.has(file) || (placed?.has(file) ?? false) };
  // The same few thousand links (navigation, tags, authors) recur on every page: resolve each once.
  const resolves = new Map<string, string | undefined>();
  const resolve = (href: string, page: string): string | undefined => {
    if (!href.startsWith("/")) {
      const resolved = resolveRelative(href, page, basePath);
      return resolved === undefined ? undefined : targetFile(resolved, basePath);
    }
    let target = resolves.get(href);
    if (target === undefined && !resolves.has(href)) {
      target = targetFile(href, basePath);
      resolves.set(href, target);
    }
    return target;
  };
  // The HTML pages: those the build wrote (in the folder, not placed) are always checked.
  const pages = files.filter((f) => f.endsWith(".html") && !placed?.has(f));
  let html = pages.length;
  // Placed files, in one pass: those the live site holds as they are (pages among them `held`, skipped
  // when no file they may link to goes), the others (`differing`) checked if pages and linked in by the
  // publish. In the same pass, how many of the live site's files the new site holds: when that is all of
  // them, no file goes, and the live site's files are not gone through one by one (a warm build at 100k:
  // ~240,000 of them).
  const going = new Set<string>();
  const held: string[] = [];
  const differing: string[] = [];
  if (live && placed) {
    const holds = live.holds
      ? (page: string, source: string) => live.holds?.(page, source) ?? false
      : (page: string, source: string) => live.get(page) === source && live.has(page);
    let present = 0;
    for (const [file, source] of placed) {
      const isPage = file.endsWith(".html");
      if (isPage) html++;
      if (holds(file, source)) {
        present++;
        if (isPage) held.push(file);
        continue;
      }
      differing.push(file);
      if (isPage) pages.push(file);
      if (live.has(file)) present++;
    }
    for (const file of files) if (!placed.has(file) && live.has(file)) present++;
    // Files the published site holds that this build does not: a page linking to one must be checked.
    // There are `live.size - present` of them (a few in a typical build: a day's search shard's old
    // fragments, which a recent build moved in: looked for from the newest).
    const gone = live.size - present;
    if (gone > 0)
      for (const file of live.newestFirst?.() ?? live.keys()) {
        if (existing.has(file)) continue;
        going.add(file);
        if (going.size === gone) break;
      }
    const liveLinked = live.linked;
    const linkedGone = liveLinked ? [...going].some((file) => liveLinked.has(file)) : going.size > 0;
    if (linkedGone) {
      if (live.linked && known?.linking) {
        // Pages linking to a file that goes are found in the kept links (looked up in their index of targets), not read.
        const { linking, unknown } = known.linking({
          files: going,
          basePath,
          leadsTo: (href, page) => {
            const target = resolve(href, page);
            return target !== undefined && going.has(target);
          },
        });
        for (const page of held) if (linking.has(page) || unknown(page)) pages.push(page);
      } else pages.push(...held);
    }
  } else if (placed) {
    for (const file of placed.keys()) if (file.endsWith(".html")) pages.push(file);
    html = pages.length;
  }
  pages.sort();
  const skipped = pages.length < html;
  const broken: BrokenLink[] = [];
  const linked = new Set<string>();
  const unknown = placed ? pages.filter((page) => placed.has(page)).length : 0;
  for (const page of pages) {
    const source = placed?.get(page);
    // A page this build rendered has its links noted; a placed one is read, unless there are many.
    let links = source === undefined || unknown > READ_PAGES_UP_TO ? known?.linksOf(page) : undefined;
    if (!links) {
      links = internalLinks(readFileSync(source ?? path.join(outputDir, page), "utf8"));
      known?.noteLinks(page, links);
    }
    for (const href of links) {
      // Relative links are rare (article text): resolved per page.
      const target = resolve(href, page);
      if (target !== undefined) linked.add(target);
      if (target !== undefined && existing.has(target)) continue;
      if (href.startsWith("/")) broken.push({ page, href });
      else broken.push({ page, href, resolved: resolveRelative(href, page, basePath) ?? href });
    }
  }
  const seen = live && placed ? { going, differing } : {};
  if (!skipped) return { broken, linked: [...linked], checked: pages.length, ...seen };
  const liveLinked = live?.linked;
  if (!liveLinked) return { broken, linked: undefined, checked: pages.length, ...seen };
  // The published site's less the files that go (no page kept links to them), and this build's not among them: in proportion to the change.
  const linkedChange = { added: [...linked].filter((file) => !liveLinked.has(file)), removed: [...going].filter((file) => liveLinked.has(file)) };
  return { broken, linked: undefined, linkedChange, checked: pages.length, ...seen };
}

/** `checkLinks`, its broken links alone. */
export async function findBrokenLinks(
  outputDir: string,
  basePath = "/",
  known?: KnownLinks,
  placed?: ReadonlyMap<string, string>,
  live?: LiveSite,
): Promise<BrokenLink[]> {
  return (await checkLinks(outputDir, basePath, known, placed, live)).broken;
}

const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** Links into the site: site-absolute (`/eng/`) or relative (`../x/`); `//host`, `https:`, `mailto:` … and `#top` are not. */
function isInternal(url: string): boolean {
  return url !== "" && !url.startsWith("#") && !url.startsWith("//") && !HAS_SCHEME.test(url);
}

/** Internal URLs in a page's attributes, in order, as written (relative ones too). */
export function internalLinks(htmlText: string): string[] {
  const links: string[] = [];
  const value = new Int32Array(2);
  for (let eq = htmlText.indexOf("="); eq !== -1; ) {
    const name = attributeAt(htmlText, eq, value);
    if (name === 0) {
      eq = htmlText.indexOf("=", eq + 1);
      continue;
    }
    const end = value[1] as number;
    eq = htmlText.indexOf("=", end + 1);
    let text = htmlText.slice(value[0], end);
    if (text.includes("&")) text = decodeEntities(text);
    if (name === 6) {
      // srcset: candidates separated by commas, each a URL and an optional descriptor.
      for (const candidate of text.split(",")) {
        const url = candidate.trim().split(/\s+/)[0] ?? "";
        if (isInternal(url)) links.push(url);
      }
    } else {
      const url = text.trim();
      if (isInternal(url)) links.push(url);
    }
  }
  return links;
}

/**
 * The attribute whose `=` is at `eq`, when it is an `href`, `src` or `srcset` (any case) after white
 * space, with a quoted value: its name's length (0: none such), its value's bounds (the quotes
 * excluded) set in `value` (start, end). What
 * the pattern `\s(href|src|srcset)\s*=\s*(?:"([^"]*)"|'([^']*)')` (flags `gi`) matches, found from each
 * `=` instead of tried at every character: a cold 20k build noted ~1.5 GB of match arrays, ~12% of
 * what its thread allocated (issue 19). `internalLinks` looks for the next `=` after the value.
 */
function attributeAt(text: string, eq: number, value: Int32Array): number {
  let nameEnd = eq;
  while (nameEnd > 0 && isSpace(text.charCodeAt(nameEnd - 1))) nameEnd--;
  let name = 0;
  for (const candidate of ATTRIBUTE_NAMES) {
    const start = nameEnd - candidate.length;
    if (start >= 1 && isSpace(text.charCodeAt(start - 1)) && sameLetters(text, start, candidate)) {
      name = candidate.length;
      break;
    }
  }
  if (name === 0) return 0;
  let open = eq + 1;
  while (open < text.length && isSpace(text.charCodeAt(open))) open++;
  const quote = text.charCodeAt(open);
  if (quote !== 34 && quote !== 39) return 0;
  const close = text.indexOf(quote === 34 ? '"' : "'", open + 1);
  if (close === -1) return 0;
  value[0] = open + 1;
  value[1] = close;
  return name;
}

const ATTRIBUTE_NAMES = ["srcset", "href", "src"] as const;

/** Whether `text` holds `lower` (ASCII lower-case letters) at `at`, in any case. */
function sameLetters(text: string, at: number, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) if ((text.charCodeAt(at + i) | 0x20) !== lower.charCodeAt(i)) return false;
  return true;
}

/** A regular expression's `\s`: ECMAScript's white space and line terminators. */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * The site path a relative link on `page` (an output file, `eng/x/index.html`) leads to, as a
 * browser resolves it: `../y/` → `/eng/y/` (with the base sub-path); undefined when it is no URL.
 */
export function resolveRelative(href: string, page: string, basePath = "/"): string | undefined {
  try {
    const url = new URL(href, `https://site.invalid${basePath}${page.split("/").map(encodeURIComponent).join("/")}`);
    return url.pathname + url.search + url.hash;
  } catch {
    return undefined;
  }
}

/** The output file a link needs, or undefined when it lies outside the site's base path. */
export function targetFile(href: string, basePath = "/"): string | undefined {
  const pathOnly = href.replace(/[?#].*$/, "");
  if (!pathOnly.startsWith(basePath)) return undefined;
  let relative: string;
  try {
    relative = decodeURIComponent(pathOnly.slice(basePath.length));
  } catch {
    return undefined;
  }
  return Urls.outputFile(relative);
}

function decodeEntities(value: string): string {
  return value.replace(/&(amp|quot|#39|lt|gt);/g, (_, e: string) => ({ amp: "&", quot: '"', "#39": "'", lt: "<", gt: ">" })[e] as string);
}

/** What follows `](` when the link target is relative (`../x/`, `nope.html`): no scheme, `/`, `#` or empty target. */
/**
 * Relative links in published articles' text that lead to no file the build writes, for
 * `npm run check` (the build's link check then finds the rest, such as a link to an article
 * still under embargo). Bodies without a relative link target are not parsed. Images are not
 * links: they are rewritten to the processed photos (src/images).
 */
export function bodyLinkProblems(site: SiteModel): Problem[] {
  const problems: Problem[] = [];
  for (const article of site.articles) {
    if (!factsOfBody(article).relativeLinks) continue;
    const page = Urls.outputFile(article.url);
    for (const block of md.parse(article.body, {})) {
      if (block.type !== "inline" || !block.children || !block.map) continue;
      let line = article.bodyStartLine + block.map[0];
      for (const child of block.children) {
        if (child.type === "softbreak" || child.type === "hardbreak") line++;
        const href = child.type === "link_open" ? String(child.attrGet("href") ?? "") : "";
        if (!isInternal(href) || href.startsWith("/")) continue;
        const resolved = resolveRelative(href, page);
        const target = resolved === undefined ? undefined : targetFile(resolved);
        if (target !== undefined && site.pages.outputs.ownerOf(target) !== undefined) continue;
        problems.push({
          file: article.file,
          line,
          field: "body",
          message: `expected a link to a page of the site, received "${href}", which leads to ${resolved ?? "nowhere"}, where the build writes nothing`,
          severity: "error",
        });
      }
    }
  }
  return problems;
}
