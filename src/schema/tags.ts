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
  const editionId = z.string().refine((id) => editionIds.includes(id));
  return z.partialRecord(editionId, editionTags, {
    error: (iss) =>
      iss.code === "invalid_key"
        ? `expected an edition id (one of: ${editionIds.join(", ")}), received ${describe(iss.input)}`
        : `expected edition ids (${editionIds.join(", ")}) with their tags, received ${describe(iss.input)}`,
  });
}

export type TagInfo = z.output<typeof TagInfoSchema>;
export type TagsFile = z.output<ReturnType<typeof tagsFileSchema>>;
