/**
 * Problems stay structured data until one formatter prints them
 * (`content/articles/x.md:4  date: expected ..., received ...`).
 */
export interface Problem {
  /** Path relative to the repository, with forward slashes. */
  file: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** 1-based column, for YAML syntax errors. */
  column?: number;
  /** Field path such as `source.url` or `authors[1]`; empty for whole-file problems. */
  field: string;
  message: string;
  severity: "error" | "warning";
}

export function formatProblem(p: Problem): string {
  const where = `${p.file}${p.line ? `:${p.line}` : ""}${p.line && p.column ? `:${p.column}` : ""}`;
  return `${where}  ${p.field ? `${p.field}: ` : ""}${p.message}`;
}

/** Sorted by file, then line, so a report reads top to bottom like the files. */
export function sortProblems(problems: readonly Problem[]): Problem[] {
  return [...problems].sort((a, b) => a.file.localeCompare(b.file) || (a.line ?? 0) - (b.line ?? 0) || a.field.localeCompare(b.field));
}

export function formatReport(problems: readonly Problem[]): string {
  const errors = problems.filter((p) => p.severity === "error");
  const warnings = problems.filter((p) => p.severity === "warning");
  const lines: string[] = [];
  for (const p of sortProblems(warnings)) lines.push(`warning ${formatProblem(p)}`);
  for (const p of sortProblems(errors)) lines.push(formatProblem(p));
  if (errors.length) {
    const files = new Set(errors.map((p) => p.file)).size;
    lines.push(`${errors.length} ${errors.length === 1 ? "error" : "errors"} in ${files} ${files === 1 ? "file" : "files"}; nothing was written.`);
  }
  return lines.join("\n");
}
