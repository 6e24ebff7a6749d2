/** Comparing a build with the same content built whole: for the tests of incremental publishing. */
import assert from "node:assert/strict";
import { cpSync, readdirSync } from "node:fs";
import path from "node:path";
import type { DateTime } from "luxon";
import { build } from "../../src/pipeline/build.ts";
import { filesUnder, tempDir } from "./site.ts";

/** The content of `dir` built whole into a fresh folder (no record, no cache), at `now`: every file with its bytes. */
export async function fullBuild(dir: string, now: DateTime): Promise<Map<string, Buffer>> {
  const out = tempDir("full-build-");
  const copy = tempDir("full-build-copy-");
  for (const entry of readdirSync(dir))
    if (entry !== ".cache" && !entry.startsWith("_site")) cpSync(path.join(dir, entry), path.join(copy, entry), { recursive: true });
  await build(copy, path.join(out, "_site"), { now });
  return filesUnder(path.join(out, "_site"));
}

/** The same files with the same bytes as a full build's, naming the first that differs. */
export function assertSameSite(actual: Map<string, Buffer>, expected: Map<string, Buffer>): void {
  assert.deepEqual([...actual.keys()].sort(), [...expected.keys()].sort());
  for (const [file, bytes] of expected) assert.ok(bytes.equals(actual.get(file) as Buffer), `${file} differs from a full build's`);
}
