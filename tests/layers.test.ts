// Layers point one way (README "How it works"): schema → content → model → pages → render →
// pipeline. A module imports only from its own layer and those before it; the schema, the
// lowest, imports nothing of the engine but the shared helpers that import no layer.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";

const ROOT = path.resolve(import.meta.dirname, "..");
const LAYERS = ["schema", "content", "model", "pages", "render", "pipeline"];
/** What the schema may import besides itself: helpers that import no layer. */
const BASE = ["src/errors/", "src/dates.ts", "src/slug.ts"];

/** `src/x/…` → its layer's index, or undefined for a module outside the layers (images, report, …). */
function layerOf(file: string): number | undefined {
  const [top, folder] = file.split("/");
  const i = top === "src" && folder ? LAYERS.indexOf(folder) : -1;
  return i < 0 ? undefined : i;
}

/** Every import of `sources` (repository path → text) that points against the layers, as a sentence. */
function layerViolations(sources: ReadonlyMap<string, string>): string[] {
  const found: string[] = [];
  for (const [file, text] of sources) {
    const from = layerOf(file);
    if (from === undefined) continue;
    for (const m of text.matchAll(/(?:\bfrom\s+|\bimport\s*\(?\s*)"(\.{1,2}\/[^"]+)"/g)) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1] as string));
      const to = layerOf(target);
      const wrong = to !== undefined ? to > from : LAYERS[from] === "schema" && target.startsWith("src/") && !BASE.some((b) => target.startsWith(b));
      if (wrong) found.push(`${file} imports ${target}: layers point one way (${LAYERS.join(" → ")}; the schema imports only ${BASE.join(", ")})`);
    }
  }
  return found;
}

function sourcesOf(folder: string): Map<string, string> {
  const sources = new Map<string, string>();
  for (const entry of readdirSync(path.join(ROOT, folder), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    const file = path.relative(ROOT, path.join(entry.parentPath, entry.name)).split(path.sep).join("/");
    sources.set(file, readFileSync(path.join(ROOT, file), "utf8"));
  }
  return sources;
}

describe("layers", () => {
  it("names an import that points up, and a schema module importing outside the schema", () => {
    const sources = new Map([
      ["src/schema/issues.ts", 'import { locateField } from "../content/yaml-positions.ts";\nimport { z } from "zod";'],
      ["src/schema/author.ts", 'import type { Picture } from "../images/plan.ts";\nimport { text } from "./fields.ts";'],
      ["src/model/site.ts", 'import { renderBody } from "../render/markdown.ts";\nimport { Urls } from "./urls.ts";'],
      ["src/pages/article.ts", 'import type { SiteModel } from "../model/site.ts";\nconst lazy = () => import("../pipeline/prepare.ts");'],
      ["src/content/files.ts", 'import { describe } from "../schema/fields.ts";\nimport { buildClock } from "../dates.ts";'],
    ]);
    const rule =
      "layers point one way (schema → content → model → pages → render → pipeline; the schema imports only src/errors/, src/dates.ts, src/slug.ts)";
    assert.deepEqual(layerViolations(sources), [
      `src/schema/issues.ts imports src/content/yaml-positions.ts: ${rule}`,
      `src/schema/author.ts imports src/images/plan.ts: ${rule}`,
      `src/model/site.ts imports src/render/markdown.ts: ${rule}`,
      `src/pages/article.ts imports src/pipeline/prepare.ts: ${rule}`,
    ]);
  });

  it("holds for every module of src/", () => {
    const sources = sourcesOf("src");
    assert.ok(sources.size > 100, `${sources.size} modules read`);
    assert.deepEqual(layerViolations(sources), []);
  });
});
