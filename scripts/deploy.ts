// `npm run deploy -- --to s3:bucket/prefix [--site _site] [--dry-run]`: uploads the built site's new and
// changed files to S3-compatible storage through rclone and deletes the removed ones (src/deploy/).
// The target may also come from DEPLOY_TARGET; the endpoint and keys from the environment (README, Publishing).
import path from "node:path";
import { parseArgs } from "node:util";
import { DeployError, deploy, parseTarget } from "../src/deploy/deploy.ts";
import { runCli } from "../src/pipeline/cli.ts";

await runCli(async () => {
  const { values } = parseArgs({
    options: { to: { type: "string" }, site: { type: "string", default: "_site" }, "dry-run": { type: "boolean", default: false } },
  });
  const to = values.to ?? process.env.DEPLOY_TARGET;
  if (!to) throw new DeployError("deploy: expected --to s3:bucket/prefix (or DEPLOY_TARGET), received neither");
  const target = parseTarget(to);
  const started = performance.now();
  const result = await deploy(path.resolve(values.site), target, { dryRun: values["dry-run"] });
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  const caching = Object.entries(result.byCache)
    .map(([cache, n]) => `${n} ${cache}`)
    .join("; ");
  console.log(
    `${values["dry-run"] ? "would deploy" : "deployed"} ${values.site} to ${to}: ${result.upload.length} uploaded, ${result.remove.length} deleted, ${result.unchanged} unchanged${result.first ? " (no earlier deploy in the bucket: every file uploaded, nothing deleted)" : ""} in ${seconds} s${caching ? ` (${caching})` : ""}`,
  );
});
