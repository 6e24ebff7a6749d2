/**
 * Checks one image an article uses, cheaply: inside the repository (symlinks
 * resolved), a raster format sharp reads, its size from the header, and its
 * content hash. A header can look fine on a truncated file, so a source never
 * encoded before is also decoded once at thumbnail size (~20 ms).
 */
import { access, lstat, readFile, readlink, realpath, stat } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { kindOf } from "../content/files.ts";
import { sha256, WIDTHS } from "./recipe.ts";

export interface SourceImage {
  /** Real absolute path of the original. */
  path: string;
  hash: string;
  /** Display size (EXIF rotation applied). */
  width: number;
  height: number;
}

export type Inspection = { ok: true; image: SourceImage } | { ok: false; message: (src: string) => string };

const RASTER = new Set(["jpeg", "png", "webp", "heif"]);

/** sharp's default `limitInputPixels` (16383²): a larger image is refused when it is encoded. */
export const MAX_PIXELS = 0x3fff * 0x3fff;
/** AVIF (HEIF) allows at most 16384 px a side; our widths stop at 1600, so only the height can exceed it. */
export const MAX_OUTPUT_SIDE = 16384;
const WIDEST = WIDTHS[WIDTHS.length - 1] as number;

/** Why a photo of this size cannot be published (every check here is on the header alone), or nothing. */
export function sizeProblem(width: number, height: number): ((src: string) => string) | undefined {
  const size = `${width}×${height} px`;
  if (width * height > MAX_PIXELS) {
    // Rounded away from the limit, so the two figures never read the same.
    const [most, received] = [Math.floor(MAX_PIXELS / 1e6), Math.ceil((width * height) / 1e6)];
    return (src) => `expected a photo of at most ${most} megapixels, received "${src}", which is ${size} (${received} megapixels); make it smaller`;
  }
  // The largest file is at most WIDEST px wide, its height in proportion.
  const shown = Math.min(width, WIDEST);
  if (Math.round((shown * height) / width) > MAX_OUTPUT_SIDE) {
    return width <= WIDEST
      ? (src) => `expected a photo at most ${MAX_OUTPUT_SIDE} px tall, received "${src}", which is ${size}; crop or shrink it`
      : (src) =>
          `expected a photo at most ${Math.floor(MAX_OUTPUT_SIDE / WIDEST)} times as tall as it is wide, received "${src}", which is ${size}; crop it`;
  }
  return undefined;
}

const fail = (message: (src: string) => string): Inspection => ({ ok: false, message });
const outside = fail((src) => `expected an image inside the repository, received "${src}", which leads outside it`);

/** Marker written after a source was encoded: it decodes, so prepare need not decode it again. */
export function verifiedMarker(cacheDir: string, hash: string): string {
  return path.join(cacheDir, "verified", hash);
}

/** Returns an inspector that looks at each file once, however many articles use it. */
export function createInspector(root: string, cacheDir: string): (absolute: string) => Promise<Inspection> {
  const rootReal = realpath(root);
  const seen = new Map<string, Promise<Inspection>>();
  return (absolute) => {
    let result = seen.get(absolute);
    if (!result) {
      // `../../etc/passwd` leads outside whether or not the file exists; a symlink is caught after realpath.
      result = absolute.startsWith(path.resolve(root) + path.sep) ? rootReal.then((r) => inspect(r, cacheDir, absolute)) : Promise.resolve(outside);
      seen.set(absolute, result);
    }
    return result;
  };
}

async function inspect(rootReal: string, cacheDir: string, absolute: string): Promise<Inspection> {
  let real: string;
  try {
    real = await realpath(absolute);
  } catch {
    // A link to nothing is not "outside the repository", nor a plain missing file.
    const link = await readlink(absolute).catch(() => undefined);
    if (link !== undefined && (await lstat(absolute)).isSymbolicLink()) {
      return fail((src) => `expected an image file, but "${src}" is a link to "${link}", which does not exist`);
    }
    return fail((src) => `expected an image file next to the article, but "${src}" does not exist`);
  }
  if (!real.startsWith(rootReal + path.sep))
    return fail((src) => `expected an image inside the repository, received "${src}", which leads outside it`);
  const notImage = fail((src) => `expected a JPEG, PNG, WebP or AVIF image, received "${src}", which is not a readable image`);
  let bytes: Buffer;
  try {
    // Reading a named pipe would wait forever: only regular files are read.
    const info = await stat(real);
    if (!info.isFile()) return fail((src) => `expected an image file, received "${src}", which is ${kindOf(info)}`);
    bytes = await readFile(real);
  } catch {
    return notImage;
  }
  let width: number;
  let height: number;
  try {
    // The header alone, whatever its size: a photo over the pixel limit gets its own message below.
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    if (!RASTER.has(meta.format ?? "") || !meta.width || !meta.height) return notImage;
    [width, height] = (meta.orientation ?? 1) >= 5 ? [meta.height, meta.width] : [meta.width, meta.height];
  } catch {
    return notImage;
  }
  const tooLarge = sizeProblem(width, height);
  if (tooLarge) return fail(tooLarge);
  const hash = sha256(bytes);
  if (!(await exists(verifiedMarker(cacheDir, hash)))) {
    try {
      await sharp(bytes).resize(64).raw().toBuffer();
    } catch {
      // sharp's reason is not quoted: libvips keeps one error buffer, so under parallel decodes the text varies.
      return fail((src) => `expected a complete image, received "${src}", which is damaged or truncated and cannot be decoded`);
    }
  }
  return { ok: true, image: { path: real, hash, width, height } };
}

export async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
