// `npm run merge [-- --shards DIR --output DIR]`: puts the parts of a sharded build (`npm run build --
// --shard K/N`, in _shards/K-of-N/) together into _site/: checks that every part is there, from this
// checkout's content, code and clock, with no file twice; renders what needs the whole archive (lists,
// feeds, sitemaps, the stylesheet), checks every link and swaps the site into place atomically, as
// `npm run build` does. Any problem: a message, exit 1, _site/ untouched. Writes the build report.
import path from "node:path";
import { parseArgs } from "node:util";
import { runCli } from "../src/pipeline/cli.ts";
import { checkOutputFolder } from "../src/pipeline/output.ts";
import { mergePart, readShards, SHARDS_DIR } from "../src/pipeline/shard.ts";
import { reportedBuild } from "../src/report/reported-build.ts";

// Not awaited at the top level: the launcher runs this file as CommonJS, with V8's code cache (scripts/run.mjs).
void runCli(async () => {
  const { values } = parseArgs({ options: { output: { type: "string", default: "_site" }, shards: { type: "string", default: SHARDS_DIR } } });
  checkOutputFolder(process.cwd(), values.output);
  // The parts are checked among themselves before the corpus is read (seconds at 20k); against the checkout after.
  readShards(path.resolve(values.shards));
  await reportedBuild(
    values.output,
    { part: mergePart(process.cwd(), path.resolve(values.shards)) },
    (result, seconds) =>
      `Merged ${result.filled} files from ${values.shards} and ${result.pages} pages rendered here: ${result.prepared.site.articles.length} articles into ${result.outputDir} in ${seconds} s`,
  );
});
