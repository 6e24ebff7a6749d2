/**
 * Finds the line of a field in YAML text, for error messages only (the fast
 * parser keeps no positions, so this runs just for files that have problems).
 */
import { createRequire } from "node:module";
import type * as Yaml from "yaml";
import type { Node } from "yaml";

let library: typeof Yaml | undefined;

/** The `yaml` package (CommonJS, as an import would load it too), loaded on first use: valid content never needs it. */
function yaml(): typeof Yaml {
  library ??= createRequire(import.meta.url)("yaml") as typeof Yaml;
  return library;
}

export function locateField(yamlText: string, path: readonly PropertyKey[]): number | undefined {
  const { isMap, isScalar, isSeq, LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, uniqueKeys: false, schema: "core" });
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0];
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === "number") {
      const item = node.items[key] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === undefined ? undefined : lineCounter.linePos(offset).line;
}

/**
 * The file line of each field of YAML text that starts at line `startLine` of its file; a field
 * not in the text (a missing required one) gets the line before it (a front matter's `---`).
 */
export function yamlFieldLines(yamlText: string, startLine: number): (path: readonly PropertyKey[]) => number {
  return (path) => {
    const line = locateField(yamlText, path);
    return line === undefined ? startLine - 1 : startLine + line - 1;
  };
}

/** A precise position and message for a YAML syntax error (js-yaml's marks can point past the culprit). */
export function yamlSyntaxError(yamlText: string): { line: number; column: number; message: string } | undefined {
  const doc = yaml().parseDocument(yamlText, { uniqueKeys: true, schema: "core", prettyErrors: true });
  const error = doc.errors[0];
  if (!error?.linePos) return undefined;
  const [{ line, col }] = error.linePos;
  return { line, column: col, message: error.message.split(" at line ")[0] as string };
}
