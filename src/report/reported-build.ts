/**
 * A build that writes the build report, as `npm run build` and `npm run merge` run it: progress on,
 * the report started before anything is read and written whether the build publishes or fails, and
 * the same lines printed after it (warnings, images, embargo, peak memory). `summary` words the last line.
 */
import path from "node:path";
import { buildClock } from "../dates.ts";
import { formatImageStats } from "../images/write-images.ts";
import { type BuildOptions, type BuildResult, build } from "../pipeline/build.ts";
import { printWarnings } from "../pipeline/cli.ts";
import { formatEmbargoReport } from "../pipeline/embargo.ts";
import { enableProgress, phase } from "../pipeline/progress.ts";
import { startReport } from "./index.ts";

export async function reportedBuild(
  output: string,
  options: Omit<BuildOptions, "now">,
  summary: (result: BuildResult, seconds: string) => string,
): Promise<BuildResult> {
  const now = buildClock();
  enableProgress();
  const report = startReport(process.cwd(), now);
  const started = performance.now();
  const total = phase("total", 0, "articles");
  const result = await build(process.cwd(), path.resolve(output), {
    ...options,
    now,
    prepared: (ready) => report.prepared(ready),
    whileIndexing: (ready) => report.whileIndexing(ready),
  }).catch(async (error: unknown) => {
    await report.failed(error);
    throw error;
  });
  total.tick(result.prepared.site.articles.length);
  // This process alone: Pagefind's processes are not counted (the bench's figures count the largest of all).
  total.done(`peak ${(process.resourceUsage().maxRSS / 1024 ** 2).toFixed(2)} GiB in this process`);
  printWarnings(result.prepared.warnings);
  console.log(formatImageStats(result.images));
  console.log(formatEmbargoReport(result.embargo));
  console.log(summary(result, ((performance.now() - started) / 1000).toFixed(2)));
  await report.published(result);
  return result;
}
