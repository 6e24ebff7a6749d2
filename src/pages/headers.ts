/** The `_headers` file for Netlify and Cloudflare Pages: the headers a meta tag cannot set, from the generator and the site config (its image hosts). */
import type { PageType } from "./page-type.ts";
import { frozenView } from "./view.ts";

export type HeadersView = Readonly<Record<string, never>>;

export const headersFile: PageType<{ file: string }, HeadersView> = {
  kind: "headers-file",
  cached: true,
  list: () => [{ file: "_headers" }],
  file: (item) => item.file,
  view: () => frozenView({}),
};
