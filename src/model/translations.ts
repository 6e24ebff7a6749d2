/**
 * Translations, linked only explicitly by a shared `translationKey` (REFERENCE.md §7),
 * never guessed from file names. Built once from the published articles, so a draft or
 * embargoed translation never leaks its URL into another page's alternates (§9).
 */
import type { Article } from "../schema/article.ts";
import type { EditionConfig } from "../schema/site.ts";
import { homeUrl } from "./paths.ts";

/** One `hreflang` alternate: an ISO 639 code (or `x-default`) and a site path. */
export interface HreflangLink {
  hreflang: string;
  path: string;
}

export interface TranslationIndex {
  /** Published versions by key, in edition order; only keys with two or more versions. */
  groups: ReadonlyMap<string, readonly Article[]>;
  /** Every published version of the article, itself included, in edition order; [] when it has no translation. */
  versionsOf(article: Article): readonly Article[];
  /** The article's alternates, itself and `x-default` included; [] when it has no translation. */
  articleLinks(article: Article): readonly HreflangLink[];
  /** The edition homes as alternates of one another; [] on a site with one edition. */
  homeLinks: readonly HreflangLink[];
}

/** Two articles of one edition that share a key: the later file names the earlier. */
export interface TranslationClash {
  article: Article;
  other: Article;
}

/** `articles` must be the published ones (or, in preview, everything shown). */
export function buildTranslationIndex(articles: readonly Article[], editions: readonly EditionConfig[]): TranslationIndex {
  const order = new Map(editions.map((e, i) => [e.id, i]));
  const byKey = new Map<string, Article[]>();
  for (const a of articles) {
    if (!a.translationKey) continue;
    const group = byKey.get(a.translationKey) ?? [];
    // A second version in one edition is an error reported by translationClashes; keep the first.
    if (!group.some((x) => x.edition === a.edition)) group.push(a);
    byKey.set(a.translationKey, group);
  }
  const rank = (a: Article) => order.get(a.edition) ?? 0;
  const langOf = new Map(editions.map((e) => [e.id, e.lang]));
  const defaultEdition = editions[0]?.id;
  const groups = new Map<string, Article[]>();
  /** By article URL: its group, and its alternates. */
  const versions = new Map<string, Article[]>();
  const links = new Map<string, HreflangLink[]>();
  for (const [key, found] of byKey) {
    if (found.length < 2) continue;
    const group = [...found].sort((a, b) => rank(a) - rank(b));
    const list = withDefault(
      group.map((a) => ({ hreflang: langOf.get(a.edition) ?? "", path: a.url })),
      group.find((a) => a.edition === defaultEdition)?.url,
    );
    groups.set(key, group);
    for (const a of group) {
      versions.set(a.url, group);
      links.set(a.url, list);
    }
  }
  const homes = editions.map((e) => ({ hreflang: e.lang, path: homeUrl(e) }));
  return {
    groups,
    versionsOf: (a) => versions.get(a.url) ?? [],
    articleLinks: (a) => links.get(a.url) ?? [],
    homeLinks: homes.length > 1 ? withDefault(homes, homes[0]?.path) : [],
  };
}

/** `x-default` names the default edition's version, when there is one (optional, §7). */
function withDefault(links: HreflangLink[], defaultPath: string | undefined): HreflangLink[] {
  return defaultPath ? [...links, { hreflang: "x-default", path: defaultPath }] : links;
}

/** Every pair of articles in one edition with the same key, over all articles (drafts included), in file order. */
export function translationClashes(articles: readonly Article[]): TranslationClash[] {
  const seen = new Map<string, Article>();
  const clashes: TranslationClash[] = [];
  for (const article of articles) {
    if (!article.translationKey) continue;
    const id = `${article.edition}\u0000${article.translationKey}`;
    const other = seen.get(id);
    if (other) clashes.push({ article, other });
    else seen.set(id, article);
  }
  return clashes;
}
