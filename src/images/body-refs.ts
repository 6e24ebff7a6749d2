/** Finds the images in an article body (`![alt](./photo.jpg "caption")`) with their lines in the file. */
import { md } from "../content/markdown.ts";
import { decodeSrc } from "../content/markdown-images.ts";

export interface BodyImageRef {
  src: string;
  alt: string;
  /** 1-based line in the article file. */
  line: number;
}

/** Bodies without `![` are skipped without parsing, so this stays cheap on big archives. */
export function bodyImageRefs(body: string, bodyStartLine: number): BodyImageRef[] {
  if (!body.includes("![")) return [];
  const refs: BodyImageRef[] = [];
  for (const block of md.parse(body, {})) {
    if (block.type !== "inline" || !block.children || !block.map) continue;
    let line = bodyStartLine + block.map[0];
    for (const child of block.children) {
      if (child.type === "softbreak" || child.type === "hardbreak") line++;
      if (child.type === "image") refs.push({ src: decodeSrc(String(child.attrGet("src") ?? "")), alt: child.content.trim(), line });
    }
  }
  return refs;
}

/** Only paths relative to the article: a remote or absolute image cannot go through our pipeline. */
export function isRelativeImagePath(src: string): boolean {
  return src !== "" && !/^[a-z][a-z0-9+.-]*:/i.test(src) && !src.startsWith("/") && !src.startsWith("\\");
}

/** The photos an article names (lead and body), as one comparable string: an edit that changes them needs the full rebuild. */
export function photoSignature(article: { image?: unknown; body: string } | undefined): string {
  return JSON.stringify([article?.image, bodyImageRefs(article?.body ?? "", 0).map((r) => r.src)]);
}
