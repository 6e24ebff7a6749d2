/**
 * The GitHub Actions workflows, parsed with the `yaml` package (no actionlint here): valid YAML,
 * a job graph without unknown or circular `needs`, every `needs.X.outputs.Y` a declared output of a
 * job it needs, every `npm run` a script of package.json, and the sharded workflow's parts wired from
 * the plan through the matrix and the artifacts to the merge (issue 19).
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import { parse } from "yaml";
import { BUNDLES_DIR } from "../scripts/bundles.mjs";
import { LINKS_CACHE_DIR } from "../src/model/links-cache.ts";
import { PARSE_CACHE_DIR } from "../src/model/parse-cache.ts";
import { SEARCH_CACHE_DIR, SEARCH_RECORDS_DIR } from "../src/pipeline/search-index.ts";
import { FEED_BODIES_DIR } from "../src/render/body-cache.ts";
import { MANIFEST_FILE, REPORT_DIR } from "../src/report/write.ts";
import { PROJECT } from "./helpers/site.ts";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string | string[];
  if?: string;
  outputs?: Record<string, string>;
  strategy?: { matrix?: Record<string, unknown> };
  env?: Record<string, string>;
  steps?: Step[];
}
interface Workflow {
  name: string;
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

/** A GitHub Actions expression as the workflow writes it: `gh("matrix.part")` is `${{ matrix.part }}`. */
const gh = (expression: string) => `\${{ ${expression} }}`;
const DIR = path.join(PROJECT, ".github/workflows");
const workflows = readdirSync(DIR).filter((f) => f.endsWith(".yml"));
const load = (file: string) => parse(readFileSync(path.join(DIR, file), "utf8"), { strict: true, uniqueKeys: true }) as Workflow;
const needsOf = (job: Job) => (job.needs === undefined ? [] : [job.needs].flat());
const scripts = Object.keys((JSON.parse(readFileSync(path.join(PROJECT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts);

describe("the workflows", () => {
  it("are the plain and the sharded publish", () => assert.deepEqual(workflows.sort(), ["publish-sharded.yml", "publish.yml"]));

  for (const file of workflows) {
    describe(file, () => {
      const wf = load(file);

      it("has a name, triggers and jobs with steps", () => {
        assert.ok(wf.name && wf.on && Object.keys(wf.jobs).length > 0);
        for (const [id, job] of Object.entries(wf.jobs)) assert.ok(Array.isArray(job.steps) && job.steps.length > 0, id);
      });

      it("needs only jobs it has, without a cycle", () => {
        const seen = new Map<string, "visiting" | "done">();
        const visit = (id: string, trail: string[]) => {
          assert.ok(wf.jobs[id], `${trail.join(" → ")} needs ${id}, which is not a job`);
          if (seen.get(id) === "done") return;
          assert.notEqual(seen.get(id), "visiting", `cycle: ${[...trail, id].join(" → ")}`);
          seen.set(id, "visiting");
          for (const need of needsOf(wf.jobs[id] as Job)) visit(need, [...trail, id]);
          seen.set(id, "done");
        };
        for (const id of Object.keys(wf.jobs)) visit(id, []);
      });

      it("reads only declared outputs of the jobs it needs", () => {
        for (const [id, job] of Object.entries(wf.jobs)) {
          const text = JSON.stringify(job);
          for (const [, need, output] of text.matchAll(/needs\.([\w-]+)\.outputs\.([\w-]+)/g)) {
            assert.ok(needsOf(job).includes(need as string), `${id} reads needs.${need} without needing it`);
            assert.ok(wf.jobs[need as string]?.outputs?.[output as string], `${id} reads ${need}'s output ${output}, which it does not declare`);
          }
          for (const [, step] of text.matchAll(/steps\.([\w-]+)\.outputs/g)) {
            assert.ok(
              job.steps?.some((s) => (s as { id?: string }).id === step),
              `${id} reads the outputs of step ${step}, which it does not have`,
            );
          }
        }
      });

      it("runs only scripts package.json has, and pinned actions", () => {
        for (const [id, job] of Object.entries(wf.jobs)) {
          for (const step of job.steps ?? []) {
            for (const [, script] of (step.run ?? "").matchAll(/npm run ([\w:-]+)/g))
              assert.ok(scripts.includes(script as string), `${id}: npm run ${script}`);
            if (step.uses) assert.match(step.uses, /^[\w-]+\/[\w-]+(?:\/[\w-]+)?@v\d+$/, `${id}: ${step.uses}`);
          }
        }
      });
    });
  }

  describe("publish.yml", () => {
    it("keeps every cache a publish reads between runs: the generator's bundles, parsed articles, related links, photos, pages (and the kept plan), feeds' bodies, search shards and records, the last published article list", () => {
      const job = load("publish.yml").jobs.build;
      const cache = (job?.steps ?? []).find((s) => s.uses?.startsWith("actions/cache@") && String(s.with?.path ?? "").includes(".cache/pages"));
      assert.deepEqual(
        String(cache?.with?.path ?? "")
          .trim()
          .split("\n"),
        [
          BUNDLES_DIR,
          PARSE_CACHE_DIR,
          LINKS_CACHE_DIR,
          ".cache/images",
          ".cache/pages",
          FEED_BODIES_DIR,
          SEARCH_CACHE_DIR,
          SEARCH_RECORDS_DIR,
          `${REPORT_DIR}/${MANIFEST_FILE}`,
        ],
      );
    });
  });

  describe("publish-sharded.yml", () => {
    const wf = load("publish-sharded.yml");
    const { plan, shard, merge, pages } = wf.jobs as Record<string, Job>;
    const steps = (job: Job | undefined) => job?.steps ?? [];
    const runs = (job: Job | undefined) =>
      steps(job)
        .map((s) => s.run ?? "")
        .join("\n");

    it("plans, builds the parts as a matrix, merges, then publishes", () => {
      assert.deepEqual(needsOf(shard as Job), ["plan"]);
      assert.deepEqual(needsOf(merge as Job).sort(), ["plan", "shard"]);
      assert.deepEqual(needsOf(pages as Job), ["merge"]);
      assert.equal(shard?.strategy?.matrix?.part, gh("fromJSON(needs.plan.outputs.parts)"));
    });

    it("builds every part with the plan's clock, and the merge too", () => {
      assert.equal(shard?.env?.SOURCE_DATE_EPOCH, gh("needs.plan.outputs.epoch"));
      assert.equal(merge?.env?.SOURCE_DATE_EPOCH, gh("needs.plan.outputs.epoch"));
      assert.match(runs(shard), /^npm run build -- --shard \$\{\{ matrix\.part \}\}\/\$\{\{ needs\.plan\.outputs\.count \}\}$/m);
      assert.match(runs(merge), /^npm run merge$/m);
    });

    it("hands each part from its job to the merge as an artifact named K-of-N, downloaded into _shards/K-of-N/", () => {
      assert.equal(shard?.env?.PART, `${gh("matrix.part")}-of-${gh("needs.plan.outputs.count")}`);
      const upload = steps(shard).find((s) => s.uses?.startsWith("actions/upload-artifact@"));
      assert.deepEqual(upload?.with && { name: upload.with.name, path: upload.with.path }, {
        name: gh("env.PART"),
        path: `_shards/${gh("env.PART")}`,
      });
      const download = steps(merge).find((s) => s.uses?.startsWith("actions/download-artifact@"));
      assert.deepEqual(download?.with, { pattern: `*-of-${gh("needs.plan.outputs.count")}`, path: "_shards" });
      const order = steps(merge).map((s) => s.uses ?? s.run ?? "");
      assert.ok(order.findIndex((s) => s.startsWith("actions/download-artifact@")) < order.indexOf("npm run merge"));
    });

    it("gives every part and the merge a heap past Node's default: each holds the whole archive", () => {
      for (const job of [shard, merge]) assert.equal(job?.env?.NODE_OPTIONS, "--max-old-space-size=12288");
    });

    it("keeps the parse cache and the generator's bundles in every part and the merge: each loads the whole archive", () => {
      for (const job of [shard, merge]) {
        const cache = steps(job).find((s) => s.uses?.startsWith("actions/cache@"));
        const paths = String(cache?.with?.path ?? "").split("\n");
        assert.ok(paths.includes(".cache/articles"), String(cache?.with?.path));
        assert.ok(paths.includes(BUNDLES_DIR), String(cache?.with?.path));
      }
    });

    it("restores the caches before npm ci, which makes the bundles only when the code changed", () => {
      for (const job of [load("publish.yml").jobs.build, shard, merge]) {
        const all = steps(job);
        const restore = all.findIndex((s) => s.uses?.startsWith("actions/cache@") && String(s.with?.path ?? "").includes(BUNDLES_DIR));
        const install = all.findIndex((s) => s.run?.trim() === "npm ci");
        assert.ok(restore !== -1 && install !== -1 && restore < install, `cache at ${restore}, npm ci at ${install}`);
      }
    });

    it("deploys to S3 with npm run deploy when DEPLOY_TARGET is set, to GitHub Pages otherwise", () => {
      const deploy = steps(merge).find((s) => s.run?.includes("npm run deploy"));
      assert.equal(deploy?.if, "vars.DEPLOY_TARGET != ''");
      assert.match(deploy?.run ?? "", /npm run deploy -- --to "\$\{\{ vars\.DEPLOY_TARGET \}\}"/);
      assert.equal(steps(merge).find((s) => s.uses?.startsWith("actions/upload-pages-artifact@"))?.if, "vars.DEPLOY_TARGET == ''");
      assert.equal(pages?.if, "vars.DEPLOY_TARGET == ''");
    });

    it("runs when SHARDS is set, and publish.yml only when it is not", () => {
      assert.equal(plan?.if, "vars.SHARDS != ''");
      assert.equal(load("publish.yml").jobs.build?.if, "vars.SHARDS == ''");
    });
  });
});
