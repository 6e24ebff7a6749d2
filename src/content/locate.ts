/**
 * Finds the line of a field in YAML text, for error messages only (the fast
 * parser keeps no positions, so this runs just for files that have problems).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import { parseFrontMatter } from "./front-matter.ts";

export function locateField(yamlText: string, path: readonly PropertyKey[]): number | undefined {
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

/** The file line of a front-matter field, re-reading the file (error paths only). */
export async function locateInFile(root: string, file: string, path: readonly PropertyKey[]): Promise<number | undefined> {
  const parsed = parseFrontMatter(await readFile(join(root, file), "utf8"));
  if (!parsed.ok) return undefined;
  const line = locateField(parsed.value.yamlText, path);
  return line === undefined ? undefined : parsed.value.yamlStartLine + line - 1;
}
