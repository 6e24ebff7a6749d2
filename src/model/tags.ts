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
  const spellings = new Map<string, Map<string, string[]>>();
  // Thousands of articles share a few hundred spellings; transliterating each once is most of the cost.
  const slugs = new Map<string, string>();
  for (const article of articles) {
    const seen = new Set<string>();
    for (const tag of article.tags) {
      let slug = slugs.get(tag);
      if (slug === undefined) {
        slug = tagSlug(tag, edition.lang);
        slugs.set(tag, slug);
      }
      let files = spellings.get(slug);
      if (!files) {
        files = new Map();
        spellings.set(slug, files);
        bySlug.set(slug, { slug, url: tagSlugUrl(edition, slug), name: "", articles: [] });
      }
      const sameSpelling = files.get(tag);
      if (sameSpelling) sameSpelling.push(article.file);
      else files.set(tag, [article.file]);
      if (seen.has(slug)) continue;
      seen.add(slug);
      (bySlug.get(slug) as TagEntry).articles.push(article);
    }
  }
  const warnings: Problem[] = [];
  for (const [slug, entry] of bySlug) {
    const used = [...(spellings.get(slug) as Map<string, string[]>)].sort(
      ([a, fa], [b, fb]) => fb.length - fa.length || (a < b ? -1 : a > b ? 1 : 0),
    );
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
