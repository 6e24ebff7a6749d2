// How the bundled build (scripts/run.mjs) imports the site's TypeScript: a CommonJS file through
// tsx's require hook in the build's own thread, an ES module through tsx's loader.
import assert from "node:assert/strict";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { importTsScoped, loadedAs } from "../src/ts-import.ts";
import { tempDir } from "./helpers/site.ts";

const dir = tempDir("newsroom-ts-import-");
after(() => rmSync(dir, { recursive: true, force: true }));

function write(file: string, text: string): string {
  const full = path.join(dir, file);
  mkdirSync(path.dirname(full), { recursive: true });
  writeFileSync(full, text);
  return full;
}

describe("importTsScoped", () => {
  it("tells CommonJS from ES modules as Node does: by extension, then the nearest package.json's type", () => {
    assert.equal(loadedAs(write("plain/content/site.config.ts", "")), "commonjs");
    write("esm/package.json", '{ "type": "module" }');
    assert.equal(loadedAs(write("esm/content/site.config.ts", "")), "module");
    assert.equal(loadedAs(write("esm/content/x.cts", "")), "commonjs");
    write("cjs/package.json", '{ "name": "site" }');
    assert.equal(loadedAs(write("cjs/content/site.config.ts", "")), "commonjs");
    assert.equal(loadedAs(write("cjs/content/x.mts", "")), "module");
  });

  it("imports a CommonJS config with its TypeScript imports, and a changed one anew under its new version", async () => {
    write("plain/content/sections.ts", 'export const sections: string[] = ["news"];\n');
    const file = write(
      "plain/content/site.config.ts",
      'import { sections } from "./sections.ts";\nconst size: number = 20;\nexport const named = 1;\nexport default { pageSize: size, sections };\n',
    );
    const first = await importTsScoped(`${pathToFileURL(file).href}?v=1`);
    assert.deepEqual(first.default, { pageSize: 20, sections: ["news"] });
    assert.equal(first.named, 1);
    writeFileSync(file, "export default { pageSize: 7 };\n");
    assert.deepEqual((await importTsScoped(`${pathToFileURL(file).href}?v=2`)).default, { pageSize: 7 });
  });

  it("gives a module.exports object as the default, beside its names", async () => {
    const file = write("plain/content/old.cts", "module.exports = { pageSize: 5 };\n");
    const module = await importTsScoped(pathToFileURL(file).href);
    assert.deepEqual(module.default, { pageSize: 5 });
    assert.equal(module.pageSize, 5);
  });

  it("imports an ES-module config (top-level await and all) through tsx's loader", async () => {
    const file = write("esm/content/site.config.ts", "const size: number = await Promise.resolve(12);\nexport default { pageSize: size };\n");
    assert.deepEqual((await importTsScoped(pathToFileURL(file).href)).default, { pageSize: 12 });
  });

  it("reports a broken file with its name", async () => {
    const file = write("plain/content/broken.config.ts", "export default {;\n");
    await assert.rejects(importTsScoped(pathToFileURL(file).href), /broken\.config\.ts/);
  });
});
