/**
 * The favicon set, made from assets/logo.svg with sharp: the logo's mark (its square at
 * MARK_VIEWBOX) as an SVG icon, PNGs at 32, 180 (Apple's touch icon), 192 and 512 px (the web app
 * manifest's), and a favicon.ico holding 16, 32 and 48 px PNGs. Each file is kept in the image
 * cache under a hash of the logo and this recipe, so a warm build renders none of them again.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharp from "sharp";
import { ContentStore } from "../content-store.ts";
import { ICON_PATHS } from "../model/paths.ts";
import { PROJECT_ROOT } from "../project.ts";

/** The square of assets/logo.svg (600×60) that holds its mark, the flag, with a margin. */
export const MARK_VIEWBOX = "0 2 56 56";
/** Bump when the files below change, so cached icons are made again. */
const RECIPE = "favicons-1";
const ICO_SIZES = [16, 32, 48];

export interface IconFile {
  /** Site path (ICON_PATHS). */
  path: string;
  make(mark: string): Promise<Buffer | string>;
}

/** The logo's mark: the logo itself, its viewBox narrowed to the mark's square. */
export function markSvg(logo: string): string {
  const open = /<svg\b[^>]*>/.exec(logo);
  if (!open) throw new Error("assets/logo.svg: expected an <svg> element");
  const attrs = open[0].replace(/\s(width|height|viewBox)="[^"]*"/g, "").replace(/^<svg/, `<svg width="56" height="56" viewBox="${MARK_VIEWBOX}"`);
  return logo.replace(open[0], attrs);
}

const png = (mark: string, size: number) =>
  sharp(Buffer.from(mark), { density: 72 * Math.ceil(size / 56) * 2 })
    .resize(size, size)
    .png()
    .toBuffer();

/** An ICO file whose images are PNGs (allowed since Windows Vista; every current browser reads them). */
export function icoOf(images: readonly { size: number; png: Buffer }[]): Buffer {
  const header = Buffer.alloc(6 + 16 * images.length);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  let offset = header.length;
  images.forEach(({ size, png }, i) => {
    const at = 6 + 16 * i;
    header.writeUInt8(size >= 256 ? 0 : size, at);
    header.writeUInt8(size >= 256 ? 0 : size, at + 1);
    header.writeUInt16LE(1, at + 4);
    header.writeUInt16LE(32, at + 6);
    header.writeUInt32LE(png.length, at + 8);
    header.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, ...images.map((i) => i.png)]);
}

export const ICON_FILES: readonly IconFile[] = [
  { path: ICON_PATHS.svg, make: async (mark) => mark },
  { path: ICON_PATHS.png32, make: (mark) => png(mark, 32) },
  { path: ICON_PATHS.appleTouch, make: (mark) => png(mark, 180) },
  { path: ICON_PATHS.png192, make: (mark) => png(mark, 192) },
  { path: ICON_PATHS.png512, make: (mark) => png(mark, 512) },
  { path: ICON_PATHS.ico, make: async (mark) => icoOf(await Promise.all(ICO_SIZES.map(async (size) => ({ size, png: await png(mark, size) })))) },
];

/** The web app manifest: the site's name and its large icons (paths relative to the manifest, so a base path keeps working). */
export function webManifest(name: string): string {
  const icon = (p: string, size: number) => ({ src: p.slice(1), sizes: `${size}x${size}`, type: "image/png" });
  return `${JSON.stringify({ name, short_name: name, icons: [icon(ICON_PATHS.png192, 192), icon(ICON_PATHS.png512, 512)], start_url: "./", display: "browser" }, null, 2)}\n`;
}

/**
 * Writes the icons and the manifest into the site folder; returns how many icons were made rather than taken from the cache.
 * Synchronous but for sharp's drawing, which runs for all of them at once: a build runs this beside its render,
 * which lets the event loop turn only between Eleventy's runs (~5 s apart at 20k articles), and each await waits for
 * such a turn. With five in a row (the logo read, the cache looked up, the icons drawn, written, linked) the images
 * phase of a cold 20k build took 17–26 s where its cards took 3.4 s, and Pagefind took no records until it ended
 * (src/pipeline/build.ts).
 */
export async function writeIcons(outputDir: string, cacheDir: string, siteName: string): Promise<number> {
  const logo = readFileSync(path.join(PROJECT_ROOT, "assets/logo.svg"), "utf8");
  const mark = markSvg(logo);
  const hash = createHash("sha256").update(RECIPE).update(logo).digest("hex").slice(0, 16);
  const store = new ContentStore(cacheDir);
  const icons = ICON_FILES.map((icon) => ({ icon, key: `icon-${hash}-${path.basename(icon.path)}` }));
  const missing = icons.filter(({ key }) => !existsSync(store.path(key)));
  const made = await Promise.all(missing.map(({ icon }) => icon.make(mark)));
  for (const [i, { key }] of missing.entries()) store.putBytesSync(key, made[i] as Buffer | string);
  for (const { icon, key } of icons) store.placeSync(key, path.join(outputDir, icon.path), { replace: true });
  writeFileSync(path.join(outputDir, ICON_PATHS.manifest), webManifest(siteName));
  return missing.length;
}
