/**
 * The images search engines, social networks and feeds get for an article: the
 * 1200×630 social crop (or the generated card for an article without a photo) for
 * Open Graph and feeds, and the 16:9, 4:3 and 1:1 crops for structured data
 * (REFERENCE.md §5, §6).
 */
import type { ArticleImages } from "../../images/plan.ts";
import { isRemoteImage, type RemoteImage } from "../../images/remote.ts";
import type { SiteChrome } from "../../pages/chrome.ts";
import type { Article } from "../../schema/article.ts";

export interface ShareImage {
  /** Absolute URL. */
  url: string;
  width: number;
  height: number;
  /** MIME type, for feed enclosures. */
  type: string;
  alt: string;
  caption?: string;
  /** Absent for a generated card. */
  credit?: string;
}

export function shareImage(site: SiteChrome, images: ArticleImages | undefined, article: Article): ShareImage | undefined {
  const social = images?.social;
  if (!social) return undefined;
  const photo = social.generated ? undefined : article.image;
  return {
    url: site.urls.absolute(social.url),
    width: social.width,
    height: social.height,
    type: "image/jpeg",
    alt: social.alt,
    caption: photo?.caption,
    credit: photo?.credit,
  };
}

/**
 * schema.org `ImageObject`s for `NewsArticle.image`: the lead photo's crops, with the credit as
 * licence metadata; a lead photo on another host as it is. Without a lead photo, the body's
 * photos (their largest JPEG, when it has the 50,000 pixels Google asks of an article image;
 * REFERENCE.md §5), and those on other hosts by their address, whose size nothing here knows.
 */
export function structuredDataImages(site: SiteChrome, images: ArticleImages | undefined, article: Article): object[] {
  const lead = images?.lead;
  if (lead && article.image) {
    const { alt, caption, credit } = article.image;
    return (["16x9", "4x3", "1x1"] as const).map((name) => {
      const crop = lead.crops[name];
      const url = site.urls.absolute(crop.url);
      return { "@type": "ImageObject", url, contentUrl: url, width: crop.width, height: crop.height, caption: caption ?? alt, creditText: credit };
    });
  }
  const remote = images?.remoteLead;
  if (remote && article.image) {
    const { alt, caption, credit } = article.image;
    return [{ "@type": "ImageObject", url: remote.url, contentUrl: remote.url, ...sizeOf(remote), caption: caption ?? alt, creditText: credit }];
  }
  return [...(images?.body.values() ?? [])].flatMap((image) => {
    if (isRemoteImage(image)) return [{ "@type": "ImageObject", url: image.url, contentUrl: image.url }];
    const largest = image.sources.jpeg[image.sources.jpeg.length - 1];
    if (!largest || largest.width * largest.height < MIN_PIXELS) return [];
    const url = site.urls.absolute(largest.url);
    return [{ "@type": "ImageObject", url, contentUrl: url, width: largest.width, height: largest.height }];
  });
}

/** Google's minimum for an article's image (REFERENCE.md §5). */
const MIN_PIXELS = 50_000;

function sizeOf(image: RemoteImage): { width?: number; height?: number } {
  return image.width && image.height ? { width: image.width, height: image.height } : {};
}
