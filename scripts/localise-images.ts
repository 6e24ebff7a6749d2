// `npm run images:localise -- [ARTICLE.md ...] [--timeout SECONDS]`: remote body images downloaded next to their articles.

import { NewsroomError } from "../src/errors/content-error.ts";
import { formatLocaliseReport, localiseImages } from "../src/images/localise.ts";
import { runCli } from "../src/pipeline/cli.ts";

const USAGE = "usage: npm run images:localise -- [content/articles/.../article.md ...] [--timeout SECONDS]";

await runCli(async () => {
  const args = process.argv.slice(2);
  const files: string[] = [];
  let timeoutSeconds = 20;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const option = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!option) {
      files.push(arg);
      continue;
    }
    if (option[1] !== "timeout") throw new NewsroomError(`unknown option ${arg}\n${USAGE}`);
    const value = option[2] ?? args[++i];
    const seconds = Number(value);
    if (!value || !Number.isFinite(seconds) || seconds <= 0)
      throw new NewsroomError(`--timeout: expected seconds such as 20, received ${value ?? "nothing"}`);
    timeoutSeconds = seconds;
  }
  const report = await localiseImages(process.cwd(), { files, timeoutSeconds });
  console.log(formatLocaliseReport(report));
  if (report.failed.length || report.hostsDown.size) process.exitCode = 1;
});
