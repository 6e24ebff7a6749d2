/** Field builders shared by the schemas, each with an editor-readable message. */
import { z } from "zod";

/** Describes a received value briefly: `the number 2025`, `a list`, `"next Tuesday"`. */
export function describe(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (typeof value === "string") return value.trim() === "" ? "an empty text" : `"${value.length > 60 ? `${value.slice(0, 60)}…` : value}"`;
  if (typeof value === "number") return `the number ${value}`;
  if (typeof value === "boolean") return `${value}`;
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return "a date";
  return "a mapping of fields";
}

const received = (input: unknown) => `received ${describe(input)}`;

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

/** Non-empty single-line-or-more text, trimmed. */
export function text(what = "text", max = 10_000) {
  return z
    .string({
      error: (iss) => (iss.input === undefined ? `required: expected ${what}, received nothing` : `expected ${what}, ${received(iss.input)}`),
    })
    .overwrite(cleanText)
    .trim()
    .min(1, { error: `expected ${what}, received an empty text` })
    .max(max, { error: (iss) => `expected at most ${max} characters, received ${String((iss.input as string).length)}` });
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
    );
}

/** A single value or a list, always a list afterwards (`tags: Ukraine` means one tag). */
export function listOf<T extends z.ZodType>(item: T, what: string) {
  return z.preprocess(
    (v) => (typeof v === "string" ? [v] : v),
    z.array(item, {
      error: (iss) => (iss.input === undefined ? `required: expected ${what}, received nothing` : `expected ${what}, ${received(iss.input)}`),
    }),
  );
}

export function oneOf(values: readonly string[], what: string) {
  return z.string({ error: (iss) => `expected ${what} (one of: ${values.join(", ")}), ${received(iss.input)}` }).refine((v) => values.includes(v), {
    error: (iss) => `expected ${what} (one of: ${values.join(", ")}), ${received(iss.input)}`,
  });
}
