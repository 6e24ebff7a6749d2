import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import type { Problem } from "../../src/errors/problem.ts";
import { formatProblem } from "../../src/errors/problem.ts";
import { loadTagsFile } from "../../src/model/load-tags.ts";
import { tempDir } from "../helpers/site.ts";

async function load(text: string | undefined) {
  const root = tempDir("tags-");
  mkdirSync(path.join(root, "content"));
  if (text !== undefined) writeFileSync(path.join(root, "content/tags.yaml"), text);
  const problems: Problem[] = [];
  const file = await loadTagsFile(root, ["uk", "eng"], problems);
  return { file, report: problems.map(formatProblem) };
}

describe("content/tags.yaml", () => {
  it("is optional", async () => {
    assert.deepEqual(await load(undefined), { file: {}, report: [] });
  });

  it("gives names and descriptions per edition and slug", async () => {
    assert.deepEqual((await load("eng:\n  eu:\n    name: European Union\n")).file, { eng: { eu: { name: "European Union" } } });
  });

  it("reports every problem with file:line", async () => {
    const { report } = await load("eng:\n  eu:\n    nme: European Union\n  Bad Slug:\n    name: x\nfr:\n  eu:\n    name: UE\n");
    assert.deepEqual(report, [
      'content/tags.yaml:3  eng.eu.nme: unknown field, did you mean "name"? (known fields: name, description)',
      'content/tags.yaml:4  eng.Bad Slug: expected a tag slug such as "russo-ukrainian-war" (the end of the tag page URL), received "Bad Slug"',
      'content/tags.yaml:6  fr: expected an edition id (one of: uk, eng), received "fr"',
    ]);
    assert.deepEqual((await load("eng:\n  eu: [\n")).report, [
      "content/tags.yaml:3:1  YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]",
    ]);
  });
});
