/**
 * Readable ASCII slugs. Ukrainian follows the official national transliteration
 * (Cabinet of Ministers resolution 55, 2010: Київ → kyiv, Зеленський → zelenskyi);
 * Russian a simple passport-style table. Other scripts go through
 * @sindresorhus/transliterate.
 */
import transliterate from "@sindresorhus/transliterate";

const COMMON: Record<string, string> = {
  а: "a",
  б: "b",
  в: "v",
  г: "h",
  ґ: "g",
  д: "d",
  е: "e",
  ж: "zh",
  з: "z",
  и: "y",
  і: "i",
  к: "k",
  л: "l",
  м: "m",
  н: "n",
  о: "o",
  п: "p",
  р: "r",
  с: "s",
  т: "t",
  у: "u",
  ф: "f",
  х: "kh",
  ц: "ts",
  ч: "ch",
  ш: "sh",
  щ: "shch",
  ь: "",
  "’": "",
  "'": "",
  ʼ: "",
};
/** Є Ї Й Ю Я are written differently at the start of a word (KMU 2010). */
const UK_INITIAL: Record<string, string> = { є: "ye", ї: "yi", й: "y", ю: "yu", я: "ya" };
const UK_INNER: Record<string, string> = { є: "ie", ї: "i", й: "i", ю: "iu", я: "ia" };
const RU: Record<string, string> = {
  ...COMMON,
  г: "g",
  и: "i",
  е: "e",
  ё: "e",
  й: "i",
  ъ: "",
  ы: "y",
  э: "e",
  ю: "yu",
  я: "ya",
  щ: "shch",
};

export type SlugLanguage = "uk" | "ru" | "en" | string;

/** Transliterates Cyrillic by language; Ukrainian letters (і ї є ґ) imply Ukrainian. */
export function toLatin(text: string, lang: SlugLanguage): string {
  const lower = text.normalize("NFC").toLowerCase();
  const ukrainian = lang === "uk" || (lang !== "ru" && /[іїєґ]/.test(lower));
  let out = "";
  for (let i = 0; i < lower.length; i++) {
    const ch = lower[i] as string;
    const prev = i > 0 ? (lower[i - 1] as string) : "";
    if (ukrainian) {
      if (ch === "г" && prev === "з")
        out += "gh"; // зг → zgh, to tell it from ж
      else if (ch in UK_INITIAL) out += /[\p{L}’'ʼ]/u.test(prev) ? UK_INNER[ch] : UK_INITIAL[ch];
      else out += COMMON[ch] ?? ch;
    } else {
      out += (/[а-яё]/.test(ch) ? RU[ch] : undefined) ?? ch;
    }
  }
  return transliterate(out);
}

/** `Meeting of coalition in Paris!` → `meeting-of-coalition-in-paris`. */
export function slugify(text: string, lang: SlugLanguage = "en", maxLength = 80): string {
  const slug = toLatin(text, lang)
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength);
  const lastDash = cut.lastIndexOf("-");
  return (lastDash > maxLength / 2 ? cut.slice(0, lastDash) : cut).replace(/-+$/, "");
}

/**
 * The slug a file name gives (`content/articles/eng/2025/03/<name>.md`), normalised as a title
 * is: lowercase, single dashes, transliterated, at most 80 characters. Names a migration
 * script wrote are taken as they meant: `…-amet--15801` → `…-amet-15801`, and a percent-encoded
 * WordPress slug (`%d0%ba%d0%b8%d1%97%d0%b2`) is decoded first (→ `kyiv`). A name already in
 * that form is used as it is. Only an explicit `slug:` field is held to the strict form.
 */
export function fileSlug(name: string, lang: SlugLanguage = "en"): string {
  if (SLUG_PATTERN.test(name) && name.length <= 80) return name;
  let decoded = name;
  if (/%[0-9a-f]{2}/i.test(name)) {
    try {
      decoded = decodeURIComponent(name);
    } catch {
      // A stray % that is not an escape: the name as it is.
    }
  }
  return slugify(decoded, lang);
}

/** A slug an editor may write: lowercase ASCII words joined by single dashes. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Names an article may not take: pagination folders, and names Windows and some
 * hosts cannot store as files.
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  "page",
  "index",
  "feed",
  "con",
  "prn",
  "aux",
  "nul",
  ...Array.from({ length: 9 }, (_, i) => `com${i + 1}`),
  ...Array.from({ length: 9 }, (_, i) => `lpt${i + 1}`),
]);
