/**
 * Content hashes of page views. A page's cache key is the hash of the generator's code, the
 * chrome every page shows (src/pages/chrome.ts) and the page's own view, so whatever a layout
 * shows is in its key by construction: there is no list of fields to keep in step.
 *
 * Frozen objects (articles, list teasers, views) never change, so the hash of each is kept
 * for as long as the object lives: an article is hashed once per build, and once per preview
 * session, however many pages show it. An article loaded from a file is not hashed at all: it
 * stands for the digest of its source (src/model/parse-cache.ts `sourceDigest`: the parse
 * environment, its path and bytes, which the load hashed already), so a build that plans 20,000
 * article pages does not hash 20,000 bodies again.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { DateTime } from "luxon";
import { sourceDigest } from "../model/parse-cache.ts";
import { PROJECT_ROOT } from "../project.ts";

const digests = new WeakMap<object, string>();

/** The hash of a plain value (objects, arrays, maps, sets, strings, numbers, luxon times). */
export function digest(value: unknown): string {
  return sha1(text(value));
}

/** `memo`: false for a page's view itself, which is spelled out rather than hashed on its own (its page key hashes it). */
function text(value: unknown, memo = true): string {
  if (typeof value === "string") return `s${value.length}:${value}`;
  if (value === null || typeof value !== "object") return String(value);
  // A time, the commonest object of a view after articles (a sitemap part's column holds one a page):
  // written at once, as `isDateTime` below writes it, without the lookups that all miss for it.
  if (value instanceof DateTime) return dateTimeText(value);
  const known = memo ? digests.get(value) : undefined;
  if (known !== undefined) return known;
  // A loaded article is named by its source (parse environment, path and bytes): its fields and body are not read.
  const source = sourceDigest(value);
  if (source !== undefined) {
    const named = `@${source}`;
    digests.set(value, named);
    return named;
  }
  let out: string;
  if (Array.isArray(value)) {
    out = "[";
    for (const v of value) out += `${text(v)},`;
    out += "]";
  } else if (value instanceof Map || value instanceof Set) out = `${value instanceof Map ? "map" : "set"}${text([...value])}`;
  // The instant and its offset: what any format of a time shows.
  else if (isDateTime(value)) return timeText(value) as string;
  else if (typeof (value as { toJSON?: unknown }).toJSON === "function") return JSON.stringify(value);
  else {
    out = "{";
    for (const [k, v] of Object.entries(value)) out += `${k}:${text(v)},`;
    out += "}";
  }
  if (!memo || !Object.isFrozen(value) || out.length < 64) return out;
  const hash = `#${sha1(out)}`;
  digests.set(value, hash);
  return hash;
}

interface DateTimeLike {
  toMillis(): number;
  offset: number;
}

function isDateTime(value: object): value is DateTimeLike {
  return typeof (value as { toMillis?: unknown }).toMillis === "function" && typeof (value as { offset?: unknown }).offset === "number";
}

/** A luxon time as keys write it (its instant and offset: what any format of it shows); undefined for anything else. */
export function timeText(value: object): string | undefined {
  return isDateTime(value) ? dateTimeText(value) : undefined;
}

/** A luxon time's text in keys: its instant and offset (callers write a `DateTime` at once, before other lookups). */
export const dateTimeText = (value: DateTimeLike): string => `t${value.toMillis()}${value.offset}`;

export function sha1(value: string): string {
  return createHash("sha1").update(value).digest("hex");
}

let code: string | undefined;

/** The generator's own files: any change to them gives every page a new key. */
export function codeHash(): string {
  if (code) return code;
  const hash = createHash("sha1");
  const add = (file: string) => {
    const full = path.join(PROJECT_ROOT, file);
    if (statSync(full).isDirectory()) for (const entry of readdirSync(full).sort()) add(path.join(file, entry));
    else hash.update(`${file}\n`).update(readFileSync(full));
  };
  for (const file of ["src", "layouts", "assets", ".eleventy.ts", "package-lock.json"]) if (existsSync(path.join(PROJECT_ROOT, file))) add(file);
  code = hash.digest("hex");
  return code;
}

/** What every page's key hashes besides its kind and view: the code and the chrome. */
export function pageKeysGlobal(chrome: unknown): string {
  return digest({ code: codeHash(), chrome });
}

/** Page keys over one site: the code, the chrome and the page's view, hashed. */
export function pageKeys(chrome: unknown): (kind: string, view: unknown) => string {
  const global = pageKeysGlobal(chrome);
  return (kind, view) => sha1(`${global}\n${kind}\n${text(view, false)}`);
}

/**
 * Whether two views hash alike (`digest`) without hashing them: the same objects, or values
 * written out the same way, compared down to where they share objects. The preview compares a
 * page's new view with its last one and keeps the page's key when they are the same; frozen
 * objects never change, so one met in both is the same without a look inside.
 */
export function sameView(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameView(a[i], b[i])) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(a);
  if (proto !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Map || a instanceof Set) return sameView([...a], [...(b as Map<unknown, unknown> | Set<unknown>)]);
  if (isDateTime(a)) return isDateTime(b) && a.toMillis() === b.toMillis() && a.offset === b.offset;
  if (typeof (a as { toJSON?: unknown }).toJSON === "function") return JSON.stringify(a) === JSON.stringify(b);
  if (proto !== Object.prototype && proto !== null) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i] as string;
    if (kb[i] !== k || !sameView((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
