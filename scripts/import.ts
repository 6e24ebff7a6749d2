// `npm run import -- FILE [--edition eng] [--tag NAME] [--author ID] [--dry-run]`: a WordPress export, RSS or Atom file to articles.

import { buildClock } from "../src/dates.ts";
import { NewsroomError } from "../src/errors/content-error.ts";
import { importFile } from "../src/import/index.ts";
import { formatImportReport } from "../src/import/writer.ts";
import { runCli } from "../src/pipeline/cli.ts";

const USAGE = "usage: npm run import -- FILE [--edition eng] [--tag NAME] [--author ID] [--dry-run]";
const VALUED = ["edition", "tag", "author"];

function parseArgs(args: readonly string[]): { file: string; values: Record<string, string>; dryRun: boolean } {
  const values: Record<string, string> = {};
  const files: string[] = [];
  let dryRun = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    const option = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(arg);
    if (!option) {
      files.push(arg);
      continue;
    }
    const [, name, inline] = option as unknown as [string, string, string | undefined];
    if (name === "dry-run") {
      dryRun = true;
      continue;
    }
    if (!VALUED.includes(name)) throw new NewsroomError(`unknown option --${name}\n${USAGE}`);
    const value = inline ?? args[++i];
    if (value === undefined) throw new NewsroomError(`expected a value after --${name}\n${USAGE}`);
    values[name] = value;
  }
  if (files.length !== 1) throw new NewsroomError(files.length ? `expected one file, received ${files.join(", ")}\n${USAGE}` : USAGE);
  return { file: files[0] as string, values, dryRun };
}

await runCli(async () => {
  const { file, values, dryRun } = parseArgs(process.argv.slice(2));
  const report = await importFile(process.cwd(), file, {
    edition: values.edition,
    tag: values.tag,
    author: values.author,
    dryRun,
    now: buildClock(),
  });
  console.log(formatImportReport(report, file));
});
