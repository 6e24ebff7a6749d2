/** One output file from one source: orient, crop, resize to the planned size, encode. */
import sharp, { type Sharp } from "sharp";
import type { ImageJob } from "./plan.ts";
import { ENCODER, type OutputSpec } from "./recipe.ts";

// libvips keeps up to 50 MB of recent operations for reuse; the build never makes the same file
// twice, so the cache only held memory (~40 MB more at the 20k build's peak). The worker turns it off too.
sharp.cache(false);

/**
 * One call on a sharp pipeline: the method and its arguments, as plain data, so the encoding
 * worker (src/images/encode-worker.ts) runs exactly the calls this module describes.
 */
export type EncodeStep = readonly [method: "autoOrient" | "extract" | "resize" | "removeAlpha" | "avif" | "webp" | "jpeg", ...args: unknown[]];

/** The calls that make `spec` from `input`, in order. */
export function encodeSteps(input: ImageJob["input"], spec: Omit<OutputSpec, "name">): EncodeStep[] {
  // EXIF rotation first, so regions and sizes (computed on the displayed image) match.
  const steps: EncodeStep[] = [["autoOrient"]];
  if (spec.region) steps.push(["extract", spec.region]);
  // The plan computed both sides; `fill` keeps them exact (the ratio is already right to the pixel).
  steps.push(["resize", spec.width, spec.height, { fit: "fill" }]);
  // A card's SVG is opaque (its frame fills it): without the alpha band librsvg renders, the JPEG
  // encoder gets the same pixels a band lighter, ~2 of the card's ~16 ms, the same bytes (tested).
  if ("svg" in input) steps.push(["removeAlpha"]);
  switch (spec.format) {
    case "avif":
      steps.push(["avif", ENCODER.avif]);
      break;
    case "webp":
      steps.push(["webp", ENCODER.webp]);
      break;
    case "jpeg":
      steps.push(["jpeg", "svg" in input ? ENCODER.card : ENCODER.jpeg]);
      break;
  }
  return steps;
}

/** What sharp reads: the photo's path, or the card's SVG. */
export function encodeInput(input: ImageJob["input"]): string | Buffer {
  return "file" in input ? input.file : Buffer.from(input.svg);
}

/** Applies `steps` to a pipeline (the worker's copy of this loop is plain JavaScript). */
export function applySteps(image: Sharp, steps: readonly EncodeStep[]): Sharp {
  let out = image;
  for (const [method, ...args] of steps) out = (out[method] as (...a: unknown[]) => Sharp).apply(out, args);
  return out;
}

/** Encodes one output in this thread (the build's encoding runs in a worker, write-images.ts). */
export async function encodeOutput(input: ImageJob["input"], spec: Omit<OutputSpec, "name">): Promise<Buffer> {
  return applySteps(sharp(encodeInput(input)), encodeSteps(input, spec)).toBuffer();
}

/** Renders an SVG (the logo) to a PNG of exactly `width`×`height` on white. */
export async function svgToPng(svgFile: string, pngFile: string, width: number, height: number): Promise<void> {
  await sharp(svgFile).resize(width, height, { fit: "contain", background: "#ffffff" }).flatten({ background: "#ffffff" }).png().toFile(pngFile);
}
