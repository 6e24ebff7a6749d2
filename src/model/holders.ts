/**
 * Where a site model holds each article: for every article, container (plain object, array,
 * map, set) and lookup function of the model, the containers that hold it directly. Built by
 * one walk of a model the preview has used whole (its lazy fields read), once per full model;
 * a model made from it by swapping an article (src/model/substitute.ts) gets an index derived
 * from it without a walk: the same table, plus which objects of the walked model are now
 * which. Nothing in an index is changed once it is made.
 *
 * With it a swap copies only the containers that hold the article, directly or through other
 * containers (~470 of the 20k model's ~87,000), and the lookups; everything else is shared.
 *
 * The walk knows no field of the model, as the swap does not: what it treats as a container,
 * an article or a value that holds no article is `kindOf` below.
 */
import type { SiteModel } from "./site.ts";

/** Objects of the walked model → the containers of the walked model that hold them directly. */
type Holders = ReadonlyMap<object, readonly object[]>;

export interface HolderIndex {
  readonly holders: Holders;
  /** The walked model's lookup functions: a swap wraps each of them (src/model/substitute.ts). */
  readonly functions: readonly object[];
  /** An object of the walked model → what stands in its place in this model (absent: itself). */
  readonly current: ReadonlyMap<object, object>;
  /** And back: an object of this model that replaced one of the walked model → that one. */
  readonly origin: ReadonlyMap<object, object>;
}

const indexes = new WeakMap<SiteModel, HolderIndex>();

/**
 * How the walks see a value: a container to look into, an article (held, not looked into), a
 * function (a lookup that may answer with articles) or a value that holds no article: times,
 * URL helpers and other class instances, strings and numbers.
 */
export function kindOf(value: unknown, articles: ReadonlySet<unknown>): "container" | "article" | "function" | "plain" {
  if (typeof value === "function") return "function";
  if (value === null || typeof value !== "object") return "plain";
  if (articles.has(value)) return "article";
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === Array.prototype || proto === null || value instanceof Map || value instanceof Set) return "container";
  return "plain";
}

/** The index of `site`: the one it was given when it was made by a swap, or one walk of it (once). */
export function holderIndex(site: SiteModel): HolderIndex {
  let index = indexes.get(site);
  if (!index) {
    index = walk(site);
    indexes.set(site, index);
  }
  return index;
}

/** Records `index` as the index of `site` (a model made by a swap, with the index derived for it). */
export function setHolderIndex(site: SiteModel, index: HolderIndex): void {
  if (indexes.has(site)) throw new Error("a site model's holder index is set once");
  indexes.set(site, index);
}

/**
 * What a swap of `target` (an article of `site`) copies: every container of `site` that holds
 * it, or holds through other containers a container that does, and those holding the lookup
 * functions; each with what it holds of these (containers, `target`, functions), all as `site`
 * has them.
 */
export function holdersOf(site: SiteModel, target: object): Map<object, object[]> {
  const index = holderIndex(site);
  const children = new Map<object, object[]>();
  const queue: object[] = [index.origin.get(target) ?? target, ...index.functions];
  while (queue.length) {
    const x = queue.pop() as object;
    for (const holder of index.holders.get(x) ?? []) {
      let list = children.get(holder);
      if (!list) {
        list = [];
        children.set(holder, list);
        queue.push(holder);
      }
      if (!list.includes(x)) list.push(x);
    }
  }
  const now = (x: object) => index.current.get(x) ?? x;
  return new Map([...children].map(([holder, list]) => [now(holder), list.map(now)]));
}

/**
 * The index of the model a swap made from `site`: `replaced` maps each object of `site` that the
 * swap replaced (the containers `holdersOf` listed, the article, the functions) to its
 * replacement. Costs a copy of the two small maps, not a walk.
 */
export function derivedIndex(site: SiteModel, replaced: ReadonlyMap<object, object>): HolderIndex {
  const index = holderIndex(site);
  const current = new Map(index.current);
  const origin = new Map(index.origin);
  for (const [before, after] of replaced) {
    const walked = index.origin.get(before) ?? before;
    origin.delete(before);
    current.set(walked, after);
    origin.set(after, walked);
  }
  return { holders: index.holders, functions: index.functions, current, origin };
}

/** One walk of `site` (its lazy fields read), recording who holds what. */
function walk(site: SiteModel): HolderIndex {
  const articles = new Set<unknown>(site.articles);
  const holders = new Map<object, object[]>();
  const functions: object[] = [];
  const held = (value: unknown, holder: object) => {
    if (value === null || (typeof value !== "object" && typeof value !== "function")) return;
    const v = value as object;
    const list = holders.get(v);
    if (list) {
      // A holder holding it twice in a row is listed once (a repeat further apart is harmless).
      if (list[list.length - 1] !== holder) list.push(holder);
      return;
    }
    const kind = kindOf(v, articles);
    if (kind === "plain") return;
    holders.set(v, [holder]);
    if (kind === "function") functions.push(v);
    else if (kind === "container") visit(v);
  };
  // Each container is visited once: when it is first met (the model itself, when the walk starts).
  const visit = (container: object) => {
    if (Array.isArray(container)) for (const v of container) held(v, container);
    else if (container instanceof Map)
      for (const [k, v] of container) {
        held(k, container);
        held(v, container);
      }
    else if (container instanceof Set) for (const v of container) held(v, container);
    else {
      const record = container as Record<string, unknown>;
      for (const key of Object.keys(record)) held(record[key], container);
    }
  };
  visit(site);
  return { holders, functions, current: new Map(), origin: new Map() };
}
