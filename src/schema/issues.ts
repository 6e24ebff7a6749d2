/** Turns zod issues into editor-facing problems with field paths and lines. */
import { closest, distance } from "fastest-levenshtein";
import type { z } from "zod";
import type { Problem } from "../errors/problem.ts";

export function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === "number" ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), "");
}

/**
 * Suggests the known name an editor probably meant: a near spelling (a typo), else the one
 * name that starts with what was written (`ulyana` → `ulyana-krychkovska`), else the one
 * name that contains it (`krychkovska`). Case is ignored; ambiguous prefixes suggest nothing.
 */
export function suggest(value: string, known: readonly string[]): string | undefined {
  if (!known.length || !value) return undefined;
  const best = closest(value, known as string[]);
  const limit = Math.max(2, Math.floor(best.length / 3));
  if (distance(value, best) <= limit) return best;
  const lower = value.toLowerCase();
  const only = (matches: readonly string[]) => (matches.length === 1 ? matches[0] : undefined);
  if (lower.length >= 2) {
    const byPrefix = only(known.filter((k) => k.toLowerCase().startsWith(lower)));
    if (byPrefix) return byPrefix;
  }
  if (lower.length >= 3) return only(known.filter((k) => k.toLowerCase().includes(lower)));
  return undefined;
}

export interface LocateContext {
  file: string;
  /**
   * The file line of the field at a path: the layer that read the file knows where its fields
   * are (src/content/yaml-positions.ts `yamlFieldLines`); the schema knows only their paths.
   */
  line: (path: readonly PropertyKey[]) => number;
  /** Known keys per object path (`""` for the top level, `"image"`, `"corrections[]"` ...) for suggestions. */
  knownKeys: Record<string, readonly string[]>;
}

export function lineOf(ctx: LocateContext, path: readonly PropertyKey[]): number {
  return ctx.line(path);
}

export function issuesToProblems(issues: readonly z.core.$ZodIssue[], ctx: LocateContext): Problem[] {
  const problems: Problem[] = [];
  for (const issue of issues) {
    if (issue.code === "unrecognized_keys") {
      // List items share their keys: `corrections[2]` looks up `corrections[]`.
      const known = ctx.knownKeys[fieldPath(issue.path).replace(/\[\d+\]/g, "[]")] ?? [];
      for (const key of issue.keys) {
        const path = [...issue.path, key];
        const hint = suggest(key, known);
        problems.push({
          file: ctx.file,
          line: lineOf(ctx, path),
          field: fieldPath(path),
          message: `unknown field${hint ? `, did you mean "${hint}"?` : ""} (known fields: ${known.join(", ")})`,
          severity: "error",
        });
      }
      continue;
    }
    problems.push({ file: ctx.file, line: lineOf(ctx, issue.path), field: fieldPath(issue.path), message: issue.message, severity: "error" });
  }
  return problems;
}

/**
 * The field names of every object in a schema, by field path (`""`, `source`, `corrections[]`):
 * what an "unknown field" message lists as known. Read from the schema itself, so a new field
 * is known the moment the schema has it.
 */
export function knownKeysOf(schema: z.core.$ZodType): Record<string, readonly string[]> {
  const keys: Record<string, readonly string[]> = {};
  const walk = (node: z.core.$ZodType, at: string): void => {
    const def = node._zod.def as unknown as Record<string, unknown> & { type: string };
    switch (def.type) {
      case "object": {
        const shape = def.shape as Record<string, z.core.$ZodType>;
        keys[at] = Object.keys(shape);
        for (const [name, field] of Object.entries(shape)) walk(field, at ? `${at}.${name}` : name);
        return;
      }
      case "optional":
      case "nullable":
      case "default":
      case "prefault":
      case "readonly":
      case "catch":
      case "nonoptional":
        walk(def.innerType as z.core.$ZodType, at);
        return;
      case "array":
        walk(def.element as z.core.$ZodType, `${at}[]`);
        return;
      case "pipe":
        walk(def.in as z.core.$ZodType, at);
        walk(def.out as z.core.$ZodType, at);
        return;
      case "union":
        for (const option of def.options as z.core.$ZodType[]) walk(option, at);
        return;
    }
  };
  walk(schema, "");
  return keys;
}
