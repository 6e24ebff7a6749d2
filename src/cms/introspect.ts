/**
 * Reads a zod schema as a tree of fields for the CMS form: kind (text, date, list, object …),
 * whether it is required, its length limit, its regex and the error text the schema gives a value
 * that breaks it. Only what zod exposes (`_zod.def`) and what the schema answers when asked
 * (a date field is one that turns "2025-03-27 13:15" into a DateTime), never a copy of its rules.
 */
import { DateTime } from "luxon";
import type { z } from "zod";

export type FieldKind = "string" | "date" | "boolean" | "number" | "list" | "tuple" | "object" | "choice" | "unknown";

export interface SchemaField {
  name: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  /** Longest text the schema takes. */
  maxLength?: number;
  /** A regex the text must match (only those without the `u` flag, which the CMS cannot compile). */
  pattern?: { source: string; message: string };
  /** Lists: fewest and most items; tuple: its length. */
  minItems?: number;
  maxItems?: number;
  /** Lists, tuples: the item. */
  item?: SchemaField;
  /** Objects: the fields. */
  fields?: SchemaField[];
  /** Numbers: bounds. */
  min?: number;
  max?: number;
  /** Choices: the values the schema accepts out of the candidates it was asked about. */
  options?: string[];
  /** The alternatives of a union (`name: "X"` or `name: {uk, en}`), the richest first. */
  variants?: SchemaField[];
}

// zod 4's internals, typed as far as this module reads them.
interface Def {
  type: string;
  innerType?: Schema;
  in?: Schema;
  out?: Schema;
  element?: Schema;
  items?: Schema[];
  shape?: Record<string, Schema>;
  options?: Schema[];
  keyType?: Schema;
  valueType?: Schema;
  checks?: { _zod: { def: { check: string; maximum?: number; minimum?: number; value?: number; format?: string; pattern?: RegExp } } }[];
}
type Schema = z.ZodType & { _zod: { def: Def; optin?: string } };

/** What a field's value becomes after the wrappers (optional, default, preprocess pipes). */
function unwrap(schema: Schema): Schema {
  let s = schema;
  for (;;) {
    const def = s._zod.def;
    if ((def.type === "optional" || def.type === "default" || def.type === "nullable" || def.type === "prefault") && def.innerType) s = def.innerType;
    else if (def.type === "pipe" && def.in && def.out) {
      // A preprocess (`tags: Ukraine` → a list): the value is what comes out. A transform after a
      // string (dates): the value is written as the string.
      s = def.in._zod.def.type === "transform" ? def.out : def.in;
    } else return s;
  }
}

function checksOf(schema: Schema): NonNullable<Def["checks"]> {
  const all: NonNullable<Def["checks"]> = [];
  for (let s: Schema | undefined = schema; s; ) {
    all.push(...(s._zod.def.checks ?? []));
    const def: Def = s._zod.def;
    s = def.type === "pipe" ? def.out : undefined;
  }
  return all;
}

/** The schema's own message for a value, without the part that quotes the value. */
function messageFor(schema: Schema, value: unknown): string | undefined {
  const result = schema.safeParse(value);
  if (result.success) return undefined;
  return result.error.issues[0]?.message.replace(/,? received .*$/s, "");
}

const SAMPLE_DATE = "2025-03-27 13:15";
const ODD_TEXT = "zz-not-any-known-value-zz";

export interface IntrospectOptions {
  /** Values a closed set of strings may hold (sections, languages): a text that accepts only some of them is a choice. */
  candidates?: readonly string[];
}

export function describeField(name: string, schema: z.ZodType, options: IntrospectOptions = {}): SchemaField {
  const s = schema as Schema;
  // Asked: a preprocess (`tags: Ukraine`) says "optional" of itself, yet refuses nothing.
  const required = !s.safeParse(undefined).success;
  const inner = unwrap(s);
  const def = inner._zod.def;
  const description = s.description ?? inner.description;
  const base = { name, required, ...(description ? { description } : {}) };
  if (def.type === "string") {
    // Asked rather than read: a string that a transform turns into a date.
    const parsed = s.safeParse(SAMPLE_DATE);
    if (parsed.success && DateTime.isDateTime(parsed.data)) return { ...base, kind: "date" };
    const candidates = options.candidates ?? [];
    if (!s.safeParse(ODD_TEXT).success && candidates.length) {
      const accepted = candidates.filter((c) => s.safeParse(c).success);
      if (accepted.length) return { ...base, kind: "choice", options: accepted };
    }
    const checks = checksOf(inner);
    const max = checks.find((c) => c._zod.def.check === "max_length")?._zod.def.maximum;
    const regex = checks.map((c) => c._zod.def.pattern).find((p): p is RegExp => p instanceof RegExp && !p.flags.includes("u"));
    const message = regex ? messageFor(inner, "Not A Valid Value!") : undefined;
    return {
      ...base,
      kind: "string",
      ...(max !== undefined ? { maxLength: max } : {}),
      ...(regex && message ? { pattern: { source: regex.source, message } } : {}),
    };
  }
  if (def.type === "boolean") return { ...base, kind: "boolean" };
  if (def.type === "number") {
    const checks = checksOf(inner);
    const min = checks.find((c) => c._zod.def.check === "greater_than")?._zod.def.value;
    const max = checks.find((c) => c._zod.def.check === "less_than")?._zod.def.value;
    return { ...base, kind: "number", ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  }
  if (def.type === "array" && def.element) {
    const checks = checksOf(inner);
    const maxItems = checks.find((c) => c._zod.def.check === "max_length")?._zod.def.maximum;
    // A refinement such as "at least one": asked with an empty list.
    const minItems = s.safeParse([]).success ? undefined : 1;
    return {
      ...base,
      kind: "list",
      item: describeField(name, def.element, options),
      ...(minItems !== undefined ? { minItems } : {}),
      ...(maxItems !== undefined ? { maxItems } : {}),
    };
  }
  if (def.type === "tuple" && def.items) {
    const items = def.items.map((item, i) => describeField(`${name}[${i}]`, item, options));
    return { ...base, kind: "tuple", item: items[0], minItems: items.length, maxItems: items.length };
  }
  if (def.type === "object" && def.shape) return { ...base, kind: "object", fields: describeObject(inner, options) };
  if (def.type === "record" && def.valueType) {
    // A value per language (`name: {uk: …, en: …}`): one field per candidate the key accepts.
    const keys = (options.candidates ?? []).filter((c) => def.keyType?.safeParse(c).success);
    const value = describeField("", def.valueType, options);
    return { ...base, kind: "object", fields: keys.map((k) => ({ ...value, name: k, required: false })) };
  }
  if (def.type === "union" && def.options) {
    const variants = def.options.map((o) => describeField(name, o, options));
    // The richest form first (an object over a plain text): the CMS writes one form only.
    variants.sort((a, b) => rank(b) - rank(a));
    return { ...(variants[0] as SchemaField), ...base, variants };
  }
  return { ...base, kind: "unknown" };
}

const rank = (f: SchemaField) => (f.kind === "object" ? 2 : f.kind === "list" ? 1 : 0);

/** The fields of an object schema (`z.strictObject({...})`, possibly optional or preprocessed). */
export function describeObject(schema: z.ZodType, options: IntrospectOptions = {}): SchemaField[] {
  const shape = unwrap(schema as Schema)._zod.def.shape ?? {};
  return Object.entries(shape).map(([name, field]) => describeField(name, field, options));
}
