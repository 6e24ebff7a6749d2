// `npm run new -- "Headline" [--edition eng] [--authors a,b] [--tags "Ukraine,EU"]`: scaffolds an article and prints its path.

import { buildClock } from "../src/dates.ts";
import { NewsroomError } from "../src/errors/content-error.ts";
import { loadConfig } from "../src/model/load.ts";
import { runCli } from "../src/pipeline/cli.ts";
import { createArticle } from "../src/scaffold.ts";

const USAGE = 'usage: npm run new -- "Headline" [--edition eng] [--authors id1,id2] [--tags "Tag one,Tag two"]';
const OPTIONS = ["edition", "authors", "tags"] as const;
type Option = (typeof OPTIONS)[number];

/**
 * The headline and options. A headline may start with a dash (`"-5 killed in Kharkiv"`): only
 * `--edition`, `--authors` and `--tags` are options, anything else is headline text; after `--`
 * everything is. An unknown `--word` is refused rather than put in the headline.
 */
function parseNewArgs(args: readonly string[]): { headline: string; values: Partial<Record<Option, string>> } {
  const values: Partial<Record<Option, string>> = {};
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === "--") {
      words.push(...args.slice(i + 1));
      break;
    }
    const option = /^--([a-z][a-z-]*)(?:=(.*))?$/s.exec(arg);
    if (!option) {
      words.push(arg);
      continue;
    }
    const [, name, inline] = option;
    if (!OPTIONS.includes(name as Option)) {
      throw new NewsroomError(
        `unknown option --${name}; expected --edition, --authors or --tags (a headline that starts with "--" goes after --)\n${USAGE}`,
      );
    }
    const value = inline ?? args[++i];
    if (value === undefined) throw new NewsroomError(`expected a value after --${name}\n${USAGE}`);
    values[name as Option] = value;
  }
  return { headline: words.join(" ").trim(), values };
}

await runCli(async () => {
  const { headline, values } = parseNewArgs(process.argv.slice(2));
  if (!headline) throw new NewsroomError(USAGE);
  const split = (v?: string) =>
    v
      ?.split(",")
      .map((s) => s.trim())
      .filter(Boolean);
  const config = await loadConfig(process.cwd());
  const file = await createArticle(
    process.cwd(),
    config,
    { headline, edition: values.edition, authors: split(values.authors), tags: split(values.tags) },
    buildClock(),
  );
  console.log(file);
});
