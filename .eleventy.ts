// Eleventy configuration, for Eleventy started directly (`npx @11ty/eleventy`): a table of contents.
// `npm run build` (src/pipeline/build.ts) passes the same setup to `new Eleventy(…)` itself.
//   src/pipeline/prepare.ts  load, validate, index and plan photos: the site model
//   src/pages/index.ts       the page types: what each lists, where it goes, the view each page shows
//   src/render/layouts.ts    the layout of each page type
//   src/render/pages.ts      the renderer host: one paginated virtual template per page type

import { planPages } from "./src/pages/plan.ts";
import { prepare } from "./src/pipeline/prepare.ts";
import { type EleventyConfigApi, eleventySetup, renderContext } from "./src/render/pages.ts";

export const config = { dir: { input: "content" } };

export default async function (eleventyConfig: EleventyConfigApi) {
  const prepared = await prepare(process.cwd());
  eleventySetup({ ctx: renderContext(prepared.site), pages: planPages(prepared), assets: true })(eleventyConfig);
}
