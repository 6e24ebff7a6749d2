// `npm start [-- --port 8080]`: a live preview with drafts and embargoed articles, rebuilt on every save.
import { parseArgs } from "node:util";
import { runCli } from "../src/pipeline/cli.ts";
import { startPreview } from "../src/pipeline/preview.ts";

await runCli(async () => {
  const { values } = parseArgs({ options: { port: { type: "string", default: "8080" } } });
  const server = await startPreview(process.cwd(), Number(values.port));
  console.log(`Preview (drafts and embargoed articles included) at ${server.url}; edit files and the browser reloads. Ctrl+C stops.`);
  console.log(`The CMS, saving into this folder: ${new URL("admin/", server.url).href}`);
});
