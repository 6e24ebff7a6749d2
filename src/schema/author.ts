/**
 * An author, `content/authors/<id>.yaml`. `name` and `bio` are written once for every edition or
 * once per edition language (`name: {uk: …, en: …, ru: …}`), so the schema is made for the site's
 * languages; `Author` is the model's form, with a text for every edition language.
 */
import { z } from "zod";
import { httpUrl, text } from "./fields.ts";
import { perLanguage } from "./per-language.ts";
import type { Picture } from "./picture.ts";

/** The fields that may be written per edition language. */
export const PER_LANGUAGE_AUTHOR_FIELDS = ["name", "bio"] as const;

/** `languages`: the editions' `lang` codes (`uk`, `en`, `ru`), the keys of a per-language `name` or `bio`. */
export function authorSchema(languages: readonly string[]) {
  return z.strictObject({
    name: perLanguage(text("the author's name", 200), "the author's name", languages),
    bio: perLanguage(text("a short biography", 2000), "a short biography", languages).optional(),
    /** Their own site or profile; `sameAs` in structured data. */
    url: httpUrl().optional(),
    /** Path relative to content/authors/ (checked, with the articles' photos, in src/images/prepare-images.ts). */
    photo: text("a photo path").optional(),
  });
}

/** What an author file says, validated: `name` and `bio` as written. */
export type AuthorFields = z.output<ReturnType<typeof authorSchema>>;

/** A text in every edition language, by `lang` code: what the author's pages, bylines and feeds show in that edition. */
export type PerLanguage = Readonly<Record<string, string>>;

export type Author = Omit<AuthorFields, "name" | "bio"> & {
  id: string;
  file: string;
  /** In every edition language, missing forms filled in (src/model/per-language.ts). */
  name: PerLanguage;
  bio?: PerLanguage;
  /** The photo's files, set when a build plans the images of an author with published articles. */
  picture?: Picture;
};
