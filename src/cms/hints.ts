/**
 * Help texts shown under the CMS's fields, for the fields whose schema carries no description
 * (`.describe()` in src/schema/, which wins when present). Keyed by collection kind and field path.
 * tests/cms/config.test.ts fails when a schema field has neither.
 */
export const HINTS: Record<string, string> = {
  "article.title": "The headline, at most 300 characters.",
  "article.date": "Publication time on the newsroom's clock (Kyiv time), e.g. 2025-03-27 13:15. A time in the future is an embargo.",
  "article.updated": "When the article was last updated, Kyiv time: not earlier than the publication time, not in the future.",
  "article.authors": "One or more authors (files in content/authors/).",
  "article.tags": "One to 30 tags, separated by commas. Spellings that give the same address are one tag.",
  "article.source": "Where the news comes from, printed under the article.",
  "article.source.name": "The source's name, e.g. European Pravda.",
  "article.source.url": "The source's web address, starting with https://.",
  "article.source.via": 'Who the source quotes: printed as "with reference to …".',
  "article.summary": "One sentence for lists and search engines; without it, the first paragraph is used.",
  "article.image": "The lead photo, stored next to the article.",
  "article.image.src": "The photo file (JPEG, PNG, WebP or AVIF, at least 1200 px wide).",
  "article.image.alt": "What the photo shows, for readers who cannot see it.",
  "article.image.caption": "The caption under the photo.",
  "article.image.credit": "Who took the photo, or the agency.",
  "article.image.focus": "Optional: the point crops keep in view, two numbers from 0 to 1 (from the left, from the top), e.g. 0.5, 0.3.",
  "article.background": 'Bullets shown under "Background:".',
  "article.section": "The section the article belongs to; without it, the default section.",
  "article.slug": "Optional: the last part of the address; without it, the file name (made from the headline).",
  "article.image.width":
    "Only for a photo on another site (https://…): its width in pixels, with the height, so the page keeps its place while it loads.",
  "article.image.height": "Only for a photo on another site (https://…): its height in pixels, with the width.",
  "article.important": "Set in bold in the news feed: the day's main stories.",
  "article.priority":
    "The home page's order: 1 is the lead story, 2 to 9 the top stories; it holds for 48 hours after the article's time. Leave empty for newest first.",
  "article.draft": "A draft is shown in the preview and never published.",
  "article.lang": "Set by the edition.",
  "article.translationKey": "The same key on each translation of this article links them, e.g. paris-coalition-2025-03-27.",
  "article.corrections": "Dated corrections shown at the end of the article.",
  "article.corrections.date": "When the correction was made, Kyiv time.",
  "article.corrections.text": "What was corrected.",
  "article.aliases": "Old addresses of a renamed article, e.g. /eng/news/2025/03/27/old-slug/: they redirect here.",
  "article.body": "The text in Markdown. The first paragraph is the lead. May be empty for a brief with a summary or a source address.",
  "author.name": "The name as printed in bylines. The file name (the author's id in articles) is made from it: Latin letters only.",
  "author.bio": "A short biography for the author's page.",
  "author.url": "Their own site or profile, starting with https://.",
  "author.photo": "A portrait, stored in content/authors/.",
  "page.title": "The page's title.",
  "page.body": "The page's text in Markdown.",
};
