/**
 * The files a photo is served as, once a build plans its images (src/images/plan.ts): a type
 * the records of this layer carry (an author's `picture`), so it lives here, below the images
 * that make it.
 */

/** The formats every photo is encoded in, best first (src/images/recipe.ts). */
export type ImageFormat = "avif" | "webp" | "jpeg";

export interface ImageFile {
  /** Site path, e.g. `/images/3f2a9c1b7d40e8a2-800.avif`. */
  url: string;
  width: number;
  height: number;
}

/** One photo at several widths in each format; `width`/`height` are the largest file's. */
export interface Picture {
  width: number;
  height: number;
  sources: Record<ImageFormat, ImageFile[]>;
}
