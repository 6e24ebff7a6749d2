/**
 * `content/tags.yaml` (optional): a tag's display name and description, per edition
 * and tag slug. `TagsFile` is inferred from the schema.
 *
 *     eng:
 *       russo-ukrainian-war:
 *         name: Russo-Ukrainian war
 *         description: Russia's war against Ukraine since 2014.
 */
import { z } from "zod";
import { SLUG_PATTERN } from "../slug.ts";
import { describe, text } from "./fields.ts";

export const TagInfoSchema = z.strictObject(
  {
    name: text("a display name", 100).optional(),
    description: text("a description", 2000).optional(),
  },
  { error: (iss) => `expected {name, description}, received ${describe(iss.input)}` },
);

export function tagsFileSchema(editionIds: readonly string[]) {
  const slug = z.string().regex(SLUG_PATTERN);
  const editionTags = z.record(slug, TagInfoSchema, {
    error: (iss) =>
      iss.code === "invalid_key"
        ? `expected a tag slug such as "russo-ukrainian-war" (the end of the tag page URL), received ${describe(iss.input)}`
        : `expected tag slugs with {name, description}, received ${describe(iss.input)}`,
  });
  return z
    .partialRecord(z.string(), editionTags, {
      error: (iss) =>
        iss.code === "invalid_key"
          ? `expected an edition id (one of: ${editionIds.join(", ")}), received ${describe(iss.input)}`
          : `expected edition ids (${editionIds.join(", ")}) with their tags, received ${describe(iss.input)}`,
    })
    .superRefine((file, ctx) => {
      for (const key of Object.keys(file)) {
        if (!editionIds.includes(key))
          ctx.addIssue({ code: "custom", path: [key], message: `expected an edition id (one of: ${editionIds.join(", ")}), received "${key}"` });
      }
    });
}

export type TagInfo = z.output<typeof TagInfoSchema>;
export type TagsFile = z.output<ReturnType<typeof tagsFileSchema>>;
