/**
 * The static pages, `content/pages/<edition>/<name>.md`: read, validated and typed like articles
 * (every problem with its file, line and field), each published at its edition's prefix and
 * name (`content/pages/eng/about.md` → `/eng/about/`). Pages with one file name in several
 * editions are versions of one page: they carry `hreflang` links to one another.
 */

import { readFileSync } from "node:fs";
import path from "node:path";
import { listFiles } from "../content/files.ts";
import { decodeUtf8, parseFrontMatter } from "../content/front-matter.ts";
import { firstParagraph, MAX_NESTING, md, tooDeepLine, typography } from "../content/markdown.ts";
import { yamlFieldLines } from "../content/yaml-positions.ts";
import type { Problem } from "../errors/problem.ts";
import { describeForbidden, forbiddenCharacter } from "../schema/fields.ts";
import { issuesToProblems, knownKeysOf } from "../schema/issues.ts";
import { type PageFields, pageSchema, type StaticPage } from "../schema/page.ts";
import type { SiteConfig } from "../schema/site.ts";
import { SLUG_PATTERN, slugify } from "../slug.ts";
import type { HreflangLink } from "./translations.ts";

export const PAGES_DIR = "content/pages";

/** Every valid page in file order; problems are added to `problems`. */
export async function loadStaticPages(root: string, config: SiteConfig, problems: Problem[]): Promise<StaticPage[]> {
  const files = await listFiles(root, PAGES_DIR, ".md", problems);
  const pages: StaticPage[] = [];
  for (const file of files) {
    const page = parseStaticPage(file, readFileSync(path.join(root, file)), config, problems);
    if (page) pages.push(page);
  }
  return pages;
}

export function parseStaticPage(file: string, bytes: Uint8Array, config: SiteConfig, problems: Problem[]): StaticPage | undefined {
  const fail = (line: number | undefined, message: string, field = "", column?: number) => {
    problems.push({ file, line, column, field, message, severity: "error" });
  };
  const rest = file.slice(PAGES_DIR.length + 1).split("/");
  const edition = config.editions.find((e) => e.id === rest[0]);
  if (!edition || rest.length !== 2) {
    const folders = config.editions.map((e) => `${PAGES_DIR}/${e.id}/`).join(", ");
    fail(
      1,
      `expected a page directly in an edition's folder (${folders}), received ${rest.length === 1 ? `a file directly in ${PAGES_DIR}/` : `the folder "${rest.slice(0, -1).join("/")}"`}`,
    );
    return undefined;
  }
  const name = path.basename(file, ".md");
  if (!SLUG_PATTERN.test(name)) {
    const suggestion = slugify(name, edition.lang);
    fail(
      1,
      `expected a file name of lowercase letters, digits and hyphens (the page's URL), received "${name}.md"${suggestion ? `: rename the file to ${suggestion}.md` : ""}`,
    );
    return undefined;
  }
  const decoded = decodeUtf8(bytes);
  if (!decoded.ok) return void fail(decoded.error.line, decoded.error.message);
  const parsed = parseFrontMatter(decoded.text);
  if (!parsed.ok) return void fail(parsed.error.line, parsed.error.message, "", parsed.error.column);
  const fm = parsed.value;
  const schema = pageSchema({ timeZone: edition.timeZone ?? config.timeZone });
  const result = schema.safeParse(fm.data);
  const before = problems.length;
  if (!result.success) {
    const ctx = { file, line: yamlFieldLines(fm.yamlText, fm.yamlStartLine), knownKeys: knownKeysOf(schema) };
    problems.push(...issuesToProblems(result.error.issues, ctx).map((p) => ({ ...p, line: p.line || fm.yamlStartLine })));
  }
  const body = fm.body.trim() === "" ? "" : fm.body;
  if (!body) fail(fm.closeLine, "expected the page's text after the closing ---, received nothing");
  const bodyLine = (index: number) => fm.bodyStartLine + lineAt(body, index);
  const forbidden = forbiddenCharacter(body);
  if (forbidden) fail(bodyLine(forbidden.index), `expected page text without control characters, received ${describeForbidden(body, forbidden)}`);
  const deep = tooDeepLine(body);
  if (deep !== undefined)
    fail(fm.bodyStartLine + deep, `expected lists and quotes nested at most ${MAX_NESTING} levels deep, received deeper nesting`);
  const image = firstImageLine(body);
  if (image !== undefined) {
    fail(fm.bodyStartLine + image, "expected text and links only, received an image: a page carries no photos (link to an article that has it)");
  }
  if (!result.success || problems.length > before) return undefined;
  const fields: PageFields = result.data;
  const typeset = (text: string) => typography(text, edition.lang);
  const title = typeset(fields.title);
  const summary = fields.summary === undefined ? undefined : typeset(fields.summary);
  return {
    ...fields,
    title,
    ...(summary === undefined ? {} : { summary }),
    file,
    edition: edition.id,
    slug: name,
    url: `${edition.prefix}${name}/`,
    body,
    description: summary ?? (typeset(firstParagraph(body)) || title),
  };
}

/** The 0-based body line of the first image, or undefined: images in articles go through the photo pipeline, pages have none. */
function firstImageLine(body: string): number | undefined {
  if (!body.includes("![")) return undefined;
  for (const token of md.parse(body, {})) {
    if (token.type === "inline" && token.children?.some((t) => t.type === "image")) return token.map?.[0];
  }
  return undefined;
}

/** The 0-based line of a character index in a text. */
function lineAt(text: string, index: number): number {
  let line = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < index; i = text.indexOf("\n", i + 1)) line++;
  return line;
}

/** An edition's pages in footer order: `order` (lower first), then those without one, each by file name. */
export function footerOrder(pages: readonly StaticPage[]): StaticPage[] {
  const rank = (p: StaticPage) => p.order ?? Number.POSITIVE_INFINITY;
  return [...pages].sort((a, b) => rank(a) - rank(b) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
}

/**
 * Each page's `hreflang` alternates: its versions in the other editions (the same file name),
 * itself included and the default edition's as `x-default`; [] for a page in one edition only.
 */
export function staticPageLinks(pages: readonly StaticPage[], editions: SiteConfig["editions"]): Map<StaticPage, readonly HreflangLink[]> {
  const links = new Map<StaticPage, readonly HreflangLink[]>();
  const bySlug = new Map<string, StaticPage[]>();
  for (const page of pages) bySlug.set(page.slug, [...(bySlug.get(page.slug) ?? []), page]);
  for (const group of bySlug.values()) {
    if (group.length < 2) continue;
    const versions = editions.flatMap((e) => group.filter((p) => p.edition === e.id).map((p) => ({ hreflang: e.lang, path: p.url })));
    const first = group.find((p) => p.edition === editions[0]?.id);
    const list = first ? [...versions, { hreflang: "x-default", path: first.url }] : versions;
    for (const page of group) links.set(page, list);
  }
  return links;
}
