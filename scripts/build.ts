// `npm run build [-- --output DIR]`: validate every article, build the site into _site/ atomically,
// and write the build report (.cache/report/; src/report/), a failed build's too.
// `npm run build -- --shard K/N`: part K of N of the site into _shards/K-of-N/ (src/pipeline/shard.ts);
// `npm run merge` puts the parts together into _site/ and writes the report.
import path from "node:path";
import { parseArgs } from "node:util";
import { buildClock } from "../src/dates.ts";
import { formatImageStats } from "../src/images/write-images.ts";
import { build } from "../src/pipeline/build.ts";
import { printWarnings, runCli } from "../src/pipeline/cli.ts";
import { checkOutputFolder } from "../src/pipeline/output.ts";
import { enableProgress } from "../src/pipeline/progress.ts";
import { isShardFolder, parseShardSpec, SHARDS_DIR, shardName, shardPart } from "../src/pipeline/shard.ts";
import { reportedBuild } from "../src/report/reported-build.ts";

// Not awaited at the top level: the launcher runs this file as CommonJS, with V8's code cache (scripts/run.mjs).
// The process exits once the build and its report are done (exit code 1 when the build failed): left to end on
// its own, Node frees the build's heap (~1 GiB at 100,000 articles) piece by piece first, ~0.15 s of every
// publish. By then every file is written and closed, and standard output and error are synchronous.
void runCli(async () => {
  const { values } = parseArgs({ options: { output: { type: "string" }, shard: { type: "string" } } });
  if (values.shard !== undefined) return buildShard(values.shard, values.output);
  const output = values.output ?? "_site";
  // Before anything is read or written: the build replaces the output folder whole, and a bad clock writes nothing.
  checkOutputFolder(process.cwd(), output);
  await reportedBuild(
    output,
    {},
    (result, seconds) => `Built ${result.prepared.site.articles.length} articles, ${result.pages} pages into ${result.outputDir} in ${seconds} s`,
  );
}).then(() => process.exit());

/** One part of a sharded build: no report (the merge publishes, and reports), no link check (the merge checks the whole site). */
async function buildShard(text: string, outputOption: string | undefined): Promise<void> {
  const spec = parseShardSpec(text);
  const output = outputOption ?? path.join(SHARDS_DIR, shardName(spec));
  if (!isShardFolder(output)) checkOutputFolder(process.cwd(), output);
  const now = buildClock();
  enableProgress();
  const started = performance.now();
  const result = await build(process.cwd(), path.resolve(output), { now, part: shardPart(process.cwd(), spec) });
  printWarnings(result.prepared.warnings);
  console.log(formatImageStats(result.images));
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(
    `Built part ${spec.index}/${spec.count}: ${result.pages} pages into ${output} in ${seconds} s, peak ${(process.resourceUsage().maxRSS / 1024 ** 2).toFixed(2)} GiB; npm run merge puts the parts together`,
  );
}
