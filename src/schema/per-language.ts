/**
 * A text written once for every edition, or once per edition language: `name: Ulyana Krychkovska`
 * or `name: {uk: Уляна Кричковська, en: Ulyana Krychkovska, ru: Ульяна Кричковская}`. The keys are
 * the editions' `lang` codes from content/site.config.ts; any of them may be left out (the model
 * chooses a fallback: src/model/per-language.ts).
 */
import { z } from "zod";
import { describe } from "./fields.ts";
import { fieldPath } from "./issues.ts";

/** `item` alone, or a mapping of edition languages to `item`. The union keeps both shapes visible to tools that read the schema. */
export function perLanguage<T extends z.ZodType<string>>(item: T, what: string, languages: readonly string[]) {
  const forms = z
    .strictObject(Object.fromEntries(languages.map((lang) => [lang, item.optional()])) as Record<string, z.ZodOptional<T>>)
    .refine((value) => Object.values(value).some((v) => v !== undefined), {
      error: `expected ${what} in at least one of the edition languages (${languages.join(", ")}), received an empty mapping`,
      params: { emptyForms: true },
    });
  return z.union([item, forms], {
    error: (iss) =>
      iss.input === undefined
        ? `required: expected ${what}, received nothing`
        : `expected ${what}, or one per edition language such as {${languages.map((l) => `${l}: …`).join(", ")}}, received ${describe(iss.input)}`,
  });
}

/**
 * Editor-readable issues for the per-language fields (`fields`, top-level names) of a schema: a
 * mapping's own problems rather than "neither a text nor a mapping", and a key that is not an
 * edition language named as such (`name.ua`: the code for Ukrainian is `uk`). Other issues pass as they are.
 */
export function perLanguageIssues(issues: readonly z.core.$ZodIssue[], fields: readonly string[], languages: readonly string[]): z.core.$ZodIssue[] {
  const isField = (path: readonly PropertyKey[]) => path.length === 1 && fields.includes(String(path[0]));
  const out: z.core.$ZodIssue[] = [];
  const wrongKeys = new Set(issues.filter((i) => i.code === "unrecognized_keys").map((i) => fieldPath(i.path)));
  for (const issue of issues) {
    const mapping = issue.code === "invalid_union" ? issue.errors[1] : undefined;
    if (issue.code === "invalid_union" && isField(issue.path) && mapping && !mapping.some((i) => i.code === "invalid_type" && i.path.length === 0)) {
      // Written as a mapping: the mapping's own problems (the text branch's "expected a text" says nothing new).
      out.push(
        ...perLanguageIssues(
          mapping.map((i) => ({ ...i, path: [...issue.path, ...i.path] })),
          fields,
          languages,
        ),
      );
    } else if (issue.code === "custom" && issue.params?.emptyForms && wrongKeys.has(fieldPath(issue.path))) {
      // `{eng: …}` is empty only because its key is wrong: that key's message says it.
    } else if (issue.code === "unrecognized_keys" && isField(issue.path)) {
      for (const key of issue.keys) {
        const hint = key === "ua" ? ': the ISO 639 code for Ukrainian is "uk"' : suggestion(key, languages);
        out.push({
          code: "custom",
          path: [...issue.path, key],
          input: key,
          message: `expected an edition language code (${languages.join(", ")}), received "${key}"${hint}`,
        });
      }
    } else out.push(issue);
  }
  return out;
}

/** `EN`, `eng`, `en-GB` → `en`: a code written in another case or form. Two-letter codes are too close to guess further (`fr` is not `uk`). */
function suggestion(key: string, languages: readonly string[]): string {
  const lower = key.toLowerCase();
  const hint = languages.find((lang) => lower === lang || lower.startsWith(lang));
  return hint ? `, did you mean "${hint}"?` : "";
}
