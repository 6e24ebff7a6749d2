/** An author, `content/authors/<id>.yaml`; `Author` is inferred from the schema. */
import { z } from "zod";
import { httpUrl, text } from "./fields.ts";

export const AuthorSchema = z.strictObject({
  name: text("the author's name", 200),
  bio: text("a short biography", 2000).optional(),
  url: httpUrl().optional(),
  /** Path relative to content/authors/. */
  photo: text("a photo path").optional(),
});

export type Author = z.output<typeof AuthorSchema> & { id: string; file: string };
