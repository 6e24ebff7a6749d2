/**
 * A guard for layouts: the view wrapped so that reading a field its view does not have throws,
 * naming the page type and the path read. Whatever a layout shows must come from its view (the
 * page's cache key is the view's hash, src/pages/keys.ts), so a layout reading something else is
 * a bug the tests catch by rendering every page through this guard (tests/pipeline/view-guard.test.ts).
 * Model records inside a view (a whole article, its photos) are in the key whole, optional fields
 * included, so only the view's own objects (src/pages/view.ts) are checked; everything is
 * read-only.
 */
import { isViewObject } from "./view.ts";

export class ViewFieldError extends Error {
  override name = "ViewFieldError";
}

/** `view` as a layout may read it: reading a field a view object lacks, or writing anything, throws. */
export function guardView<T>(kind: string, view: T): T {
  return wrap(view, `${kind} view`) as T;
}

function wrap(value: unknown, where: string): unknown {
  if (value === null || typeof value !== "object") return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return value;
  const target = value as Record<PropertyKey, unknown>;
  const strict = isViewObject(target);
  // An empty stand-in as the proxy's target: the frozen view's invariants would not allow wrapped values.
  return new Proxy(Array.isArray(value) ? [] : {}, {
    get(_stand, key) {
      if (typeof key === "symbol" || key === "toJSON") return target[key as never];
      if (strict && !(key in target)) throw new ViewFieldError(`the layout read ${where}.${key}, which is not in the view`);
      const v = target[key];
      return typeof v === "function" ? v : wrap(v, `${where}.${key}`);
    },
    has: (_stand, key) => key in target,
    ownKeys: () => Reflect.ownKeys(target),
    getOwnPropertyDescriptor(_stand, key) {
      const d = Reflect.getOwnPropertyDescriptor(target, key);
      return d && { ...d, configurable: true, writable: false, value: "value" in d ? wrap(d.value, `${where}.${String(key)}`) : undefined };
    },
    set() {
      throw new ViewFieldError(`a layout wrote into ${where}; views are read-only`);
    },
    defineProperty() {
      throw new ViewFieldError(`a layout wrote into ${where}; views are read-only`);
    },
  });
}
