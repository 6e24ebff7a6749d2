// `npm run check`: validate the content without building (for editors and pre-commit hooks).
import { printWarnings, runCli } from "../src/pipeline/cli.ts";
import { prepare } from "../src/pipeline/prepare.ts";

// Not awaited at the top level: the launcher runs this file as CommonJS, with V8's code cache (scripts/run.mjs).
void runCli(async () => {
  const { site, warnings } = await prepare(process.cwd(), { validateOnly: true });
  printWarnings(warnings);
  console.log(`${site.articles.length} published articles and ${site.authors.size} authors are valid.`);
});
