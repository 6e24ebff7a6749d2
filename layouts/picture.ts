/**
 * The one <picture> component: AVIF, WebP and JPEG `srcset`s, width and height on the
 * <img> (no layout shift), lazy by default; the lead photo loads eagerly with high priority.
 * List pages reuse it for thumbnails with their own `sizes`.
 */

import type { ImageFile, Picture } from "../src/images/plan.ts";
import type { RemoteImage } from "../src/images/remote.ts";
import type { Urls } from "../src/model/urls.ts";
import { html, type SafeHtml } from "../src/render/html.ts";

/** The article column (assets/site.css --measure: 42rem), full width minus 1rem padding each side below that. */
export const COLUMN_SIZES = "(min-width: 44rem) 42rem, calc(100vw - 2rem)";

export interface PictureOptions {
  alt: string;
  urls: Urls;
  sizes?: string;
  /** The lead photo: eager, `fetchpriority="high"`, no async decoding. */
  priority?: boolean;
  className?: string;
}

export function picture(image: Picture, { alt, urls, sizes = COLUMN_SIZES, priority = false, className }: PictureOptions): SafeHtml {
  const srcset = (files: readonly ImageFile[]) => files.map((f) => `${urls.href(f.url)} ${f.width}w`).join(", ");
  const fallback = image.sources.jpeg[image.sources.jpeg.length - 1] as ImageFile;
  const loading = priority ? html`loading="eager" fetchpriority="high"` : html`loading="lazy" decoding="async"`;
  return html`<picture${className ? html` class="${className}"` : ""}>
<source type="image/avif" srcset="${srcset(image.sources.avif)}" sizes="${sizes}">
<source type="image/webp" srcset="${srcset(image.sources.webp)}" sizes="${sizes}">
<img src="${urls.href(fallback.url)}" srcset="${srcset(image.sources.jpeg)}" sizes="${sizes}" width="${image.width}" height="${image.height}" alt="${alt}" ${loading}>
</picture>`;
}

/**
 * An image left on its host (remoteImages.hosts): a plain <img>, as nothing here knows its sizes
 * unless the front matter gives them (`image.width`, `image.height`). Lazy, like body photos;
 * the lead photo loads eagerly.
 */
export function remotePicture(image: RemoteImage, { alt, priority = false, className }: Omit<PictureOptions, "urls" | "sizes">): SafeHtml {
  const size = image.width && image.height ? html` width="${image.width}" height="${image.height}"` : "";
  const loading = priority ? html`loading="eager" fetchpriority="high"` : html`loading="lazy" decoding="async"`;
  return html`<img${className ? html` class="${className}"` : ""} src="${image.url}"${size} alt="${alt}" ${loading}>`;
}

/** A photo with its caption and visibly labelled credit (`Photo: Office of the President`). */
export function figure(content: SafeHtml, caption: { text?: string; credit?: string; creditLabel: string; className: string }): SafeHtml {
  const { text, credit, creditLabel, className } = caption;
  const hasCaption = Boolean(text || credit);
  return html`<figure class="${className}">
${content}
${hasCaption ? html`<figcaption>${text ? html`${text}${credit ? (/[.!?…]$/.test(text) ? " " : ". ") : ""}` : ""}${credit ? html`<span class="credit">${creditLabel}: ${credit}</span>` : ""}</figcaption>` : ""}
</figure>`;
}
