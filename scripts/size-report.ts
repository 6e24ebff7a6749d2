// `npm run size-report [-- --site _site] [--json]`: files and bytes of a built site per page kind and
// per article (src/deploy/size-report.ts). Reads this checkout's content to tell the page kinds apart
// (run it with the clock the site was built with, SOURCE_DATE_EPOCH, for an exact match).
import path from "node:path";
import { parseArgs } from "node:util";
import { formatSizeReport, sizeReport } from "../src/deploy/size-report.ts";
import { runCli } from "../src/pipeline/cli.ts";
import { prepare } from "../src/pipeline/prepare.ts";

await runCli(async () => {
  const { values } = parseArgs({ options: { site: { type: "string", default: "_site" }, json: { type: "boolean", default: false } } });
  const ready = await prepare(process.cwd());
  const report = sizeReport(path.resolve(values.site), ready);
  console.log(values.json ? JSON.stringify(report, null, 2) : formatSizeReport(report, values.site));
});
