/** Small in-memory articles for unit tests of the model indexes. */
import { dayParts, parseNewsroomDate } from "../../src/dates.ts";
import { dayUrl } from "../../src/model/paths.ts";
import { byTimeDesc } from "../../src/model/site.ts";
import type { Article } from "../../src/schema/article.ts";
import type { EditionConfig } from "../../src/schema/site.ts";

export const ENG: EditionConfig = { id: "eng", lang: "en", locale: "en-GB", prefix: "/eng/", name: "Ukrainska Pravda" };

/** `date` is Kyiv wall time unless it carries an offset. */
export function memArticle(slug: string, date: string, tags: string[] = ["Ukraine"], authors: string[] = ["ulyana-krychkovska"]): Article {
  const parsed = parseNewsroomDate(date, "Europe/Kyiv");
  if (!parsed.ok) throw new Error(parsed.message);
  const { year, month, day } = dayParts(parsed.value);
  const dUrl = dayUrl(ENG, year, month, day);
  return {
    title: slug,
    date: parsed.value,
    authors,
    tags,
    file: `content/articles/eng/${slug}.md`,
    edition: ENG.id,
    slug,
    section: "news",
    url: `${dUrl}${slug}/`,
    dayUrl: dUrl,
    body: "",
    description: "",
    bodyStartLine: 1,
  };
}

/** Newest first, as the site model orders them (sorts a copy). */
export function newestFirst(articles: readonly Article[]): Article[] {
  return [...articles].sort(byTimeDesc);
}

export const urlsOf = (articles: readonly { url: string }[]) => articles.map((a) => a.url);
export const slugsOf = (articles: readonly Article[]) => articles.map((a) => a.slug);
