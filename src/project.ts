/** Where the generator itself lives (layouts, assets, .eleventy.ts), as opposed to the site's content root. */
import path from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
