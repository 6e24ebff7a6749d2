/**
 * Checks one image an article uses, cheaply: inside the repository (symlinks
 * resolved), a raster format sharp reads, its size from the header, and its
 * content hash. A header can look fine on a truncated file, so a source never
 * encoded before is also decoded once at thumbnail size (~20 ms).
 */
import { access, readFile, realpath } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { sha256 } from "./recipe.ts";

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
    return fail((src) => `expected an image file next to the article, but "${src}" does not exist`);
  }
  if (!real.startsWith(rootReal + path.sep))
    return fail((src) => `expected an image inside the repository, received "${src}", which leads outside it`);
  const notImage = fail((src) => `expected a JPEG, PNG, WebP or AVIF image, received "${src}", which is not a readable image`);
  let bytes: Buffer;
  try {
    bytes = await readFile(real);
  } catch {
    return notImage;
  }
  let width: number;
  let height: number;
  try {
    const meta = await sharp(bytes).metadata();
    if (!RASTER.has(meta.format ?? "") || !meta.width || !meta.height) return notImage;
    [width, height] = (meta.orientation ?? 1) >= 5 ? [meta.height, meta.width] : [meta.width, meta.height];
  } catch {
    return notImage;
  }
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
