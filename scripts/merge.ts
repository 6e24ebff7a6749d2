// `npm run merge [-- --shards DIR --output DIR]`: puts the parts of a sharded build (`npm run build --
// --shard K/N`, in _shards/K-of-N/) together into _site/: checks that every part is there, from this
// checkout's content, code and clock, with no file twice; renders what needs the whole archive (lists,
// feeds, sitemaps, the stylesheet), checks every link and swaps the site into place atomically, as
// `npm run build` does. Any problem: a message, exit 1, _site/ untouched. Writes the build report.
import path from "node:path";
import { parseArgs } from "node:util";
import { buildClock } from "../src/dates.ts";
import { formatImageStats } from "../src/images/write-images.ts";
import { build } from "../src/pipeline/build.ts";
import { printWarnings, runCli } from "../src/pipeline/cli.ts";
import { formatEmbargoReport } from "../src/pipeline/embargo.ts";
import { checkOutputFolder } from "../src/pipeline/output.ts";
import { enableProgress, phase } from "../src/pipeline/progress.ts";
import { mergePart, readShards, SHARDS_DIR } from "../src/pipeline/shard.ts";
import { startReport } from "../src/report/index.ts";

await runCli(async () => {
  const { values } = parseArgs({ options: { output: { type: "string", default: "_site" }, shards: { type: "string", default: SHARDS_DIR } } });
  checkOutputFolder(process.cwd(), values.output);
  // The parts are checked among themselves before the corpus is read (seconds at 20k); against the checkout after.
  readShards(path.resolve(values.shards));
  const now = buildClock();
  enableProgress();
  const report = startReport(process.cwd(), now);
  const started = performance.now();
  const total = phase("total", 0, "articles");
  const result = await build(process.cwd(), path.resolve(values.output), { now, part: mergePart(process.cwd(), path.resolve(values.shards)) }).catch(
    async (error: unknown) => {
      await report.failed(error);
      throw error;
    },
  );
  total.tick(result.prepared.site.articles.length);
  total.done(`peak ${(process.resourceUsage().maxRSS / 1024 ** 2).toFixed(2)} GiB in this process`);
  printWarnings(result.prepared.warnings);
  console.log(formatImageStats(result.images));
  console.log(formatEmbargoReport(result.embargo));
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(
    `Merged ${result.filled} files from ${values.shards} and ${result.pages} pages rendered here: ${result.prepared.site.articles.length} articles into ${result.outputDir} in ${seconds} s`,
  );
  await report.published(result);
});
