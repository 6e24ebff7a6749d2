// Eleventy configuration: a table of contents, one plugin per concern.
// The site is loaded, validated and indexed before Eleventy runs (src/build/prepare.ts);
// Eleventy only renders pages from that model. Run through tsx: `npm run build`.
import { prepared } from "./src/build/prepare.ts";
import { type EleventyConfigApi, pagesPlugin } from "./src/render/pages.ts";

export default async function (eleventyConfig: EleventyConfigApi) {
  const site = await prepared();
  eleventyConfig.addPlugin(pagesPlugin, { prepared: site });

  return {
    dir: { input: "content" },
    // Articles are Markdown read by our own pipeline, never by a template engine.
    templateFormats: ["11ty.js"],
  };
}
