import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import { articleSchema } from "../../src/schema/article.ts";
import { knownKeysOf } from "../../src/schema/issues.ts";

describe("the known fields of a schema", () => {
  it("are read from the schema itself, nested objects and lists included", () => {
    const schema = z.strictObject({
      a: z.strictObject({ b: z.string(), c: z.number().optional() }).optional(),
      list: z.array(z.strictObject({ d: z.string() })).optional(),
      loose: z.preprocess((v) => v, z.strictObject({ e: z.string() })),
    });
    assert.deepEqual(knownKeysOf(schema), { "": ["a", "list", "loose"], a: ["b", "c"], "list[]": ["d"], loose: ["e"] });
  });

  it("of an article are every front-matter field the schema has", () => {
    const keys = knownKeysOf(articleSchema({ timeZone: "UTC", sectionIds: [], languages: [] }));
    assert.ok(keys[""]?.includes("translationKey") && keys[""]?.includes("aliases"));
    assert.deepEqual(keys.source, ["name", "url", "via"]);
    assert.deepEqual(keys.image, ["src", "alt", "caption", "credit", "focus", "width", "height"]);
    assert.deepEqual(keys["corrections[]"], ["date", "text"]);
  });
});
