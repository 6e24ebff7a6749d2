/** Image paths in articles: which are ours to process, and an article's photos as one comparable string. */
import { bodyImageRefs } from "../content/body-facts.ts";

export { type BodyImageRef, bodyImageRefs } from "../content/body-facts.ts";

/** Only paths relative to the article: a remote or absolute image cannot go through our pipeline. */
export function isRelativeImagePath(src: string): boolean {
  return src !== "" && !/^[a-z][a-z0-9+.-]*:/i.test(src) && !src.startsWith("/") && !src.startsWith("\\");
}

/** The photos an article names (lead and body), as one comparable string: an edit that changes them needs the full rebuild. */
export function photoSignature(article: { image?: unknown; body: string } | undefined): string {
  return JSON.stringify([article?.image, bodyImageRefs(article?.body ?? "", 0).map((r) => r.src)]);
}
