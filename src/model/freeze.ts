/** The model is never written into once built: its articles are frozen as they are loaded. */

/**
 * Freezes a value made of plain objects and arrays, all the way down, and returns it. Class
 * instances (luxon times, which fill caches of their own) are left as they are.
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null) return value;
  for (const v of Object.values(value)) deepFreeze(v);
  return Object.freeze(value);
}
