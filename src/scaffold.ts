/**
 * `npm run new`: a new article file with the current newsroom time, a slug from the
 * headline (transliterated when Cyrillic) and the required fields marked. Its placeholder
 * texts (TEMPLATE_TEXT) are allowed in a draft only: `npm run check` refuses them once
 * `draft` is removed.
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { DateTime } from "luxon";
import { dayParts } from "./dates.ts";
import { NewsroomError } from "./errors/content-error.ts";
import { ARTICLES_DIR } from "./model/parse-article.ts";
import { TEMPLATE_TEXT } from "./schema/article.ts";
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

export function articleTemplate(input: NewArticle, localTime: DateTime): string {
  const list = (items: string[] | undefined) => `[${(items ?? []).map(yamlString).join(", ")}]`;
  return `---
title: ${yamlString(input.headline)}
date: ${localTime.toFormat("yyyy-MM-dd HH:mm")}
authors: ${list(input.authors)}${input.authors?.length ? "" : "   # REQUIRED: author ids from content/authors/"}
tags: ${list(input.tags)}${input.tags?.length ? "" : "   # REQUIRED: one or more tags"}
# summary: ${TEMPLATE_TEXT.summary}   # default: the first paragraph
# source:
#   name: European Pravda
#   url: https://www.eurointegration.com.ua/
# image:
#   src: ./photo.jpg
#   alt: ${TEMPLATE_TEXT.alt}      # required with an image
#   credit: ${TEMPLATE_TEXT.credit}            # required with an image
# background:
#   - ${TEMPLATE_TEXT.background}
draft: true   # remove this line to publish
---
${TEMPLATE_TEXT.lead}

${TEMPLATE_TEXT.details}
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
  await writeFile(path.join(root, file), articleTemplate(input, local), { flag: "wx" });
  return file;
}
