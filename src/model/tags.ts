/**
 * The tag index of one edition, built in one pass. Tags whose slugs are equal
 * ("EU", "eu", "E.U.") are one tag with one page. Its display name is the name in
 * content/tags.yaml, else the spelling most articles use, ties going to the spelling
 * that sorts first by code point, so the choice never depends on file order.
 */
import type { Problem } from "../errors/problem.ts";
import type { Article } from "../schema/article.ts";
import type { EditionConfig } from "../schema/site.ts";
import type { TagInfo } from "../schema/tags.ts";
import { tagSlug, tagSlugUrl } from "./paths.ts";

export interface TagEntry {
  slug: string;
  url: string;
  name: string;
  description?: string;
  /** Newest first. */
  articles: Article[];
}

export interface TagIndex {
  bySlug: Map<string, TagEntry>;
  /** Every tag by display name in the edition's locale, then slug. */
  list: TagEntry[];
  /** One warning per slug that several spellings share. */
  warnings: Problem[];
}

const FILES_NAMED = 3;

/** `articles` must be sorted newest first; each tag's list keeps that order. */
export function buildTagIndex(
  edition: Pick<EditionConfig, "prefix" | "lang" | "locale">,
  articles: readonly Article[],
  info: Readonly<Record<string, TagInfo>> = {},
): TagIndex {
  const bySlug = new Map<string, TagEntry>();
  // Per slug, how many times each spelling is used: the files are gathered only for a slug spelled more than one way (its warning names them).
  const spellings = new Map<string, Map<string, number>>();
  // Thousands of articles share a few hundred spellings; transliterating each once is most of the cost.
  const slugs = new Map<string, string>();
  const slugOf = (tag: string) => {
    let slug = slugs.get(tag);
    if (slug === undefined) {
      slug = tagSlug(tag, edition.lang);
      slugs.set(tag, slug);
    }
    return slug;
  };
  for (const article of articles) {
    for (const tag of article.tags) {
      const slug = slugOf(tag);
      let counts = spellings.get(slug);
      let entry = bySlug.get(slug);
      if (!counts || !entry) {
        counts = new Map();
        spellings.set(slug, counts);
        entry = { slug, url: tagSlugUrl(edition, slug), name: "", articles: [] };
        bySlug.set(slug, entry);
      }
      counts.set(tag, (counts.get(tag) ?? 0) + 1);
      // Once per article (a tag given twice, or two spellings of it): articles come in order, so an article already listed is the last one.
      if (entry.articles[entry.articles.length - 1] !== article) entry.articles.push(article);
    }
  }
  const merged = new Map<string, Map<string, string[]>>();
  for (const [slug, counts] of spellings) if (counts.size > 1) merged.set(slug, new Map([...counts.keys()].map((tag) => [tag, []])));
  if (merged.size) for (const article of articles) for (const tag of article.tags) merged.get(slugOf(tag))?.get(tag)?.push(article.file);
  const warnings: Problem[] = [];
  for (const [slug, entry] of bySlug) {
    const counts = spellings.get(slug) as Map<string, number>;
    const files = merged.get(slug);
    const used: [string, string[]][] = files ? [...files] : [...counts.keys()].map((tag) => [tag, []]);
    const count = (tag: string) => counts.get(tag) as number;
    used.sort(([a], [b]) => count(b) - count(a) || (a < b ? -1 : a > b ? 1 : 0));
    const [mostUsed] = used[0] as [string, string[]];
    entry.name = info[slug]?.name ?? mostUsed;
    entry.description = info[slug]?.description;
    if (used.length > 1) warnings.push(mergeWarning(entry, used));
  }
  const collator = new Intl.Collator(edition.locale);
  const list = [...bySlug.values()].sort((a, b) => collator.compare(a.name, b.name) || (a.slug < b.slug ? -1 : 1));
  return { bySlug, list, warnings };
}

function mergeWarning(entry: TagEntry, used: ReadonlyArray<readonly [string, readonly string[]]>): Problem {
  const firstOther = used
    .filter(([text]) => text !== entry.name)
    .flatMap(([, files]) => files)
    .sort()[0];
  const spelled = used.map(([text, files]) => {
    const sorted = [...files].sort();
    const more = sorted.length > FILES_NAMED ? ` and ${sorted.length - FILES_NAMED} more` : "";
    return `"${text}" (${sorted.slice(0, FILES_NAMED).join(", ")}${more})`;
  });
  return {
    file: firstOther ?? (used[0]?.[1][0] as string),
    field: "tags",
    message: `${spelled.join(", ")} give the same tag page ${entry.url} and are merged as "${entry.name}"; spell the tag one way, or set its name in content/tags.yaml`,
    severity: "warning",
  };
}
