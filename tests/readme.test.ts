/** The README is the editors' and operators' manual: every command it names must exist. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { PROJECT } from "./helpers/site.ts";

describe("README", () => {
  it("names only npm scripts that exist", () => {
    const readme = readFileSync(path.join(PROJECT, "README.md"), "utf8");
    const scripts = Object.keys(
      (JSON.parse(readFileSync(path.join(PROJECT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts,
    );
    const named = new Set([...readme.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1] as string));
    if (/npm start/.test(readme)) named.add("start");
    if (/npm test/.test(readme)) named.add("test");
    assert.ok(named.size >= 6, [...named].join(" "));
    assert.deepEqual(
      [...named].filter((n) => !scripts.includes(n)),
      [],
    );
  });
});
