/**
 * `npm run deploy -- --to s3:bucket/prefix`: publishes a built site to S3-compatible storage (AWS S3,
 * Cloudflare R2, MinIO …) through rclone, uploading only the files that changed since the last
 * deploy and deleting the ones the site no longer has.
 *
 * What was deployed is a manifest stored beside the site in the bucket (`.newsroom-deploy.json`:
 * each file's SHA-256), so any machine (a CI runner with no cache) knows what the bucket holds. A
 * deploy hashes `_site/`, compares, uploads the new and changed files (photos, stylesheets and the
 * search index first, then pages, then the sitemap index, so nothing goes live before what it shows
 * or names), writes the new
 * manifest, then deletes the removed files. A deploy that stops half way leaves the old manifest,
 * so the next one uploads those files again. With no manifest in the bucket (the first deploy),
 * every file is uploaded and nothing deleted.
 *
 * Each file is stored with its Content-Type and Cache-Control (src/deploy/headers.ts). `_headers`
 * and `_redirects` are read by Netlify and Cloudflare Pages only and are not uploaded: renamed
 * articles' old URLs are redirect pages (static HTML with a meta refresh and a canonical link),
 * which object storage serves like any page.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, readdirSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { NewsroomError } from "../errors/content-error.ts";
import { mapLimit } from "../images/pool.ts";
import { SITEMAP_PATH } from "../model/paths.ts";
import { objectHeaders } from "./headers.ts";

export const DEPLOY_MANIFEST = ".newsroom-deploy.json";
/** Host configuration for Netlify and Cloudflare Pages: meaningless in a bucket. */
const NOT_UPLOADED = new Set(["_headers", "_redirects"]);
const FORMAT = 1;

export class DeployError extends NewsroomError {
  override name = "DeployError";
}

export interface DeployTarget {
  bucket: string;
  /** Without slashes at either end; "" for the bucket's root. */
  prefix: string;
}

/** `s3:bucket` or `s3:bucket/some/prefix`. */
export function parseTarget(text: string): DeployTarget {
  const match = /^s3:([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(text);
  const prefix = (match?.[2] ?? "").replace(/^\/+|\/+$/g, "");
  if (!match || prefix.split("/").some((part) => part === "." || part === "..")) {
    throw new DeployError(
      `--to ${text}: expected s3:bucket or s3:bucket/prefix (a bucket name of lowercase letters, digits, dots and hyphens), such as s3:news-site/www`,
    );
  }
  return { bucket: match[1] as string, prefix };
}

interface DeployManifest {
  format: number;
  files: Record<string, string>;
}

export interface DeployPlan {
  upload: string[];
  remove: string[];
  unchanged: number;
  /** Whether the bucket had a manifest (a deploy before this one). */
  first: boolean;
}

export interface DeployResult extends DeployPlan {
  /** Files uploaded per Cache-Control. */
  byCache: Record<string, number>;
}

/** Every file of the built site, with its SHA-256 (`_headers` and `_redirects` left out). */
export async function hashSite(siteDir: string): Promise<Record<string, string>> {
  const files = readdirSync(siteDir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(siteDir, path.join(d.parentPath, d.name)).split(path.sep).join("/"))
    .filter((f) => !NOT_UPLOADED.has(f) && f !== DEPLOY_MANIFEST)
    .sort();
  const hashes = await mapLimit(files, 32, (file) => sha256(path.join(siteDir, file)));
  return Object.fromEntries(files.map((f, i) => [f, hashes[i] as string]));
}

function sha256(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(file)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

export function planDeploy(current: Record<string, string>, last: DeployManifest | undefined): DeployPlan {
  const before = last?.files ?? {};
  const upload = Object.keys(current).filter((f) => before[f] !== current[f]);
  const remove = last ? Object.keys(before).filter((f) => !(f in current)) : [];
  return { upload, remove, unchanged: Object.keys(current).length - upload.length, first: !last };
}

/** How rclone reaches the storage: a remote named `newsroom` made from the environment (see README, Publishing). */
export function rcloneEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {
    ...env,
    RCLONE_CONFIG_NEWSROOM_TYPE: "s3",
    RCLONE_CONFIG_NEWSROOM_PROVIDER: env.S3_PROVIDER || (env.S3_ENDPOINT ? "Other" : "AWS"),
    // Keys from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or an instance role), as the AWS tools read them.
    RCLONE_CONFIG_NEWSROOM_ENV_AUTH: "true",
  };
  if (env.S3_ENDPOINT) out.RCLONE_CONFIG_NEWSROOM_ENDPOINT = env.S3_ENDPOINT;
  if (env.AWS_REGION) out.RCLONE_CONFIG_NEWSROOM_REGION = env.AWS_REGION;
  // rclone's S3 client cannot load AWS_CA_BUNDLE (it fails every request); the bundle goes to --ca-cert instead.
  delete out.AWS_CA_BUNDLE;
  return out;
}

function rcloneArgs(env: NodeJS.ProcessEnv): string[] {
  // No config file: the remote comes from the environment alone.
  return ["--config", "", "--s3-no-check-bucket", ...(env.AWS_CA_BUNDLE ? ["--ca-cert", env.AWS_CA_BUNDLE] : [])];
}

/** Runs rclone; its output is returned, its errors thrown with what it said. */
function rclone(args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("rclone", [...args, ...rcloneArgs(env)], { env: rcloneEnv(env), stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("error", (error) => {
      reject(
        (error as NodeJS.ErrnoException).code === "ENOENT"
          ? new DeployError("deploy: expected rclone on the PATH (Debian and Ubuntu: apt-get install rclone; rclone.org/install), received none")
          : error,
      );
    });
    child.on("close", (code) => {
      if (code === 0) resolve(out);
      else reject(new DeployError(`deploy: rclone ${args[0]} failed (exit ${code}): ${err.trim().split("\n").slice(-3).join(" / ")}`));
    });
    child.stdin.end(input ?? "");
  });
}

const remotePath = (target: DeployTarget, file = "") =>
  `newsroom:${target.bucket}${target.prefix ? `/${target.prefix}` : ""}${file ? `/${file}` : ""}`;

/** The manifest the last deploy left in the bucket, if any. */
async function lastManifest(target: DeployTarget, env: NodeJS.ProcessEnv): Promise<DeployManifest | undefined> {
  const listed = JSON.parse(
    await rclone(["lsjson", remotePath(target), "--files-only", "--include", `/${DEPLOY_MANIFEST}`], env).catch(() => "[]"),
  ) as unknown[];
  if (!listed.length) return undefined;
  const text = await rclone(["cat", remotePath(target, DEPLOY_MANIFEST)], env);
  try {
    const data = JSON.parse(text) as DeployManifest;
    if (data.format === FORMAT && data.files && typeof data.files === "object") return data;
  } catch {
    // Not ours, or torn: treated as no manifest below.
  }
  throw new DeployError(
    `deploy: ${remotePath(target, DEPLOY_MANIFEST).replace(/^newsroom:/, "s3:")}: expected the manifest of the last deploy (format ${FORMAT}), received another file; remove it to deploy every file again`,
  );
}

export interface DeployOptions {
  env?: NodeJS.ProcessEnv;
  /** Say what would be uploaded and deleted, change nothing. */
  dryRun?: boolean;
  /** Parallel uploads (rclone --transfers). */
  transfers?: number;
}

/**
 * Files to upload in groups of the same headers, in the order they go live: photos, styles, the
 * search index and the sitemap's parts before the pages that show them, and the sitemap index
 * (`sitemap.xml`, which names the parts) last.
 */
export function uploadGroups(files: readonly string[]): { headers: ReturnType<typeof objectHeaders>; files: string[] }[] {
  const stage = (file: string, headers: ReturnType<typeof objectHeaders>) =>
    file === SITEMAP_PATH.slice(1) ? 2 : headers.contentType.startsWith("text/html") ? 1 : 0;
  const groups = new Map<string, { stage: number; headers: ReturnType<typeof objectHeaders>; files: string[] }>();
  for (const file of files) {
    const headers = objectHeaders(file);
    const at = stage(file, headers);
    const key = `${at}\n${headers.contentType}\n${headers.cacheControl}`;
    const group = groups.get(key) ?? { stage: at, headers, files: [] };
    group.files.push(file);
    groups.set(key, group);
  }
  return [...groups.values()].sort((a, b) => a.stage - b.stage).map(({ headers, files }) => ({ headers, files }));
}

export async function deploy(siteDir: string, target: DeployTarget, options: DeployOptions = {}): Promise<DeployResult> {
  const env = options.env ?? process.env;
  const current = await hashSite(siteDir);
  const plan = planDeploy(current, await lastManifest(target, env));
  const byCache: Record<string, number> = {};
  if (options.dryRun) return { ...plan, byCache };
  const work = await mkdtemp(path.join(tmpdir(), "newsroom-deploy-"));
  try {
    const ordered = uploadGroups(plan.upload);
    const transfers = String(options.transfers ?? 16);
    for (const [i, { headers, files }] of ordered.entries()) {
      const list = path.join(work, `upload-${i}.txt`);
      await writeFile(list, `${files.join("\n")}\n`);
      await rclone(
        [
          "copy",
          siteDir,
          remotePath(target),
          "--files-from-raw",
          list,
          "--no-traverse",
          "--no-check-dest",
          "--transfers",
          transfers,
          "--header-upload",
          `Content-Type: ${headers.contentType}`,
          "--header-upload",
          `Cache-Control: ${headers.cacheControl}`,
        ],
        env,
      );
      byCache[headers.cacheControl] = (byCache[headers.cacheControl] ?? 0) + files.length;
    }
    const manifest: DeployManifest = { format: FORMAT, files: current };
    await rclone(["rcat", remotePath(target, DEPLOY_MANIFEST), "--header-upload", "Cache-Control: no-store"], env, JSON.stringify(manifest));
    if (plan.remove.length) {
      const list = path.join(work, "remove.txt");
      await writeFile(list, `${plan.remove.join("\n")}\n`);
      await rclone(["delete", remotePath(target), "--files-from-raw", list, "--no-traverse"], env);
    }
    return { ...plan, byCache };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
