/**
 * A whole YAML file (an author, content/tags.yaml), parsed like front matter: the core
 * schema (times stay strings), duplicate keys refused, syntax errors with the precise
 * line and column.
 */
import yaml from "js-yaml";
import type { Problem } from "../errors/problem.ts";
import { yamlSyntaxError } from "./yaml-positions.ts";

export function parseYamlFile(file: string, raw: string): { ok: true; data: unknown; text: string } | { ok: false; problem: Problem } {
  const text = raw.replace(/^\uFEFF/, "");
  try {
    return { ok: true, data: yaml.load(text, { schema: yaml.CORE_SCHEMA }) ?? {}, text };
  } catch (error) {
    if (!(error instanceof yaml.YAMLException)) throw error;
    const precise = yamlSyntaxError(text);
    const [line, column, message] = precise
      ? [precise.line, precise.column, precise.message]
      : [error.mark.line + 1, error.mark.column + 1, error.reason];
    return { ok: false, problem: { file, line, column, field: "", message: `YAML syntax error: ${message}`, severity: "error" } };
  }
}
