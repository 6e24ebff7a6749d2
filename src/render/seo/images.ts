/**
 * The images search engines, social networks and feeds get for an article. For now the
 * lead photo as published; when the photo pipeline lands, `shareImage` returns the
 * 1200×630 social crop and `structuredDataImages` the 16:9, 4:3 and 1:1 crops.
 * Articles without a photo get none (a generated card is planned).
 */
import type { SiteModel } from "../../model/site.ts";
import type { Article } from "../../schema/article.ts";
import type { ImageInfo } from "../images.ts";

export interface ShareImage {
  /** Absolute URL. */
  url: string;
  width: number;
  height: number;
  /** MIME type, for feed enclosures. */
  type: string;
  alt: string;
  caption?: string;
  credit: string;
}

const TYPES: Record<string, string> = { jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", webp: "image/webp", avif: "image/avif" };

export function shareImage(site: SiteModel, images: ReadonlyMap<string, ImageInfo>, article: Article): ShareImage | undefined {
  const image = images.get(article.url);
  if (!image || !article.image) return undefined;
  const ext = /\.([a-z0-9]+)$/i.exec(image.url)?.[1]?.toLowerCase() ?? "";
  const { alt, caption, credit } = article.image;
  return { url: site.urls.absolute(image.url), width: image.width, height: image.height, type: TYPES[ext] ?? "image/jpeg", alt, caption, credit };
}

/** schema.org `ImageObject`s with the credit as licence metadata (REFERENCE.md §5). */
export function structuredDataImages(site: SiteModel, images: ReadonlyMap<string, ImageInfo>, article: Article): object[] {
  const image = shareImage(site, images, article);
  if (!image) return [];
  return [
    {
      "@type": "ImageObject",
      url: image.url,
      contentUrl: image.url,
      width: image.width,
      height: image.height,
      caption: image.caption ?? image.alt,
      creditText: image.credit,
    },
  ];
}
