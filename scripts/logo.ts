// `npm run logo`: renders assets/logo.svg to the 600×60 assets/logo.png that structured data and feeds use
// (Google wants a raster publisher logo). Run it after editing the SVG and commit both files.
import path from "node:path";
import { svgToPng } from "../src/images/encode.ts";
import { PROJECT_ROOT } from "../src/project.ts";
import { LOGO_FILE } from "../src/render/assets.ts";
import { LOGO_SIZE } from "../src/render/seo/json-ld.ts";

await svgToPng(path.join(PROJECT_ROOT, "assets/logo.svg"), path.join(PROJECT_ROOT, LOGO_FILE), LOGO_SIZE.width, LOGO_SIZE.height);
console.log(`Wrote ${LOGO_FILE}`);
