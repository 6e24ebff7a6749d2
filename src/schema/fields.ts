/** Field builders shared by the schemas, each with an editor-readable message. */
import { z } from "zod";
import { suggest } from "./issues.ts";

/** Describes a received value briefly: `the number 2025`, `a list`, `"next Tuesday"`. */
export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (typeof value === "string") return value.trim() === "" ? "an empty text" : `"${visible(value.length > 60 ? `${value.slice(0, 60)}…` : value)}"`;
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "boolean") return `${value}`;
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return "a date";
  return "a mapping of fields";
}

const received = (input: unknown) => `received ${describe(input)}`;

/**
 * Characters no text field may hold: C0 and C1 control characters except tab, line feed
 * and carriage return, lone halves of surrogate pairs and Unicode noncharacters (U+FFFE,
 * U+FDD0 ...). XML 1.0 forbids most of them (feeds, sitemaps, the social card's SVG),
 * HTML calls them parse errors and the search indexer crashes on lone surrogates.
 */
export const FORBIDDEN_CHARACTERS = /(?![\t\n\r])[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}]/u;
const FORBIDDEN = FORBIDDEN_CHARACTERS;
const FORBIDDEN_ALL = new RegExp(FORBIDDEN.source, "gu");

const CONTROL_NAMES: Record<number, string> = {
  0: "the null character",
  7: "the bell character",
  8: "a backspace",
  11: "a vertical tab",
  12: "a form feed",
  27: "an escape character",
  127: "a delete character",
};

/** `U+0007 (the bell character)`: a forbidden character named so an editor can find it. */
export function nameCharacter(char: string): string {
  const code = char.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  if (/\p{Cs}/u.test(char)) return `${hex} (half of a surrogate pair, with no other half)`;
  if (/\p{Noncharacter_Code_Point}/u.test(char)) return `${hex} (a Unicode noncharacter)`;
  return `${hex} (${CONTROL_NAMES[code] ?? "a control character"})`;
}

/**
 * A quick first pass over UTF-16 code units (no Unicode mode: several times faster over long
 * bodies): every forbidden character is one of these, but so is half of every emoji.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const SUSPECT = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F\uD800-\uDFFF\uFDD0-\uFDEF\uFFFE\uFFFF]/g;
const FORBIDDEN_FROM = new RegExp(FORBIDDEN.source, "uy");

/** Where the first forbidden character of a text is, or undefined when there is none. */
export function forbiddenCharacter(value: string): { index: number; char: string } | undefined {
  SUSPECT.lastIndex = 0;
  for (let m = SUSPECT.exec(value); m; m = SUSPECT.exec(value)) {
    // A high surrogate starts a pair: test it at its own index (Unicode mode reads the pair as one).
    FORBIDDEN_FROM.lastIndex = m.index;
    const found = FORBIDDEN_FROM.exec(value);
    if (found) return { index: m.index, char: found[0] };
    // Skip the low half of a valid pair.
    if (/[\uD800-\uDBFF]/.test(m[0])) SUSPECT.lastIndex = m.index + 2;
  }
  return undefined;
}

/** The forbidden character in a text and the words before it: `U+0007 (the bell character) after "Coalition"`. */
export function describeForbidden(value: string, found: { index: number; char: string }): string {
  const lineStart = value.lastIndexOf("\n", found.index - 1) + 1;
  const from = Math.max(lineStart, found.index - 30);
  const before = visible(value.slice(from, found.index)).trimStart();
  return `${nameCharacter(found.char)} ${before ? `after "${from > lineStart ? "…" : ""}${before}"` : "at the start of the line"}`;
}

/** A text safe to print in a message: forbidden characters shown as `<U+0007>`. */
function visible(value: string): string {
  return value.replace(FORBIDDEN_ALL, (c) => `<U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}>`);
}

/**
 * Unicode-normalised (NFC), without invisible zero-width spaces and word joiners
 * that make equal-looking headlines and tags differ. ZWJ/ZWNJ stay: emoji and
 * some scripts need them.
 */
export function cleanText(value: string): string {
  // Printable ASCII needs neither step (the common case, and the cheap one).
  if (/^[\x20-\x7e]*$/.test(value)) return value;
  return value.normalize("NFC").replace(/[\u200B\u2060\uFEFF]/g, "");
}

/** Non-empty single-line-or-more text, trimmed, without control characters (tabs and line breaks are kept). */
export function text(what = "text", max = 10_000) {
  return z
    .string({
      error: (iss) => (iss.input === undefined ? `required: expected ${what}, received nothing` : `expected ${what}, ${received(iss.input)}`),
    })
    .overwrite(cleanText)
    .trim()
    .min(1, { error: `expected ${what}, received an empty text` })
    .max(max, { error: (iss) => `expected at most ${max} characters, received ${String((iss.input as string).length)}` })
    .superRefine((value, ctx) => {
      const found = forbiddenCharacter(value);
      if (found)
        ctx.addIssue({ code: "custom", message: `expected ${what} without control characters, received ${describeForbidden(value, found)}` });
    });
}

/** An absolute http(s) URL. */
export function httpUrl() {
  return z
    .string({ error: (iss) => `expected a web address starting with https://, ${received(iss.input)}` })
    .trim()
    .refine(
      (v) => {
        try {
          const u = new URL(v);
          return (u.protocol === "https:" || u.protocol === "http:") && Boolean(u.hostname);
        } catch {
          return false;
        }
      },
      { error: (iss) => `expected a web address starting with https://, ${received(iss.input)}` },
    )
    .superRefine((value, ctx) => {
      const found = forbiddenCharacter(value);
      if (found)
        ctx.addIssue({ code: "custom", message: `expected a web address without control characters, received ${describeForbidden(value, found)}` });
    });
}

/**
 * A single value or a list, always a list afterwards (`tags: Ukraine` means one tag).
 * `cap` limits the count: `{ max: 30, items: "tags" }`.
 */
export function listOf<T extends z.ZodType>(item: T, what: string, cap?: { max: number; items: string }) {
  const list = z.array(item, {
    error: (iss) => (iss.input === undefined ? `required: expected ${what}, received nothing` : `expected ${what}, ${received(iss.input)}`),
  });
  return z.preprocess(
    (v) => (typeof v === "string" ? [v] : v),
    cap
      ? list.max(cap.max, { error: (iss) => `expected at most ${cap.max} ${cap.items}, received ${String((iss.input as unknown[]).length)}` })
      : list,
  );
}

/** One of a fixed set of names, with "did you mean" for a near miss (`War` → `war`). */
export function oneOf(values: readonly string[], what: string) {
  const message = (input: unknown) => {
    const hint = typeof input === "string" ? suggest(input, values) : undefined;
    return `expected ${what} (one of: ${values.join(", ")}), ${received(input)}${hint ? `, did you mean "${hint}"?` : ""}`;
  };
  return z.string({ error: (iss) => message(iss.input) }).refine((v) => values.includes(v), { error: (iss) => message(iss.input) });
}

/** Written as a web address (`https://…`, `http://…`, `//…`): the host decides, not the file system (images, src/images/remote.ts). */
export function isWebAddress(src: string): boolean {
  return /^(?:https?:)?\/\//i.test(src.trim());
}

/** Decodes each segment of a path (`%e2%80%8a` → U+200A); undefined when an escape is not UTF-8 or decodes to a separator. */
export function decodePath(sitePath: string): string | undefined {
  const segments: string[] = [];
  for (const segment of sitePath.split("/")) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return undefined;
    }
    if (/[/\\?#]/.test(decoded)) return undefined;
    segments.push(decoded);
  }
  return segments.join("/");
}
