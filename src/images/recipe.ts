/**
 * What we make from a photo: the responsive widths and formats, the encoder
 * settings, and the crops for social cards and structured data (REFERENCE.md §5, §6).
 * Pure arithmetic; sharp is only used in encode.ts.
 */
import { createHash } from "node:crypto";
import sharp from "sharp";
import type { ImageFormat } from "../schema/picture.ts";

export type Format = ImageFormat;
export const FORMATS: readonly Format[] = ["avif", "webp", "jpeg"];
export const EXTENSIONS: Record<Format, string> = { avif: "avif", webp: "webp", jpeg: "jpg" };

/** Widths for `srcset`. The column is 42rem (672 px), so 1600 covers it at 2× density. */
export const WIDTHS = [480, 800, 1200, 1600] as const;

/**
 * AVIF at effort 2, not the default 4: on 2 cores effort 4 encodes 0.7 photos/s (a 20k archive
 * takes ~8 h cold), effort 2 about 4× faster for files ~15% larger (measured on our samples).
 */
export const ENCODER = {
  avif: { quality: 50, effort: 2 },
  webp: { quality: 75, effort: 4 },
  jpeg: { quality: 80, mozjpeg: true },
  /**
   * Generated cards are flat graphics drawn from SVG: plain libjpeg is 5× faster than
   * mozjpeg here (9 vs 46 ms a card on one core), which matters when an archive of
   * thousands of photo-less articles is built cold. Without the second pass that optimises
   * the Huffman tables the encode takes ~2.2 instead of ~4.5 ms of a card's ~13 (the same
   * pixels, files ~12% larger: ~65 instead of ~58 KB); at 4,000 articles a month a cold
   * build makes ~3,900 cards.
   */
  card: { quality: 85, optimiseCoding: false },
} as const;

/** Crops: the 1200×630 social image and the three ratios Google asks for in structured data. */
export const CROPS = { social: [1200, 630], "16x9": [16, 9], "4x3": [4, 3], "1x1": [1, 1] } as const;
export type CropName = keyof typeof CROPS;
export const CROP_MAX_WIDTH = 1200;

/**
 * Part of every output name, so a new encoder or recipe never reuses an old file name. The card
 * settings in it are frozen as they were when photo names were last changed: a card's own settings
 * go into its name through `CARD_RECIPE` (plan.ts), so changing them never renames, and so
 * re-encodes, a site's photos (hours of AVIF for a large archive).
 */
const RECIPE_ID = JSON.stringify({
  v: 1,
  sharp: sharp.versions.sharp,
  vips: sharp.versions.vips,
  ENCODER: { ...ENCODER, card: { quality: 85 } },
  WIDTHS,
});

/** What a generated card's name depends on besides its SVG: its encoder settings. */
export const CARD_RECIPE = JSON.stringify({ card: ENCODER.card });

export interface Region {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** One file to produce from a source: a resize of the whole image, or of a region of it. */
export interface OutputSpec {
  /** Content-derived file name under /images/, e.g. `3f2a9c1b7d40e8a2-800.avif`. */
  name: string;
  format: Format;
  width: number;
  height: number;
  region?: Region;
}

/** Widths never above the original (no upscaling); a small photo gets just its own width. */
export function responsiveWidths(originalWidth: number): number[] {
  const max = WIDTHS[WIDTHS.length - 1] as number;
  return [...WIDTHS.filter((w) => w < Math.min(originalWidth, max)), Math.min(originalWidth, max)];
}

export function scaledHeight(width: number, original: { width: number; height: number }): number {
  return Math.max(1, Math.round((width * original.height) / original.width));
}

/** The largest region of `ratio` inside the image, centred on the focal point and kept inside the frame. */
export function cropRegion(
  image: { width: number; height: number },
  ratio: readonly [number, number],
  focus: readonly [number, number] = [0.5, 0.5],
): Region {
  const [rw, rh] = ratio;
  let width = image.width;
  let height = Math.round((width * rh) / rw);
  if (height > image.height) {
    height = image.height;
    width = Math.min(image.width, Math.round((height * rw) / rh));
  }
  const clamp = (v: number, max: number) => Math.min(Math.max(0, v), max);
  const left = clamp(Math.round(focus[0] * image.width - width / 2), image.width - width);
  const top = clamp(Math.round(focus[1] * image.height - height / 2), image.height - height);
  return { left, top, width, height };
}

/** A crop's output size: 1200 px wide, or the region's width when the original is smaller. */
export function cropSize(region: Region, ratio: readonly [number, number]): { width: number; height: number } {
  const width = Math.min(CROP_MAX_WIDTH, region.width);
  return { width, height: Math.round((width * ratio[1]) / ratio[0]) };
}

/** A file name from everything that determines the bytes: same inputs, same name, same bytes. */
export function outputName(sourceHash: string, spec: Omit<OutputSpec, "name">, label: string): string {
  const hash = createHash("sha256")
    .update(`${RECIPE_ID}\n${sourceHash}\n${JSON.stringify(spec)}`)
    .digest("hex")
    .slice(0, 16);
  return `${hash}-${label}.${EXTENSIONS[spec.format]}`;
}

export function sha256(data: Buffer | string): string {
  return createHash("sha256").update(data).digest("hex");
}
