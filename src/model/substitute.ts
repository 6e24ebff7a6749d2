/**
 * The model after an edit that changed only an article's text: the earlier model with the one
 * article object swapped for its new version, by identity, wherever the model holds it (the
 * edition's lists, tags, authors, sections, archives, page lists, feeds, sitemaps, links,
 * translations). Every container that does not hold the article is shared with the earlier
 * model, so views made from it are the same objects and compare at once (src/pages/keys.ts).
 *
 * Which containers hold the article comes from the model's holder index (src/model/holders.ts,
 * one walk per full model, made before the first edit waits for it): only those are copied,
 * so a swap costs what they hold (~84,000 slots at 20k articles, ~5 ms), not a walk of the
 * whole model. The copy knows no field of the model: plain objects, arrays, maps and sets are
 * copied where they hold the article; lazy fields (getters) are read from the earlier model
 * (which the preview has used whole already) and swapped, so the new model keeps no reference
 * to the earlier one but through what it shares; functions (index lookups such as
 * `translations.versionsOf`) are wrapped so that they take the new article for the old and
 * answer with the new (wrapping the function the last full model made, never a wrapper).
 * Articles other than the old one, times and class instances (URL helpers, registries of
 * strings) hold no article and are shared as they are. Nothing is written into the earlier
 * model or its index.
 */
import type { DateTime } from "luxon";
import type { Article } from "../schema/article.ts";
import { derivedIndex, holdersOf, kindOf, setHolderIndex } from "./holders.ts";
import type { SiteModel } from "./site.ts";

/** A lookup function of an earlier model, and which of its articles (as it knows them) are now which. */
interface Wrapped {
  fn: (...args: unknown[]) => unknown;
  /** Article the function knows → the article that replaced it. */
  forward: Map<object, object>;
}

const wrappers = new WeakMap<object, Wrapped>();

/**
 * `site` with `old` replaced by `next` and the build time set to `buildTime`. Only valid when
 * `next` sorts, groups and links as `old` does and nothing the model derives from the clock
 * differs at `buildTime` (the caller checks both: src/pipeline/preview-update.ts).
 */
export function substituteArticle(site: SiteModel, old: Article, next: Article, buildTime: DateTime): SiteModel {
  const holding = holdersOf(site, old);
  const wrap = (fn: (...args: unknown[]) => unknown) => {
    // A function wrapped by an earlier substitution is wrapped again from its origin: however many edits, one layer.
    const earlier = wrappers.get(fn);
    const origin = earlier?.fn ?? fn;
    const forward = new Map(earlier?.forward);
    let known = false;
    for (const [from, to] of forward)
      if (to === old) {
        forward.set(from, next);
        known = true;
      }
    if (!known) forward.set(old, next);
    const backward = new Map([...forward].map(([from, to]) => [to, from]));
    const w = (...args: unknown[]) => swapAll(origin(...args.map((a) => backward.get(a as object) ?? a)), forward);
    wrappers.set(w, { fn: origin, forward });
    return w;
  };
  /** Everything replaced, by what replaced it: the article, the functions and the containers that hold either. */
  const replaced = new Map<object, object>([[old, next]]);
  const replace = (value: object): object => {
    const known = replaced.get(value);
    if (known) return known;
    const children = holding.get(value);
    const result =
      typeof value === "function"
        ? wrap(value as (...args: unknown[]) => unknown)
        : children
          ? copyWith(value, new Map(children.map((c) => [c, replace(c)])))
          : value;
    replaced.set(value, result);
    return result;
  };
  const result: SiteModel = { ...(replace(site) as SiteModel), buildTime };
  // The model itself is among the copies: what replaces it is `result`, with its new build time.
  replaced.set(site, result);
  setHolderIndex(result, derivedIndex(site, replaced));
  return result;
}

/** Above this many replacements an array is read once, not searched once per replacement. */
const SEARCHES = 16;

/**
 * A copy of `container` (an array, map, set or plain object) with each value (and map key)
 * that `swaps` has a key for replaced: arrays are searched natively for each, the rest read
 * once. Frozen containers give frozen copies; lazy fields (getters) are read and copied as
 * values.
 */
function copyWith(container: object, swaps: ReadonlyMap<object, object>): object {
  const swap = (v: unknown) => (typeof v === "object" || typeof v === "function" ? (v && swaps.get(v)) || v : v);
  const frozen = Object.isFrozen(container);
  if (Array.isArray(container)) {
    const out = container.slice();
    if (swaps.size <= SEARCHES)
      for (const [from, to] of swaps) for (let i = container.indexOf(from); i >= 0; i = container.indexOf(from, i + 1)) out[i] = to;
    else for (let i = 0; i < out.length; i++) out[i] = swap(out[i]);
    return frozen ? Object.freeze(out) : out;
  }
  if (container instanceof Map) {
    const out = new Map();
    for (const [k, v] of container) out.set(swap(k), swap(v));
    return out;
  }
  if (container instanceof Set) return new Set([...container].map(swap));
  const record = container as Record<string, unknown>;
  const out = Object.create(Object.getPrototypeOf(container)) as Record<string, unknown>;
  for (const key of Object.keys(record)) out[key] = swap(record[key]);
  return frozen ? Object.freeze(out) : out;
}

/** `value` (a lookup's answer: small) with every key of `forward` replaced by its value, wherever it holds one. */
function swapAll(value: unknown, forward: ReadonlyMap<object, object>): unknown {
  const done = new Map<object, unknown>();
  const none = new Set<unknown>();
  const swap = (v: unknown): unknown => {
    if (v === null || typeof v !== "object") return v;
    const to = forward.get(v);
    if (to !== undefined) return to;
    if (kindOf(v, none) !== "container") return v;
    const known = done.get(v);
    if (known !== undefined) return known;
    const result = copy(v);
    done.set(v, result);
    return result;
  };
  const copy = (v: object): unknown => {
    if (Array.isArray(v)) {
      const items = v.map(swap);
      if (items.every((x, i) => x === v[i])) return v;
      return Object.isFrozen(v) ? Object.freeze(items) : items;
    }
    if (v instanceof Map) {
      const before = [...v];
      const after = before.map(([k, x]) => [swap(k), swap(x)] as const);
      return after.some(([k, x], i) => k !== before[i]?.[0] || x !== before[i]?.[1]) ? new Map(after) : v;
    }
    if (v instanceof Set) {
      const before = [...v];
      const after = before.map(swap);
      return after.some((x, i) => x !== before[i]) ? new Set(after) : v;
    }
    const record = v as Record<string, unknown>;
    const keys = Object.keys(record);
    const values = keys.map((k) => swap(record[k]));
    if (values.every((x, i) => x === record[keys[i] as string])) return v;
    const out = Object.create(Object.getPrototypeOf(v)) as Record<string, unknown>;
    keys.forEach((k, i) => {
      out[k] = values[i];
    });
    return Object.isFrozen(v) ? Object.freeze(out) : out;
  };
  return swap(value);
}
