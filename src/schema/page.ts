/**
 * A static page, `content/pages/<edition>/<name>.md` (About, Contacts, Editorial policy): its
 * front matter. `PageFields` is inferred from the schema; `StaticPage` adds what the model derives.
 */
import { z } from "zod";

import { newsroomDate, type SchemaContext } from "./article.ts";
import { describe, text } from "./fields.ts";

/** `ctx`: the edition's zone that naive times are read in (the same context as `articleSchema`'s). */
export function pageSchema({ timeZone }: Pick<SchemaContext, "timeZone">) {
  return z.strictObject(
    {
      title: text("a page title", 200),
      /** For search engines and link previews; default: the first paragraph. */
      summary: text("a one-paragraph summary", 1000).optional(),
      /** When the page last changed in substance (a policy's revision): shown on it, and its sitemap `lastmod`. */
      updated: newsroomDate(timeZone).optional(),
      /** Its place in the footer's list: lower first; pages without one follow, by file name. */
      order: z
        .number({ error: (iss) => `expected a whole number such as 1, received ${describe(iss.input)}` })
        .int()
        .optional(),
    },
    { error: (iss) => (iss.code === "invalid_type" ? `expected front matter fields, received ${describe(iss.input)}` : undefined) },
  );
}

export type PageFields = z.output<ReturnType<typeof pageSchema>>;

export type StaticPage = PageFields & {
  /** Source file relative to the repository. */
  file: string;
  /** Edition id: the folder under content/pages/. */
  edition: string;
  /** The file name: the URL segment, and what links a page to its versions in the other editions. */
  slug: string;
  /** `/about/`, `/eng/about/`. */
  url: string;
  /** Markdown, rendered by the page's layout. */
  body: string;
  /** `summary`, else the first paragraph as plain text. */
  description: string;
};
