/** One output file from one source: orient, crop, resize to the planned size, encode. */
import sharp from "sharp";
import type { ImageJob } from "./plan.ts";
import { ENCODER, type OutputSpec } from "./recipe.ts";

export async function encodeOutput(input: ImageJob["input"], spec: OutputSpec): Promise<Buffer> {
  let image = "file" in input ? sharp(input.file) : sharp(Buffer.from(input.svg));
  // EXIF rotation first, so regions and sizes (computed on the displayed image) match.
  image = image.autoOrient();
  if (spec.region) image = image.extract(spec.region);
  // The plan computed both sides; `fill` keeps them exact (the ratio is already right to the pixel).
  image = image.resize(spec.width, spec.height, { fit: "fill" });
  switch (spec.format) {
    case "avif":
      return image.avif(ENCODER.avif).toBuffer();
    case "webp":
      return image.webp(ENCODER.webp).toBuffer();
    case "jpeg":
      return image.jpeg("svg" in input ? ENCODER.card : ENCODER.jpeg).toBuffer();
  }
}

/** Renders an SVG (the logo) to a PNG of exactly `width`×`height` on white. */
export async function svgToPng(svgFile: string, pngFile: string, width: number, height: number): Promise<void> {
  await sharp(svgFile).resize(width, height, { fit: "contain", background: "#ffffff" }).flatten({ background: "#ffffff" }).png().toFile(pngFile);
}
