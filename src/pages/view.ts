/**
 * Views are frozen plain objects made by the page types' `view()`. Each object a page type
 * makes for its view is registered here, so a guard (src/pages/guard.ts) can tell a view's own
 * objects, whose every field a layout may read, from the model's records inside them (a whole
 * article, its photos), which are in the page's key whole.
 */
const made = new WeakSet<object>();

/** Freezes and registers an object made for a view; returns it. */
export function frozenView<T extends object>(value: T): T {
  made.add(Object.freeze(value));
  return value;
}

/** Whether `value` was made for a view by `frozenView`. */
export function isViewObject(value: object): boolean {
  return made.has(value);
}
