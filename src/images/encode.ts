/** One output file from one source: orient, crop, resize to the planned size, encode. */
import sharp, { type Sharp } from "sharp";
import type { ImageJob } from "./plan.ts";
import { ENCODER, type OutputSpec } from "./recipe.ts";
import type { GeneratedCard } from "./social-card.ts";

// libvips keeps up to 50 MB of recent operations for reuse; the build never makes the same file
// twice, so the cache only held memory (~40 MB more at the 20k build's peak). The worker turns it off too.
sharp.cache(false);

/**
 * One call on a sharp pipeline: the method and its arguments, as plain data, so the encoding
 * worker (src/images/encode-worker.ts) runs exactly the calls this module describes.
 */
export type EncodeStep = readonly [method: "autoOrient" | "extract" | "resize" | "avif" | "webp" | "jpeg", ...args: unknown[]];

/** The calls that make `spec` from `input`, in order. */
export function encodeSteps(input: ImageJob["input"], spec: Omit<OutputSpec, "name">): EncodeStep[] {
  // A generated card is composed at its size (`composeCard`): it is only encoded.
  if ("card" in input) return [["jpeg", ENCODER.card]];
  // EXIF rotation first, so regions and sizes (computed on the displayed image) match.
  const steps: EncodeStep[] = [["autoOrient"]];
  if (spec.region) steps.push(["extract", spec.region]);
  // The plan computed both sides; `fill` keeps them exact (the ratio is already right to the pixel).
  steps.push(["resize", spec.width, spec.height, { fit: "fill" }]);
  switch (spec.format) {
    case "avif":
      steps.push(["avif", ENCODER.avif]);
      break;
    case "webp":
      steps.push(["webp", ENCODER.webp]);
      break;
    case "jpeg":
      steps.push(["jpeg", ENCODER.jpeg]);
      break;
  }
  return steps;
}

/** Frames of generated cards already rendered, by their SVG (`composeCard`). */
export type CardFrames = Map<string, Buffer>;

/**
 * A generated card's pixels (RGB, `card.width`×`card.height`): its frame, rendered by librsvg
 * once and kept in `frames` (the last 8: cards come an edition's day at a time), with the
 * headline's markup laid out by Pango (sharp's `text` input, cropped to its ink) and drawn in
 * white over it: each pixel moves towards white by the text's coverage. ~4.5 ms of CPU a card
 * against ~11 for one SVG rendered whole.
 *
 * Plain JavaScript inside, referring to nothing but its arguments: the encoding worker runs a
 * copy made from its source text (src/images/encode-worker.ts), so both draw the same pixels.
 */
export async function composeCard(
  vips: typeof sharp,
  frames: CardFrames,
  card: GeneratedCard,
): Promise<{ data: Buffer; raw: { width: number; height: number; channels: 3 } }> {
  const raw = { width: card.width, height: card.height, channels: 3 as const };
  let frame = frames.get(card.frame);
  if (!frame) {
    frame = await vips(Buffer.from(card.frame)).resize(card.width, card.height, { fit: "fill" }).removeAlpha().raw().toBuffer();
    if (frames.size >= 8) frames.delete(frames.keys().next().value as string);
    frames.set(card.frame, frame);
  }
  if (!card.headline) return { data: frame, raw };
  const text = await vips({ text: { text: card.headline, font: card.font, dpi: 72, spacing: card.spacing } })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const ink = text.data;
  const inkWidth = text.info.width;
  const out = Buffer.from(frame);
  const left = card.left;
  const top = Math.max(0, Math.round(card.middle - text.info.height / 2));
  const columns = Math.min(inkWidth, card.width - left);
  const rows = Math.min(text.info.height, card.height - top);
  for (let y = 0; y < rows; y++) {
    let s = y * inkWidth;
    let o = ((top + y) * card.width + left) * 3;
    for (let x = 0; x < columns; x++, s++, o += 3) {
      const a = ink[s] as number;
      if (a === 0) continue;
      const r = out[o] as number;
      const g = out[o + 1] as number;
      const b = out[o + 2] as number;
      out[o] = (r + ((255 - r) * a + 127) / 255) | 0;
      out[o + 1] = (g + ((255 - g) * a + 127) / 255) | 0;
      out[o + 2] = (b + ((255 - b) * a + 127) / 255) | 0;
    }
  }
  return { data: out, raw };
}

/** Applies `steps` to a pipeline (the worker's copy of this loop is plain JavaScript). */
export function applySteps(image: Sharp, steps: readonly EncodeStep[]): Sharp {
  let out = image;
  for (const [method, ...args] of steps) out = (out[method] as (...a: unknown[]) => Sharp).apply(out, args);
  return out;
}

/** Encodes one output in this thread (the build's encoding runs in a worker, write-images.ts). */
export async function encodeOutput(input: ImageJob["input"], spec: Omit<OutputSpec, "name">, frames: CardFrames = new Map()): Promise<Buffer> {
  let image: Sharp;
  if ("card" in input) {
    const { data, raw } = await composeCard(sharp, frames, input.card);
    image = sharp(data, { raw });
  } else image = sharp(input.file);
  return applySteps(image, encodeSteps(input, spec)).toBuffer();
}

/** Renders an SVG (the logo) to a PNG of exactly `width`×`height` on white. */
export async function svgToPng(svgFile: string, pngFile: string, width: number, height: number): Promise<void> {
  await sharp(svgFile).resize(width, height, { fit: "contain", background: "#ffffff" }).flatten({ background: "#ffffff" }).png().toFile(pngFile);
}
