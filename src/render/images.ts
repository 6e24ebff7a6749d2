/**
 * The one home of image work (sharp). For now: checks that every lead photo is a
 * readable image inside the repository and records its size for width/height.
 */
import { realpath } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { locateInFile } from "../content/front-matter.ts";
import type { Problem } from "../errors/problem.ts";
import type { Article } from "../schema/article.ts";

export interface ImageInfo {
  /** Absolute path of the original. */
  source: string;
  /** Site path of the published copy. */
  url: string;
  width: number;
  height: number;
}

export async function inspectLeadImages(
  root: string,
  articles: readonly Article[],
): Promise<{ images: Map<string, ImageInfo>; problems: Problem[] }> {
  const images = new Map<string, ImageInfo>();
  const problems: Problem[] = [];
  const rootReal = await realpath(root);
  await Promise.all(
    articles.map(async (article) => {
      if (!article.image) return;
      const src = article.image.src;
      const fail = async (message: string) =>
        problems.push({
          file: article.file,
          line: await locateInFile(root, article.file, ["image", "src"]),
          field: "image.src",
          message,
          severity: "error",
        });
      const absolute = path.resolve(root, path.dirname(article.file), src);
      let real: string;
      try {
        real = await realpath(absolute);
      } catch {
        return fail(`expected an image file next to the article, but "${src}" does not exist`);
      }
      if (!real.startsWith(rootReal + path.sep)) return fail(`expected an image inside the repository, received "${src}", which leads outside it`);
      try {
        const meta = await sharp(real).metadata();
        if (!meta.width || !meta.height) return fail(`expected an image with a width and height, received "${src}"`);
        const [width, height] = (meta.orientation ?? 1) >= 5 ? [meta.height, meta.width] : [meta.width, meta.height];
        images.set(article.url, { source: real, url: `${article.url}${path.basename(real)}`, width, height });
      } catch {
        return fail(`expected a JPEG, PNG, WebP or AVIF image, received "${src}", which is not a readable image`);
      }
    }),
  );
  return { images, problems };
}

/** Rasterises an SVG to a PNG of exactly `width`×`height` (the publisher logo: `npm run logo`). */
export async function svgToPng(svgFile: string, pngFile: string, width: number, height: number): Promise<void> {
  await sharp(svgFile).resize(width, height, { fit: "contain", background: "#ffffff" }).flatten({ background: "#ffffff" }).png().toFile(pngFile);
}
