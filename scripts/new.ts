// `npm run new -- "Headline" [--edition eng] [--authors a,b] [--tags "Ukraine,EU"]`: scaffolds an article and prints its path.
import { parseArgs } from "node:util";
import { runCli } from "../src/build/cli.ts";
import { buildClock } from "../src/dates.ts";
import { NewsroomError } from "../src/errors/content-error.ts";
import { loadConfig } from "../src/model/load.ts";
import { createArticle } from "../src/scaffold.ts";

await runCli(async () => {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { edition: { type: "string" }, authors: { type: "string" }, tags: { type: "string" } },
  });
  const headline = positionals.join(" ").trim();
  if (!headline) throw new NewsroomError('usage: npm run new -- "Headline" [--edition eng] [--authors id1,id2] [--tags "Tag one,Tag two"]');
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
