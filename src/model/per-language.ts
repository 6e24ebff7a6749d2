/**
 * A per-language text (an author's name or bio) in every edition language. A text written once is
 * every edition's. A mapping that leaves an edition out gives it another edition's form: the first,
 * in the editions' order, written in the same script as the missing language (a Russian page
 * without `ru` shows the Ukrainian name, an English one without `en` a Latin-script form such as a
 * German `de` one), else the first form the editions' order finds. Never an error: an author added
 * by the Ukrainian desk appears in the English edition before its translator writes the `en` form.
 */
import type { PerLanguage } from "../schema/author.ts";

export function everyLanguage(value: string | Readonly<Record<string, string | undefined>>, languages: readonly string[]): PerLanguage {
  if (typeof value === "string") return Object.freeze(Object.fromEntries(languages.map((lang) => [lang, value])));
  const written = languages.filter((lang) => value[lang] !== undefined);
  const first = written[0];
  if (first === undefined) throw new Error("a per-language text with no form reached the model (the schema refuses it)");
  const forms: Record<string, string> = {};
  for (const lang of languages) {
    const own = value[lang];
    const script = scriptOf(lang);
    const fallback = written.find((w) => script !== undefined && inScript(value[w] as string, script)) ?? first;
    forms[lang] = own ?? (value[fallback] as string);
  }
  return Object.freeze(forms);
}

/** The form for an edition language; every language has one once the model made it. */
export function inLanguage(forms: PerLanguage, lang: string): string {
  const text = forms[lang];
  if (text === undefined) throw new Error(`no "${lang}" form in a per-language text: the model fills in every edition language`);
  return text;
}

/** The script a language is usually written in, by Unicode CLDR's likely subtags: `uk` → `Cyrl`, `en` → `Latn`. */
function scriptOf(lang: string): string | undefined {
  try {
    return new Intl.Locale(lang).maximize().script;
  } catch {
    return undefined;
  }
}

/** Whether a text's first letter is in a script (`Cyrl`, `Latn`: ISO 15924 codes, which Unicode property escapes accept). */
function inScript(text: string, script: string): boolean {
  const letter = /\p{L}/u.exec(text)?.[0];
  if (!letter) return false;
  try {
    return new RegExp(`\\p{Script=${script}}`, "u").test(letter);
  } catch {
    return false;
  }
}
