/**
 * Builds on more than one machine: `npm run build -- --shard K/N` renders part K of N of the
 * site into `_shards/K-of-N/` with a manifest (`shard.json`: every file with its size and hash,
 * the shard, the corpus, the code and the clock it was built from), and `npm run merge`
 * (scripts/merge.ts) links the N parts into one folder, renders what needs the whole archive and
 * swaps the result into `_site/` through the build's own atomic output step.
 *
 * The partition is by edition and date range: each edition's articles are grouped by Kyiv day,
 * the days laid end to end (editions in the config's order, days oldest first) and cut into N
 * contiguous runs of about the same number of articles. A part renders the article pages and day
 * archives of its days, the month archives whose first day it has, and the photos and search index
 * shards (src/model/search-shards.ts) of its newest articles: the
 * work that grows with the archive. The merge renders the rest (homes, the news feed, year
 * archives, tags, authors, sections, feeds, sitemaps, redirects, 404s, the stylesheet): each of
 * those shows the newest articles or all of them, so it needs the whole archive, and there are
 * few of them. Every part loads and validates the whole corpus, so each page's view (neighbours,
 * related articles, translations) is the one a single build makes, and the merged site is
 * byte for byte what `npm run build` writes with the same clock.
 */

import { createHash } from "node:crypto";
import { createReadStream, existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { linkOrCopy } from "../content-store.ts";
import { dayParts } from "../dates.ts";
import { NewsroomError } from "../errors/content-error.ts";
import { IMAGES_PATH, type ImageJob } from "../images/plan.ts";
import { mapLimit } from "../images/pool.ts";
import { isRemoteImage } from "../images/remote.ts";
import { SEARCH_BUNDLE_PATH } from "../model/paths.ts";
import { editionShards, type SearchShard } from "../model/search-shards.ts";
import type { SiteModel } from "../model/site.ts";
import { codeHash } from "../pages/keys.ts";
import type { PlannedPage } from "../pages/plan.ts";
import type { Article } from "../schema/article.ts";
import type { Prepared } from "./prepare.ts";

/** Where the parts go by default: `_shards/2-of-4/`. */
export const SHARDS_DIR = "_shards";
/** A part's manifest, at the top of its folder (never merged into the site). */
export const SHARD_MANIFEST = "shard.json";
const FORMAT = 1;

/** A shard spec, a manifest or the set of parts is wrong: a clear message, exit 1, nothing published. */
export class ShardError extends NewsroomError {
  override name = "ShardError";
}

export interface ShardSpec {
  /** 1-based. */
  index: number;
  count: number;
}

/** `2/4` → part 2 of 4. */
export function parseShardSpec(text: string): ShardSpec {
  const match = /^(\d{1,4})\/(\d{1,4})$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new ShardError(`--shard ${text}: expected K/N with 1 ≤ K ≤ N, such as 2/4 (part 2 of 4)`);
  }
  return { index, count };
}

export const shardName = ({ index, count }: ShardSpec) => `${index}-of-${count}`;

/** What a part's manifest records, and the merge compares. */
export interface ShardManifest {
  format: number;
  shard: ShardSpec;
  /** Hash of every file under content/ (articles, authors, photos, config). */
  corpus: string;
  /** Hash of the generator's code (src/pages/keys.ts): the one the page cache keys with. */
  code: string;
  /** The build clock, ISO: the same corpus at another time is another site (embargoes, dates). */
  clock: string;
  /** Site-relative path → size and SHA-256 of each file the part wrote. */
  files: Record<string, { size: number; sha256: string }>;
}

/** The work a build does when it is a part of a sharded build or their merge (src/pipeline/build.ts). */
export interface BuildPart {
  /** Of every planned page, those this build renders. */
  pages(planned: readonly PlannedPage[]): PlannedPage[];
  /** Of the photo jobs, those this build writes. */
  images(jobs: readonly ImageJob[]): ImageJob[];
  /** The search index shards this build indexes; `undefined`: none. */
  search: ((shard: SearchShard) => boolean) | undefined;
  /** Whether it writes the stylesheet, search script and logo. */
  assets: boolean;
  /** Whether a broken internal link fails it (only the whole site can tell). */
  linkCheck: boolean;
  /** Before rendering: puts files made elsewhere into the temporary folder (the merge: the parts' files). */
  fill?(temp: string): Promise<number>;
  /** After everything, before the swap: the part's manifest. */
  seal?(temp: string): Promise<void>;
}

/**
 * Which part renders what, from the model alone (every part and the merge compute the same):
 * `undefined` is the merge.
 */
export class ShardPlan {
  readonly count: number;
  readonly #units = new Map<string, number>();
  readonly #months = new Map<string, number>();
  readonly #images = new Map<string, number>();
  readonly #firstSearchShard: string | undefined;

  constructor(site: SiteModel, images: Prepared["images"], count: number) {
    this.count = count;
    const units: [key: string, articles: number][] = [];
    for (const [id, edition] of site.editions) {
      const days = new Map<string, number>();
      // Newest first in the model: oldest first here, so parts are contiguous ranges of time.
      for (let i = edition.articles.length - 1; i >= 0; i--) {
        const key = unitKey(id, edition.articles[i] as Article);
        days.set(key, (days.get(key) ?? 0) + 1);
      }
      units.push(...days);
    }
    const total = units.reduce((sum, [, n]) => sum + n, 0);
    let before = 0;
    for (const [key, n] of units) {
      const owner = Math.floor((before * count) / total) + 1;
      this.#units.set(key, owner);
      const month = key.slice(0, -3);
      if (!this.#months.has(month)) this.#months.set(month, owner);
      before += n;
    }
    // A photo used by articles of two parts is written by the part of the newest of them.
    for (const article of site.articles) {
      const owner = this.ofArticle(article);
      for (const url of imageUrls(images.get(article.url))) {
        const name = url.slice(IMAGES_PATH.length);
        if (owner !== undefined && !this.#images.has(name)) this.#images.set(name, owner);
      }
    }
    this.#firstSearchShard = [...site.editions.values()].flatMap(editionShards)[0]?.id;
  }

  ofArticle(article: Article): number | undefined {
    return this.#units.get(unitKey(article.edition, article));
  }

  /** Article pages and day archives go to the part of their day, month archives to that of their first day; everything else to the merge. */
  ofPage(page: PlannedPage): number | undefined {
    if (page.kind === "article") return this.ofArticle((page.view as { article: Article }).article);
    if (page.kind === "day-archive" || page.kind === "month-archive") {
      const { edition, date } = page.view as { edition: string; date: Article["date"] };
      const { year, month, day } = dayParts(date);
      return page.kind === "day-archive" ? this.#units.get(`${edition}\0${year}-${month}-${day}`) : this.#months.get(`${edition}\0${year}-${month}`);
    }
    return undefined;
  }

  /** A photo job goes to the part of the newest article that shows it; author photos and edition cards to the merge. */
  ofImage(job: ImageJob): number | undefined {
    for (const output of job.outputs) {
      const owner = this.#images.get(output.name);
      if (owner !== undefined) return owner;
    }
    return undefined;
  }

  /** A search shard goes to the part of its newest article. */
  ofSearch(shard: SearchShard): number | undefined {
    const newest = shard.articles[0];
    return newest && this.ofArticle(newest);
  }

  /** The search script at the bundle's root is the same in every shard: the part with the site's first search shard publishes it. */
  publishesSearchScript(index: number, shards: readonly SearchShard[]): boolean {
    const first = shards.find((s) => s.id === this.#firstSearchShard);
    return first !== undefined && this.ofSearch(first) === index;
  }
}

function unitKey(edition: string, article: Article): string {
  const { year, month, day } = dayParts(article.date);
  return `${edition}\0${year}-${month}-${day}`;
}

function imageUrls(images: ReturnType<Prepared["images"]["get"]>): string[] {
  if (!images) return [];
  const pictures = [...(images.lead ? [images.lead.picture] : []), ...[...images.body.values()].flatMap((p) => (isRemoteImage(p) ? [] : [p]))];
  return [
    images.social.url,
    ...Object.values(images.lead?.crops ?? {}).map((c) => c.url),
    ...pictures.flatMap((p) => Object.values(p.sources).flatMap((files) => files.map((f) => f.url))),
  ];
}

/** Hash of every file under content/ (names and bytes): parts of one commit agree, parts of two do not. */
export async function corpusDigest(root: string): Promise<string> {
  const content = path.join(root, "content");
  const files = readdirSync(content, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(content, path.join(d.parentPath, d.name)).split(path.sep).join("/"))
    .sort();
  const hashes = await mapLimit(files, 32, (file) => hashFile(path.join(content, file)));
  const hash = createHash("sha256");
  for (const [i, file] of files.entries()) hash.update(`${file}\0${hashes[i]}\0`);
  return hash.digest("hex");
}

function hashFile(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(file)
      .on("data", (chunk) => hash.update(chunk))
      .on("error", reject)
      .on("end", () => resolve(hash.digest("hex")));
  });
}

/** Every file under `dir`, relative, with forward slashes, sorted. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)).split(path.sep).join("/"))
    .sort();
}

/** `npm run build -- --shard K/N`: the build's part K. */
export function shardPart(root: string, spec: ShardSpec): (ready: Prepared) => Promise<BuildPart> {
  return async (ready) => {
    const plan = new ShardPlan(ready.site, ready.images, spec.count);
    const corpus = await corpusDigest(root);
    const mine = (owner: number | undefined) => owner === spec.index;
    const searchShards = [...ready.site.editions.values()].flatMap(editionShards);
    return {
      pages: (planned) => planned.filter((p) => mine(plan.ofPage(p))),
      images: (jobs) => jobs.filter((j) => mine(plan.ofImage(j))),
      search: (shard) => mine(plan.ofSearch(shard)),
      assets: false,
      linkCheck: false,
      async seal(temp) {
        if (!plan.publishesSearchScript(spec.index, searchShards)) await rm(path.join(temp, SEARCH_BUNDLE_PATH, "pagefind.js"), { force: true });
        const files: ShardManifest["files"] = {};
        const names = listFiles(temp);
        const hashes = await mapLimit(names, 32, (file) => hashFile(path.join(temp, file)));
        const sizes = await mapLimit(names, 32, async (file) => (await stat(path.join(temp, file))).size);
        names.forEach((file, i) => {
          files[file] = { size: sizes[i] as number, sha256: hashes[i] as string };
        });
        const manifest: ShardManifest = { format: FORMAT, shard: spec, corpus, code: codeHash(), clock: clockOf(ready.site), files };
        await writeFile(path.join(temp, SHARD_MANIFEST), `${JSON.stringify(manifest, null, 1)}\n`);
      },
    };
  };
}

const clockOf = (site: SiteModel) => site.buildTime.toUTC().toISO() ?? "";

/**
 * The parts in `shardsDir`, checked: every part of one N present once, each manifest readable,
 * all from the same corpus, code and clock, and no file in two parts. Throws a ShardError naming
 * what is wrong; reads nothing else.
 */
export function readShards(shardsDir: string): ShardManifest[] {
  const shown = shardsDir;
  if (!existsSync(shardsDir)) {
    throw new ShardError(
      `merge: expected the parts of a sharded build in ${shown}/, received no such folder; run npm run build -- --shard K/N for each K first`,
    );
  }
  const folders = readdirSync(shardsDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^\d+-of-\d+$/.test(d.name))
    .map((d) => d.name)
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10));
  if (!folders.length) {
    throw new ShardError(
      `merge: expected the parts of a sharded build in ${shown}/ (folders such as 1-of-4/), received none; run npm run build -- --shard K/N for each K first`,
    );
  }
  const manifests: { folder: string; manifest: ShardManifest }[] = [];
  for (const folder of folders) {
    const file = path.join(shardsDir, folder, SHARD_MANIFEST);
    let manifest: ShardManifest;
    try {
      manifest = JSON.parse(readFileSync(file, "utf8")) as ShardManifest;
    } catch (error) {
      throw new ShardError(
        `merge: ${path.join(shown, folder, SHARD_MANIFEST)}: expected the manifest of a finished part, received ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file (the part did not finish, or was not downloaded whole)" : `unreadable JSON (${(error as Error).message})`}`,
      );
    }
    if (manifest.format !== FORMAT || !manifest.shard || typeof manifest.files !== "object" || `${shardName(manifest.shard)}` !== folder) {
      throw new ShardError(
        `merge: ${path.join(shown, folder, SHARD_MANIFEST)}: expected the manifest of part ${folder.replace("-of-", "/")} (format ${FORMAT}), received ${manifest.shard ? `one of part ${manifest.shard.index}/${manifest.shard.count}, format ${manifest.format}` : "another file"}`,
      );
    }
    manifests.push({ folder, manifest });
  }
  const counts = [...new Set(manifests.map((m) => m.manifest.shard.count))];
  if (counts.length > 1) {
    throw new ShardError(
      `merge: expected the parts of one sharded build, received parts of ${counts.map((n) => `${n}`).join(" and ")} in ${shown}/ (${folders.join(", ")}); remove the old ones`,
    );
  }
  const count = counts[0] as number;
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !manifests.some((m) => m.manifest.shard.index === k));
  if (missing.length) {
    throw new ShardError(
      `merge: expected ${count} parts in ${shown}/, received ${manifests.length}: ${missing.map((k) => `part ${k}/${count} (${k}-of-${count}/)`).join(", ")} ${missing.length === 1 ? "is" : "are"} missing; build ${missing.length === 1 ? "it" : "them"} with npm run build -- --shard ${missing[0]}/${count}`,
    );
  }
  const [first] = manifests as [(typeof manifests)[number]];
  for (const field of ["corpus", "code", "clock"] as const) {
    const other = manifests.find((m) => m.manifest[field] !== first.manifest[field]);
    if (other) {
      const what = { corpus: "content (content/)", code: "generator code", clock: "build clock (SOURCE_DATE_EPOCH)" }[field];
      throw new ShardError(
        `merge: expected parts built from one ${what}, received ${first.folder} with ${first.manifest[field]} and ${other.folder} with ${other.manifest[field]}; build every part again from the same commit${field === "clock" ? " with the same SOURCE_DATE_EPOCH" : ""}`,
      );
    }
  }
  const owners = new Map<string, string>();
  for (const { folder, manifest } of manifests) {
    for (const file of Object.keys(manifest.files)) {
      const owner = owners.get(file);
      if (owner) throw new ShardError(`merge: expected each file in one part, received ${file} in both ${owner} and ${folder}`);
      owners.set(file, folder);
    }
  }
  return manifests.map((m) => m.manifest);
}

/**
 * `npm run merge`: the parts' files linked in (each checked against its manifest's size and hash),
 * and everything no part renders rendered, search index aside (the parts indexed every shard), and
 * every link checked. Refuses parts of another corpus, code or clock than the checkout's.
 */
export function mergePart(root: string, shardsDir: string): (ready: Prepared) => Promise<BuildPart> {
  return async (ready) => {
    const manifests = readShards(shardsDir);
    const [first] = manifests as [ShardManifest];
    const here = { corpus: await corpusDigest(root), code: codeHash(), clock: clockOf(ready.site) };
    for (const field of ["corpus", "code", "clock"] as const) {
      if (first[field] !== here[field]) {
        const what = { corpus: "content (content/)", code: "generator code", clock: "build clock (SOURCE_DATE_EPOCH)" }[field];
        throw new ShardError(
          `merge: expected parts built from this checkout's ${what} (${here[field]}), received parts built from ${first[field]}; build them again from this commit${field === "clock" ? " with the same SOURCE_DATE_EPOCH" : ""}`,
        );
      }
    }
    const plan = new ShardPlan(ready.site, ready.images, first.shard.count);
    return {
      pages: (planned) => planned.filter((p) => plan.ofPage(p) === undefined),
      images: (jobs) => jobs.filter((j) => plan.ofImage(j) === undefined),
      search: undefined,
      assets: true,
      linkCheck: true,
      async fill(temp) {
        let files = 0;
        for (const manifest of manifests) {
          const from = path.join(shardsDir, shardName(manifest.shard));
          const entries = Object.entries(manifest.files);
          const dirs = new Set(entries.map(([file]) => path.dirname(path.join(temp, file))));
          for (const dir of dirs) await mkdir(dir, { recursive: true });
          await mapLimit(entries, 32, async ([file, expected]) => {
            const source = path.join(from, file);
            const actual = await readFile(source).catch(() => undefined);
            const sha256 = actual && createHash("sha256").update(actual).digest("hex");
            if (!actual || actual.length !== expected.size || sha256 !== expected.sha256) {
              throw new ShardError(
                `merge: ${path.join(shardsDir, shardName(manifest.shard), file)}: expected the file its part's manifest lists (${expected.size} bytes), received ${actual ? `${actual.length} bytes with another hash` : "no such file"}; download the part again`,
              );
            }
            await linkOrCopy(source, path.join(temp, file));
          });
          files += entries.length;
        }
        return files;
      },
    };
  };
}

/**
 * A part's folder may replace an earlier part (one with `shard.json` at its top); anything else
 * is checked as an output folder is (src/pipeline/output.ts): empty, absent or a previous build.
 */
export function isShardFolder(dir: string): boolean {
  return existsSync(path.join(dir, SHARD_MANIFEST));
}
