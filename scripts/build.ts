// `npm run build [-- --output DIR]`: validate every article, build the site into _site/ atomically,
// and write the build report (.cache/report/; src/report/), a failed build's too.
import path from "node:path";
import { parseArgs } from "node:util";
import { buildClock } from "../src/dates.ts";
import { formatImageStats } from "../src/images/write-images.ts";
import { build } from "../src/pipeline/build.ts";
import { printWarnings, runCli } from "../src/pipeline/cli.ts";
import { formatEmbargoReport } from "../src/pipeline/embargo.ts";
import { checkOutputFolder } from "../src/pipeline/output.ts";
import { enableProgress, phase } from "../src/pipeline/progress.ts";
import { startReport } from "../src/report/index.ts";

await runCli(async () => {
  const { values } = parseArgs({ options: { output: { type: "string", default: "_site" } } });
  // Before anything is read or written: the build replaces the output folder whole, and a bad clock writes nothing.
  checkOutputFolder(process.cwd(), values.output);
  const now = buildClock();
  enableProgress();
  const report = startReport(process.cwd(), now);
  const started = performance.now();
  const total = phase("total", 0, "articles");
  const result = await build(process.cwd(), path.resolve(values.output), { now }).catch(async (error: unknown) => {
    await report.failed(error);
    throw error;
  });
  total.tick(result.prepared.site.articles.length);
  // This process alone: Pagefind's processes are not counted (the bench's figures count the largest of all).
  total.done(`peak ${(process.resourceUsage().maxRSS / 1024 ** 2).toFixed(2)} GiB in this process`);
  printWarnings(result.prepared.warnings);
  console.log(formatImageStats(result.images));
  console.log(formatEmbargoReport(result.embargo));
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(`Built ${result.prepared.site.articles.length} articles, ${result.pages} pages into ${result.outputDir} in ${seconds} s`);
  await report.published(result);
});
