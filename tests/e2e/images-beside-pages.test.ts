/**
 * Images are encoded while pages render (src/pipeline/build.ts): an image step that fails after the
 * pages were written still fails the build, publishes nothing and leaves no temporary folder.
 */
import assert from "node:assert/strict";
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { article, filesUnder, makeSite, run } from "../helpers/site.ts";

const CLOCK = { SOURCE_DATE_EPOCH: String(1743074100) };

describe("images beside rendering", () => {
  it("a failing image step fails the build after rendering and leaves the last good site as it was", () => {
    const dir = makeSite({ "content/articles/eng/2025/03/a.md": article({ title: "A" }) });
    const good = run(dir, "build", CLOCK);
    assert.equal(good.code, 0, good.stderr);
    const before = filesUnder(path.join(dir, "_site"));
    // The image cache cannot be written: a file where its folder should be.
    rmSync(path.join(dir, ".cache/images"), { recursive: true });
    writeFileSync(path.join(dir, ".cache/images"), "not a folder");
    writeFileSync(path.join(dir, "content/articles/eng/2025/03/b.md"), article({ title: "B", date: "2025-03-26 10:00" }));
    const failed = run(dir, "build", CLOCK);
    assert.equal(failed.code, 1);
    // The pages were rendered while the images failed.
    assert.match(failed.stdout, /^write: \d+ pages in /m);
    assert.match(failed.stderr, /ENOTDIR: not a directory, mkdir '.*\.cache\/images\/verified'/);
    assert.deepEqual(filesUnder(path.join(dir, "_site")), before);
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.startsWith("_site")),
      ["_site"],
    );
  });
});
