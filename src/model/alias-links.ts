/**
 * Links in articles to an old URL (`aliases`) are rendered as links to the article's current URL,
 * so a reader never goes through a redirect the site itself could have spared. An old URL is
 * recognised however the link spells it: with or without its trailing slash, percent-encoded or
 * not, root-relative or absolute with the site's own origin. Each article's view holds the links
 * of its body that name an alias and where they lead now, so its page and feeds are rendered again
 * when that changes.
 */
import type { Article } from "../schema/article.ts";
import { decodePath } from "../schema/fields.ts";
import type { SiteModel } from "./site.ts";
import type { Urls } from "./urls.ts";

/** Link key (`linkKey`) → the site path of the article that had that URL. */
export type AliasLinks = Readonly<Record<string, string>>;

/**
 * The site path a link names, decoded and without its trailing slash (`/2016/11/sin%e2%80%8a-ready/`
 * → `/2016/11/sin\u200a-ready`), or undefined when it names no page of this site by its path: another
 * origin, a relative path, a query (an old URL never has one).
 */
export function linkKey(href: string, urls: Urls): string | undefined {
  const withoutFragment = href.trim().replace(/#.*$/s, "");
  if (withoutFragment.includes("?")) return undefined;
  let sitePath: string;
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(withoutFragment)) {
    let url: URL;
    try {
      url = new URL(withoutFragment.startsWith("//") ? `https:${withoutFragment}` : withoutFragment);
    } catch {
      return undefined;
    }
    if (!/^https?:$/.test(url.protocol) || url.host !== hostOf(urls) || !url.pathname.startsWith(urls.basePath)) return undefined;
    sitePath = `/${url.pathname.slice(urls.basePath.length)}`;
  } else if (withoutFragment.startsWith("/")) {
    // As the site writes them (with its sub-path), or as the old site did.
    sitePath = withoutFragment.startsWith(urls.basePath) ? `/${withoutFragment.slice(urls.basePath.length)}` : withoutFragment;
  } else return undefined;
  const decoded = decodePath(sitePath);
  if (decoded === undefined) return undefined;
  const key = decoded.normalize("NFC").replace(/\/+$/, "");
  return key === "" ? "/" : key;
}

/** The site's host (`example.org`), from its origin. */
function hostOf(urls: Urls): string {
  return urls.origin.slice(urls.origin.indexOf("//") + 2);
}

/** The fragment of a link (`#details`), kept when it is pointed at the current URL. */
export function linkFragment(href: string): string {
  const at = href.indexOf("#");
  return at === -1 ? "" : href.slice(at);
}

/** Every published alias by its link key, per model. */
const targetsOf = new WeakMap<SiteModel, ReadonlyMap<string, string>>();

export function aliasTargets(site: SiteModel): ReadonlyMap<string, string> {
  let targets = targetsOf.get(site);
  if (!targets) {
    const map = new Map<string, string>();
    for (const rule of site.pages.redirectRules) {
      const key = linkKey(rule.from, site.urls);
      if (key !== undefined) map.set(key, rule.target.url);
    }
    targets = map;
    targetsOf.set(site, targets);
  }
  return targets;
}

/** What ends a link target: whitespace, `)`, `>`, quotes, `]`. */
const STOP = new Set([..." \t\n\r\f\v)>\"']"].map((c) => c.charCodeAt(0)));

/** A link target from `at` on: spaces and `<` skipped, up to a space, `)`, `>` or a quote. */
function targetAt(body: string, at: number): string {
  let start = at;
  while (body[start] === " " || body[start] === "<") start++;
  let end = start;
  while (end < body.length && end - start < 2048 && !STOP.has(body.charCodeAt(end))) end++;
  return body.slice(start, end).replace(/[.,;:!?]+$/, "");
}

/**
 * What in a body may be a link to a page of the site: link targets (`](…)`, `[ref]: …`) and any
 * address on the site's own host (`<https://host/…>`, bare ones, which markdown-it links). A scan
 * with indexOf, found once per article (~50 ms for 150 MB of bodies, where a regex took 0.9 s): the
 * renderer parses the Markdown, this only decides which aliases an article's view holds.
 */
function candidateHrefs(body: string, host: string): string[] {
  const found: string[] = [];
  for (const marker of ["](", "]:"]) for (let i = body.indexOf(marker); i !== -1; i = body.indexOf(marker, i + 2)) found.push(targetAt(body, i + 2));
  const own = `//${host}`;
  for (let i = body.indexOf(own); i !== -1; i = body.indexOf(own, i + own.length)) found.push(targetAt(body, i));
  return found;
}

const candidatesOf = new WeakMap<Article, { urls: Urls; keys: readonly string[] }>();

function candidateKeys(article: Article, urls: Urls): readonly string[] {
  const known = candidatesOf.get(article);
  if (known && known.urls.origin === urls.origin && known.urls.basePath === urls.basePath) return known.keys;
  const keys = new Set<string>();
  for (const href of candidateHrefs(article.body, hostOf(urls))) {
    const key = linkKey(href, urls);
    if (key !== undefined) keys.add(key);
  }
  const found = { urls, keys: [...keys] };
  candidatesOf.set(article, found);
  return found.keys;
}

/** The last answer per article: the same links give the same object, so an unchanged view keeps its identity. */
const answered = new WeakMap<Article, AliasLinks>();

/** The links of an article's body that name an alias of a published article (its own included), or undefined. */
export function aliasLinksOf(site: SiteModel, article: Article): AliasLinks | undefined {
  const targets = aliasTargets(site);
  if (targets.size === 0) return undefined;
  const links: Record<string, string> = {};
  let any = false;
  for (const key of candidateKeys(article, site.urls)) {
    const target = targets.get(key);
    if (target !== undefined) {
      links[key] = target;
      any = true;
    }
  }
  if (!any) return undefined;
  const was = answered.get(article);
  if (was && Object.keys(was).length === Object.keys(links).length && Object.entries(links).every(([k, v]) => was[k] === v)) return was;
  const frozen = Object.freeze(links);
  answered.set(article, frozen);
  return frozen;
}
