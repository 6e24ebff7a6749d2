/**
 * The image model the layouts read (URLs and sizes, known before anything is
 * encoded, because file names derive from the inputs) and the encode jobs behind it.
 */
import type { ImageFile, Picture } from "../schema/picture.ts";
import type { SourceImage } from "./inspect.ts";
import {
  CARD_RECIPE,
  CROPS,
  type CropName,
  cropRegion,
  cropSize,
  FORMATS,
  type Format,
  type OutputSpec,
  outputName,
  responsiveWidths,
  scaledHeight,
  sha256,
} from "./recipe.ts";
import type { RemoteImage } from "./remote.ts";
import { CARD, type GeneratedCard } from "./social-card.ts";

/** Site folder of every processed image (shared by editions: the same photo is stored once). */
export const IMAGES_PATH = "/images/";

export type { ImageFile, Picture } from "../schema/picture.ts";

export type StructuredCropName = Exclude<CropName, "social">;

export interface LeadImage {
  picture: Picture;
  /** 16:9, 4:3 and 1:1 crops for structured data (REFERENCE.md §5). */
  crops: Record<StructuredCropName, ImageFile>;
}

/** The `og:image`: a 1200×630 crop of the lead photo, or a generated card. */
export interface SocialImage extends ImageFile {
  alt: string;
  generated: boolean;
}

export interface ArticleImages {
  lead?: LeadImage;
  /** A lead photo on a host of remoteImages.hosts (`image.src: https://…`): shown as it is. */
  remoteLead?: RemoteImage;
  social: SocialImage;
  /** Body images by the path written in the Markdown (`./chart.jpg`), or their address when on a listed host. */
  body: ReadonlyMap<string, Picture | RemoteImage>;
}

export interface ImageJob {
  /** Content hash of the source (file bytes, or a generated card's layers with its encoder settings). */
  hash: string;
  /** What to name in logs and errors: the file that uses the photo and its path as written, or `social card for /eng/...`. */
  label: string;
  input: { file: string } | { card: GeneratedCard };
  outputs: OutputSpec[];
}

/** Collects jobs, one per distinct source content, each output once. */
export class ImagePlan {
  readonly jobs = new Map<string, ImageJob>();

  private add(hash: string, label: string, input: ImageJob["input"], spec: Omit<OutputSpec, "name">, name: string): ImageFile {
    let job = this.jobs.get(hash);
    if (!job) {
      job = { hash, label, input, outputs: [] };
      this.jobs.set(hash, job);
    }
    if (!job.outputs.some((o) => o.name === name)) job.outputs.push({ ...spec, name });
    return { url: `${IMAGES_PATH}${name}`, width: spec.width, height: spec.height };
  }

  /** `maxWidth`: the widest file needed (a small photo such as an author's needs one width, not four). */
  picture(source: SourceImage, label: string, maxWidth = Number.POSITIVE_INFINITY): Picture {
    const widths = responsiveWidths(Math.min(source.width, maxWidth));
    const sources = {} as Record<Format, ImageFile[]>;
    for (const format of FORMATS) {
      sources[format] = widths.map((width) => {
        const spec = { format, width, height: scaledHeight(width, source) };
        return this.add(source.hash, label, { file: source.path }, spec, outputName(source.hash, spec, String(width)));
      });
    }
    const largest = sources.jpeg[sources.jpeg.length - 1] as ImageFile;
    return { width: largest.width, height: largest.height, sources };
  }

  crop(source: SourceImage, label: string, crop: CropName, focus?: readonly [number, number]): ImageFile {
    const region = cropRegion(source, CROPS[crop], focus);
    const spec = { format: "jpeg" as const, ...cropSize(region, CROPS[crop]), region };
    return this.add(source.hash, label, { file: source.path }, spec, outputName(source.hash, spec, crop));
  }

  /** A generated card (`socialCard`, `editionCard`) as a 1200×630 JPEG, named by its layers and the card encoder's settings. */
  card(card: GeneratedCard, label: string): ImageFile {
    const hash = sha256(`${CARD_RECIPE}\n${JSON.stringify(card)}`);
    const spec = { format: "jpeg" as const, ...CARD };
    return this.add(hash, label, { card }, spec, outputName(hash, spec, "card"));
  }
}
