/** An author, `content/authors/<id>.yaml`; `Author` is inferred from the schema. */
import { z } from "zod";
import { httpUrl, text } from "./fields.ts";
import type { Picture } from "./picture.ts";

export const AuthorSchema = z.strictObject({
  name: text("the author's name", 200),
  bio: text("a short biography", 2000).optional(),
  /** Their own site or profile; `sameAs` in structured data. */
  url: httpUrl().optional(),
  /** Path relative to content/authors/ (checked, with the articles' photos, in src/images/prepare-images.ts). */
  photo: text("a photo path").optional(),
});

export type Author = z.output<typeof AuthorSchema> & {
  id: string;
  file: string;
  /** The photo's files, set when a build plans the images of an author with published articles. */
  picture?: Picture;
};
