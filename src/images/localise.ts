/**
 * `npm run images:localise`: the remote images of articles (`![alt](https://…/photo.jpg)` in
 * bodies, as an import leaves them, and a lead photo's `image.src: https://…`) downloaded next
 * to each article and the Markdown rewritten to the local file (`./photo.jpg`, the lead's
 * `width` and `height` dropped), so they go through the photo pipeline from then on. Downloads are
 * kept in `.cache/remote-images/` under a hash of their address (a second run, or another article
 * with the same image, does not download again); each has a timeout; a host that does not
 * answer is reported once and its images are left as they were. Only a file sharp can read as an
 * image is written.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { listFiles } from "../content/files.ts";
import type { Problem } from "../errors/problem.ts";
import { ARTICLES_DIR } from "../model/parse-article.ts";
import { slugify } from "../slug.ts";

export const REMOTE_CACHE_DIR = ".cache/remote-images";
/** Larger files are refused: a news photo is a few MB. */
export const MAX_DOWNLOAD_BYTES = 40 * 1024 * 1024;

const FORMAT_EXTENSIONS: Record<string, string> = { jpeg: "jpg", png: "png", webp: "webp", gif: "gif", avif: "avif", heif: "avif", tiff: "tif" };

export interface LocaliseOptions {
  /** Seconds to wait for one image. */
  timeoutSeconds: number;
  /** Article files relative to the root; all articles when empty. */
  files: string[];
}

export interface LocaliseReport {
  articles: number;
  /** Articles whose Markdown was rewritten. */
  rewritten: string[];
  /** Images written next to articles. */
  written: string[];
  downloaded: number;
  fromCache: number;
  /** Why an image was left as it was: `file:line  url: reason`. */
  failed: string[];
  /** Hosts that did not answer, with how many images were left. */
  hostsDown: Map<string, { reason: string; images: number }>;
}

/** `![alt](url "title")` with an http(s) address; group 1 is the address as written. */
const REMOTE_IMAGE = /!\[(?:\\.|[^\]\\])*\]\(\s*<?(https?:\/\/[^\s)>]+)>?/gi;

interface RemoteRef {
  /** The address as written, at `index` in the file. */
  raw: string;
  index: number;
  /** Lines to remove with it: a remote lead photo's `width` and `height`, which a local photo may not have. */
  drop?: { index: number; raw: string }[];
}

/**
 * The lead photo's `src:` when it is a web address (`image:` in block style, as `npm run new` and
 * the importers write it), with the `width:` and `height:` lines of the same block.
 */
function remoteLead(text: string): RemoteRef | undefined {
  const start = text.startsWith("\uFEFF") ? 1 : 0;
  if (!text.startsWith("---", start)) return undefined;
  const end = text.indexOf("\n---", start + 3);
  const head = end === -1 ? "" : text.slice(0, end + 1);
  const image = /^image:[ \t]*\r?\n((?:[ \t]+\S.*\r?\n|[ \t]*\r?\n)*)/m.exec(head);
  if (!image) return undefined;
  const blockStart = image.index + image[0].length - (image[1] as string).length;
  const block = image[1] as string;
  const src = /^[ \t]+src:[ \t]*(["']?)(https?:\/\/[^\s"']+)\1[ \t]*\r?$/m.exec(block);
  if (!src) return undefined;
  const raw = src[2] as string;
  const drop = [...block.matchAll(/^[ \t]+(?:width|height):.*\r?\n/gm)].map((m) => ({ index: blockStart + (m.index ?? 0), raw: m[0] }));
  return { raw, index: blockStart + (src.index ?? 0) + src[0].indexOf(raw), drop };
}

class HostDown extends Error {}

async function download(url: string, timeoutSeconds: number): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(timeoutSeconds * 1000), redirect: "follow" });
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    if (e.name === "TimeoutError") throw new HostDown(`no answer within ${timeoutSeconds} s`);
    throw new HostDown(e.cause?.code ? `could not connect (${e.cause.code})` : `could not connect (${e.message})`);
  }
  if (!response.ok) throw new Error(`the server answered ${response.status} ${response.statusText}`.trim());
  const length = Number(response.headers.get("content-length") ?? 0);
  if (length > MAX_DOWNLOAD_BYTES)
    throw new Error(`${(length / 1048576).toFixed(0)} MB, more than the ${MAX_DOWNLOAD_BYTES / 1048576} MB a photo may be`);
  try {
    const bytes = Buffer.from(await response.arrayBuffer());
    if (bytes.length > MAX_DOWNLOAD_BYTES) throw new Error(`more than the ${MAX_DOWNLOAD_BYTES / 1048576} MB a photo may be`);
    return bytes;
  } catch (error) {
    if ((error as Error).name === "TimeoutError") throw new HostDown(`no answer within ${timeoutSeconds} s`);
    throw error;
  }
}

/** The image's format by its bytes (sharp), or an error saying it is none. */
async function imageFormat(bytes: Buffer): Promise<string> {
  try {
    const meta = await sharp(bytes).metadata();
    const ext = meta.format ? FORMAT_EXTENSIONS[meta.format] : undefined;
    if (ext) return ext;
    throw new Error(`a ${meta.format ?? "file"} image, not a photo format the site publishes`);
  } catch (error) {
    if ((error as Error).message.includes("photo format")) throw error;
    throw new Error("not an image (the server sent something sharp cannot read)");
  }
}

/** A file name for the image next to the article, from its address: `…/Night%20Street.JPG` → `night-street.jpg`. */
function localName(url: string, ext: string): string {
  let base = "image";
  try {
    const last = decodeURIComponent(new URL(url).pathname.split("/").pop() ?? "");
    base = slugify(last.replace(/\.[a-z0-9]+$/i, ""), "uk") || "image";
  } catch {
    // An address that does not decode keeps the plain name.
  }
  return `${base}.${ext}`;
}

export async function localiseImages(root: string, options: LocaliseOptions): Promise<LocaliseReport> {
  const problems: Problem[] = [];
  const files = options.files.length ? options.files : await listFiles(root, ARTICLES_DIR, ".md", problems);
  const report: LocaliseReport = {
    articles: files.length,
    rewritten: [],
    written: [],
    downloaded: 0,
    fromCache: 0,
    failed: [],
    hostsDown: new Map(),
  };
  const cacheDir = path.join(root, REMOTE_CACHE_DIR);
  await mkdir(cacheDir, { recursive: true });
  /** One download per address, however many articles use it. */
  const fetched = new Map<string, Promise<{ bytes: Buffer; ext: string }>>();
  const fetchImage = (url: string) => {
    let pending = fetched.get(url);
    if (!pending) {
      pending = (async () => {
        const key = createHash("sha256").update(url).digest("hex");
        const cached = path.join(cacheDir, key);
        if (existsSync(cached)) {
          const bytes = await readFile(cached);
          report.fromCache++;
          return { bytes, ext: await imageFormat(bytes) };
        }
        const bytes = await download(url, options.timeoutSeconds);
        const ext = await imageFormat(bytes);
        await writeFile(`${cached}.tmp`, bytes);
        await rename(`${cached}.tmp`, cached);
        report.downloaded++;
        return { bytes, ext };
      })();
      fetched.set(url, pending);
    }
    return pending;
  };

  for (const file of files) {
    const absolute = path.resolve(root, file);
    const text = await readFile(absolute, "utf8").catch(() => undefined);
    if (text === undefined) {
      report.failed.push(`${file}  could not be read`);
      continue;
    }
    const lead = remoteLead(text);
    const refs: RemoteRef[] = [
      ...(lead ? [lead] : []),
      ...[...text.matchAll(REMOTE_IMAGE)].map((m) => ({ raw: m[1] as string, index: (m.index ?? 0) + m[0].indexOf(m[1] as string) })),
    ];
    if (!refs.length) continue;
    const folder = path.dirname(absolute);
    const replacements: { index: number; raw: string; local: string }[] = [];
    const names = new Map<string, string>();
    for (const ref of refs) {
      const line = text.slice(0, ref.index).split("\n").length;
      let host = "";
      try {
        host = new URL(ref.raw).host;
      } catch {
        report.failed.push(`${file}:${line}  ${ref.raw}: not a web address`);
        continue;
      }
      const down = report.hostsDown.get(host);
      if (down) {
        down.images++;
        continue;
      }
      try {
        const { bytes, ext } = await fetchImage(ref.raw);
        let local = names.get(ref.raw);
        if (!local) {
          const wanted = localName(ref.raw, ext);
          local = wanted;
          // Another image of that name next to the article: the next free name, unless it is this very image.
          for (let n = 2; ; n++) {
            const target = path.join(folder, local);
            if (!existsSync(target) || (await readFile(target)).equals(bytes)) break;
            local = wanted.replace(/\.(\w+)$/, `-${n}.$1`);
          }
          const target = path.join(folder, local);
          if (!existsSync(target)) {
            await writeFile(target, bytes, { flag: "wx" });
            report.written.push(path.relative(root, target).split(path.sep).join("/"));
          }
          names.set(ref.raw, local);
        }
        replacements.push({ index: ref.index, raw: ref.raw, local: `./${local}` });
        for (const line of ref.drop ?? []) replacements.push({ ...line, local: "" });
      } catch (error) {
        if (error instanceof HostDown) {
          report.hostsDown.set(host, { reason: error.message, images: 1 });
          fetched.delete(ref.raw);
        } else report.failed.push(`${file}:${line}  ${ref.raw}: ${(error as Error).message}`);
      }
    }
    if (!replacements.length) continue;
    let out = text;
    for (const r of replacements.sort((a, b) => b.index - a.index)) out = out.slice(0, r.index) + r.local + out.slice(r.index + r.raw.length);
    await writeFile(`${absolute}.localise-tmp`, out);
    await rename(`${absolute}.localise-tmp`, absolute);
    report.rewritten.push(file);
  }
  for (const p of problems) report.failed.push(`${p.file}  ${p.message}`);
  return report;
}

export function formatLocaliseReport(report: LocaliseReport): string {
  const out = [
    `images:localise: ${report.articles} article${report.articles === 1 ? "" : "s"} read; ${report.downloaded} image${report.downloaded === 1 ? "" : "s"} downloaded, ${report.fromCache} from ${REMOTE_CACHE_DIR}/`,
  ];
  if (report.written.length) {
    out.push(`written: ${report.written.length} image${report.written.length === 1 ? "" : "s"}`);
    for (const f of report.written) out.push(`  ${f}`);
  }
  if (report.rewritten.length) {
    out.push(`rewritten to the local files: ${report.rewritten.length} article${report.rewritten.length === 1 ? "" : "s"}`);
    for (const f of report.rewritten) out.push(`  ${f}`);
  }
  for (const [host, { reason, images }] of report.hostsDown) {
    out.push(`host ${host} did not answer (${reason}): ${images} image${images === 1 ? "" : "s"} left as they were`);
  }
  if (report.failed.length) {
    out.push(`left as they were: ${report.failed.length}`);
    for (const f of report.failed) out.push(`  ${f}`);
  }
  return out.join("\n");
}
