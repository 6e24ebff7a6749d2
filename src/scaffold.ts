/**
 * `npm run new`: a new article file with the current newsroom time, a slug from the
 * headline (transliterated when Cyrillic) and the required fields marked, in the edition's
 * language. Its placeholder texts (TEMPLATE_TEXTS) are allowed in a draft only: `npm run check`
 * refuses them once `draft` is removed.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { DateTime } from "luxon";
import { dayParts } from "./dates.ts";
import { NewsroomError } from "./errors/content-error.ts";
import { ARTICLES_DIR } from "./model/parse-article.ts";
import { type TemplateText, templateText } from "./schema/article.ts";
import type { SiteConfig } from "./schema/site.ts";
import { slugify } from "./slug.ts";

export interface NewArticle {
  headline: string;
  edition?: string;
  authors?: string[];
  tags?: string[];
}

/** Ukrainian letters pick the Ukrainian edition, other Cyrillic the Russian one, else the first non-Cyrillic one. */
function guessEdition(headline: string, config: SiteConfig): string {
  const lang = /[іїєґ]/i.test(headline) ? "uk" : /[а-яё]/i.test(headline) ? "ru" : "en";
  return (config.editions.find((e) => e.lang === lang) ?? config.editions[0])?.id ?? "";
}

function yamlString(text: string): string {
  return JSON.stringify(text);
}

/** The template's comments, in the edition's language (English for one without its own). */
const COMMENTS: Record<string, { authors: string; tags: string; summary: string; withImage: string; draft: string; source: string }> = {
  en: {
    authors: "REQUIRED: author ids from content/authors/",
    tags: "REQUIRED: one or more tags",
    summary: "default: the first paragraph",
    withImage: "required with an image",
    draft: "remove this line to publish",
    source: "European Pravda",
  },
  uk: {
    authors: "ОБОВ’ЯЗКОВО: id авторів із content/authors/",
    tags: "ОБОВ’ЯЗКОВО: один або кілька тегів",
    summary: "якщо немає: перший абзац",
    withImage: "обов’язково, якщо є фото",
    draft: "видаліть цей рядок, щоб опублікувати",
    source: "Європейська правда",
  },
  ru: {
    authors: "ОБЯЗАТЕЛЬНО: id авторов из content/authors/",
    tags: "ОБЯЗАТЕЛЬНО: один или несколько тегов",
    summary: "если нет: первый абзац",
    withImage: "обязательно, если есть фото",
    draft: "удалите эту строку, чтобы опубликовать",
    source: "Европейская правда",
  },
};

/** The new article's text; `lang`: its edition's language, which its placeholders and comments are written in. */
export function articleTemplate(input: NewArticle, localTime: DateTime, lang = "en"): string {
  const list = (items: string[] | undefined) => `[${(items ?? []).map(yamlString).join(", ")}]`;
  const text: TemplateText = templateText(lang);
  const note = COMMENTS[lang] ?? (COMMENTS.en as (typeof COMMENTS)[string]);
  return `---
title: ${yamlString(input.headline)}
date: ${localTime.toFormat("yyyy-MM-dd HH:mm")}
authors: ${list(input.authors)}${input.authors?.length ? "" : `   # ${note.authors}`}
tags: ${list(input.tags)}${input.tags?.length ? "" : `   # ${note.tags}`}
# summary: ${text.summary}   # ${note.summary}
# source:
#   name: ${note.source}
#   url: https://www.eurointegration.com.ua/
# image:
#   src: ./photo.jpg
#   alt: ${text.alt}      # ${note.withImage}
#   credit: ${text.credit}            # ${note.withImage}
# background:
#   - ${text.background}
draft: true   # ${note.draft}
---
${text.lead}

${text.details}
`;
}

export async function createArticle(root: string, config: SiteConfig, input: NewArticle, now: DateTime): Promise<string> {
  const edition = config.editions.find((e) => e.id === (input.edition ?? guessEdition(input.headline, config)));
  if (!edition) throw new NewsroomError(`unknown edition "${input.edition}"; expected one of: ${config.editions.map((e) => e.id).join(", ")}`);
  const local = now.setZone(edition.timeZone ?? config.timeZone).startOf("minute");
  const slug = slugify(input.headline, edition.lang);
  if (!slug) throw new NewsroomError("expected a headline with letters or digits");
  const { year, month } = dayParts(local);
  const file = path.posix.join(ARTICLES_DIR, edition.id, year, month, `${slug}.md`);
  if (existsSync(path.join(root, file))) throw new NewsroomError(`${file} already exists; choose another headline or edit that file`);
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), articleTemplate(input, local, edition.lang), { flag: "wx" });
  return file;
}
