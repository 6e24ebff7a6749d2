/**
 * Registers one Eleventy virtual template that renders every object of a precomputed
 * array as its own page (pagination `size: 1`), written at the object's `url`.
 */
import { noteRendered } from "../build/render-pass.ts";
import { Urls } from "../model/urls.ts";
import type { EleventyConfigApi } from "./pages.ts";

export function addPageTemplate<T extends { url: string }>(
  config: EleventyConfigApi,
  name: string,
  pages: readonly T[],
  render: (page: T) => string,
): void {
  config.addTemplate(`${name}.11ty.js`, {
    data: {
      pagination: { data: "items", size: 1, alias: "page" },
      items: pages,
      permalink: (data: { page: T }) => Urls.outputFile(data.page.url),
      // Eleventy's collection bookkeeping grows with pages × tags (REFERENCE.md §12); we never use collections.
      eleventyExcludeFromCollections: true,
    },
    render: (data: { page: T }) => noteRendered(Urls.outputFile(data.page.url), render(data.page)),
  });
}
