/** Stylesheets and scripts with content-hashed names, so hosts can cache them forever. */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";

export interface Asset {
  /** Site path, e.g. `/assets/site.3f2a9c1b.css`. */
  path: string;
  content: string;
}

export function hashedAsset(root: string, file: string): Asset {
  const content = readFileSync(path.join(root, file), "utf8");
  const hash = createHash("sha256").update(content).digest("hex").slice(0, 10);
  const ext = path.extname(file);
  return { path: `/assets/${path.basename(file, ext)}.${hash}${ext}`, content };
}

/** The publisher logo (600×60 PNG, made from assets/logo.svg by `npm run logo`), published at LOGO_PATH. */
export const LOGO_FILE = "assets/logo.png";
