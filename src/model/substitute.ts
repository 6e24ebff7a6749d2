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
 * earlier one but through what it shares; functions (index lookups such as `translations.versionsOf`) are wrapped so that
 * they take the new article for the old and answer with the new. Articles other than the old
 * one, times and class instances (URL helpers, registries of strings) hold no article and are
 * shared as they are.
 */
import type { DateTime } from "luxon";
import type { Article } from "../schema/article.ts";
import type { SiteModel } from "./site.ts";

/**
 * `site` with `old` replaced by `next` and the build time set to `buildTime`. Only valid when
 * `next` sorts, groups and links as `old` does and nothing the model derives from the clock
 * differs at `buildTime` (the caller checks both: src/pipeline/preview-update.ts).
 */
export function substituteArticle(site: SiteModel, old: Article, next: Article, buildTime: DateTime): SiteModel {
  const articles = new Set<unknown>(site.articles);
  const done = new Map<object, unknown>();
  const back = (value: unknown) => (value === next ? old : value);
  const swap = (value: unknown): unknown => {
    if (value === old) return next;
    if (value === null || typeof value !== "object") return typeof value === "function" ? wrap(value as (...args: unknown[]) => unknown) : value;
    if (articles.has(value)) return value;
    const known = done.get(value);
    if (known !== undefined) return known;
    const result = copy(value);
    done.set(value, result);
    return result;
  };
  const wrapped = new Map<unknown, unknown>();
  const wrap = (fn: (...args: unknown[]) => unknown) => {
    let w = wrapped.get(fn);
    if (!w) {
      w = (...args: unknown[]) => swap(fn(...args.map(back)));
      wrapped.set(fn, w);
    }
    return w;
  };
  const copy = (value: object): unknown => {
    const proto = Object.getPrototypeOf(value);
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
      const entries = [...value].map(([k, v]) => {
        const e = [swap(k), swap(v)] as const;
        if (e[0] !== k || e[1] !== v) changed = true;
        return e;
      });
      return changed ? new Map(entries) : value;
    }
    if (value instanceof Set) {
      const items = [...value].map(swap);
      return items.some((v, i) => v !== [...value][i]) ? new Set(items) : value;
    }
    if (proto !== Object.prototype && proto !== null) return value;
    const descriptors = Object.getOwnPropertyDescriptors(value);
    let changed = false;
    const out: PropertyDescriptorMap = {};
    for (const [key, d] of Object.entries(descriptors)) {
      if (d.get) {
        // A lazy field, read from the earlier model: the new one holds nothing of the earlier one but what it shares.
        const v = d.get.call(value);
        const s = swap(v);
        out[key] = { value: s, enumerable: d.enumerable, configurable: true, writable: false };
        changed = true;
      } else {
        const s = swap(d.value);
        if (s !== d.value) changed = true;
        out[key] = { ...d, value: s };
      }
    }
    if (!changed) return value;
    const result = Object.create(proto, out) as object;
    return Object.isFrozen(value) ? Object.freeze(result) : result;
  };
  const result = swap(site) as SiteModel;
  return Object.create(Object.prototype, { ...Object.getOwnPropertyDescriptors(result), buildTime: { value: buildTime, enumerable: true } });
}
