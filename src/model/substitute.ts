/**
 * The model after an edit that changed only an article's text: the earlier model with the one
 * article object swapped for its new version, by identity, wherever the model holds it (the
 * edition's lists, tags, authors, sections, archives, page lists, feeds, sitemaps, links,
 * translations). Every container that does not hold the article is shared with the earlier
 * model, so views made from it are the same objects and compare at once (src/pages/keys.ts).
 *
 * The walk knows no field of the model: plain objects, arrays, maps and sets are copied only
 * where they hold the article; lazy fields (getters) are read from the earlier model (which
 * the preview has used whole already) and swapped, so the new model keeps no reference to the
 * earlier one but through what it shares; functions (index lookups such as
 * `translations.versionsOf`) are wrapped so that they take the new article for the old and
 * answer with the new (wrapping the function the last full model made, never a wrapper).
 * Articles other than the old one, times and class instances (URL helpers, registries of
 * strings) hold no article and are shared as they are.
 */
import type { DateTime } from "luxon";
import type { Article } from "../schema/article.ts";
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
  const leaves = new Set<unknown>(site.articles);
  const wrapped = new Map<unknown, (...args: unknown[]) => unknown>();
  const wrap = (fn: (...args: unknown[]) => unknown) => {
    const had = wrapped.get(fn);
    if (had) return had;
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
    wrapped.set(fn, w);
    return w;
  };
  const swap = walker(new Map([[old, next]]), leaves, wrap);
  return { ...(swap(site) as SiteModel), buildTime };
}

/** `value` with every key of `forward` replaced by its value (a lookup's answer: small). */
function swapAll(value: unknown, forward: ReadonlyMap<object, object>): unknown {
  return walker(forward, new Set(), (fn) => fn)(value);
}

function walker(
  forward: ReadonlyMap<object, object>,
  leaves: ReadonlySet<unknown>,
  wrap: (fn: (...args: unknown[]) => unknown) => unknown,
): (value: unknown) => unknown {
  const done = new Map<object, unknown>();
  const swap = (value: unknown): unknown => {
    if (value === null || typeof value !== "object") return typeof value === "function" ? wrap(value as (...args: unknown[]) => unknown) : value;
    const to = forward.get(value);
    if (to !== undefined) return to;
    if (leaves.has(value)) return value;
    // Times, URL helpers and other class instances hold no article: shared without a look inside.
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== Array.prototype && proto !== null && !(value instanceof Map) && !(value instanceof Set)) return value;
    const known = done.get(value);
    if (known !== undefined) return known;
    const result = copy(value);
    done.set(value, result);
    return result;
  };
  const copy = (value: object): unknown => {
    if (Array.isArray(value)) {
      let out: unknown[] | undefined;
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        const s = swap(v);
        if (s !== v) {
          out ??= value.slice();
          out[i] = s;
        }
      }
      return out ? (Object.isFrozen(value) ? Object.freeze(out) : out) : value;
    }
    if (value instanceof Map) {
      let changed = false;
      for (const [k, v] of value) {
        if (swap(k) !== k || swap(v) !== v) {
          changed = true;
          break;
        }
      }
      if (!changed) return value;
      const out = new Map();
      for (const [k, v] of value) out.set(swap(k), swap(v));
      return out;
    }
    if (value instanceof Set) {
      const before = [...value];
      const items = before.map(swap);
      return items.some((v, i) => v !== before[i]) ? new Set(items) : value;
    }
    // Lazy fields (getters) are read like any other: the copy holds their values.
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      const v = record[key];
      const s = swap(v);
      if (s !== v && !out) {
        out = Object.create(Object.getPrototypeOf(value)) as Record<string, unknown>;
        for (let j = 0; j < i; j++) out[keys[j] as string] = swap(record[keys[j] as string]);
      }
      if (out) out[key] = s;
    }
    if (!out) return value;
    return Object.isFrozen(value) ? Object.freeze(out) : out;
  };
  return swap;
}
