/**
 * The article page: section label, headline, byline, dateline, lead photo, lead, source, body,
 * background, tags and share links, with the news-feed column beside it at desktop widths.
 */

import { renderInline } from "../src/content/markdown.ts";
import { formatDateline, formatDay, isoWithOffset, utcSortKey } from "../src/dates.ts";
import type { ArticleImages } from "../src/images/plan.ts";
import { authorName } from "../src/model/authors.ts";
import { authorUrl, tagUrl } from "../src/model/paths.ts";
import type { Urls } from "../src/model/urls.ts";
import type { ArticleView } from "../src/pages/article.ts";
import { type EditionChrome, editionFor, type SiteChrome } from "../src/pages/chrome.ts";
import type { Teaser } from "../src/pages/teasers.ts";
import { html, type SafeHtml, trusted } from "../src/render/html.ts";
import { shareImage, structuredDataImages } from "../src/render/seo/images.ts";
import { newsArticle } from "../src/render/seo/json-ld.ts";
import { sectionTitle } from "../src/render/seo/meta.ts";
import type { Article } from "../src/schema/article.ts";
import { basePage, type Crumb, type RenderContext } from "./base.ts";
import { dateCrumbs } from "./date-crumbs.ts";
import { feedColumn } from "./feed-column.ts";
import { figure, picture, remotePicture } from "./picture.ts";
import { readIn } from "./read-in.ts";

export function articlePage(ctx: RenderContext, view: ArticleView): string {
  const { site } = ctx;
  const { article } = view;
  const image = view.images;
  const edition = editionFor(site, article.edition);
  const { ui, config } = edition;
  const { urls } = site;
  const body = ctx.bodies.get(article, image, view.aliasLinks);
  const byline = article.authors.map((id, i) => {
    const author = site.authors.get(id);
    return html`${i > 0 ? ", " : ""}<a href="${urls.href(authorUrl(edition.config, id))}" rel="author" data-pagefind-filter="author">${authorName(author, id, config.lang)}</a>`;
  });
  // Search (src/pipeline/search-index.ts): only <article> is indexed, its byline, dates and tags are filters or metadata, not text.
  const section = sectionTitle(site.config, article.section, config.lang);
  const sectionLink = edition.sections.find((s) => s.id === article.section);
  const main = html`<div class="with-feed">
<div class="main-column">
${previewBanner(edition, article, view.unpublished)}<article class="article" data-pagefind-body data-pagefind-filter="section:${section}" data-pagefind-sort="date:${utcSortKey(article.date)}">
<header class="article-header">
${sectionLink ? html`<p class="kicker" data-pagefind-ignore><a href="${urls.href(sectionLink.url)}">${sectionLink.title}</a></p>` : ""}
<h1>${article.title}</h1>
<p class="byline" data-pagefind-ignore>${byline}</p>
<p class="dateline" data-pagefind-ignore data-pagefind-meta="date"><time datetime="${isoWithOffset(article.date)}">${formatDateline(article.date, config.locale)}</time></p>
${article.updated ? html`<p class="updated" data-pagefind-ignore>${ui.updated}: <time datetime="${isoWithOffset(article.updated)}">${formatDateline(article.updated, config.locale)}</time></p>` : ""}
${readIn(site, edition, view.versions)}
</header>
${leadPhoto(article, image, ui.photo, urls)}
${body.lead ? html`<div class="lead">${trusted(body.lead)}</div>` : article.body === "" && article.summary ? html`<div class="lead"><p>${article.summary}</p></div>` : ""}
${sourceBlock(article, ui.source, ui.withReferenceTo)}
<div class="article-body">${trusted(body.rest)}</div>
${
  article.background?.length
    ? html`<section class="background" aria-labelledby="background-heading">
<h2 id="background-heading">${ui.background}:</h2>
<ul>${article.background.map((b) => html`<li>${trusted(renderInline(b, config.lang))}</li>`)}</ul>
</section>`
    : ""
}
${correctionsBox(article, ui.corrections, config)}
<footer class="article-footer" data-pagefind-ignore>
<h2 class="visually-hidden">${ui.tags}</h2>
<ul class="tags">${article.tags.map((t) => html`<li><a href="${urls.href(tagUrl(edition.config, t))}" rel="tag" data-pagefind-filter="tag">${t}</a></li>`)}</ul>
${shareLinks(urls.absolute(article.url), article.title, edition)}
</footer>
</article>
${articleNav(site, edition, view)}
</div>
${feedColumn(ctx, edition, view.day ? [view.day] : [], { current: article.url, loadLatest: true })}
</div>`;
  const head = html`<script type="module" src="${urls.href(ctx.feedScript)}"></script>
`;
  return basePage(
    {
      ...ctx,
      edition,
      path: article.url,
      title: `${article.title} | ${config.name}`,
      headline: article.title,
      description: article.description,
      article,
      alternates: view.alternates,
      image: shareImage(site, image, article),
      structuredData: [newsArticle(site, edition, article, structuredDataImages(site, image, article))],
      breadcrumbs: articleCrumbs(edition, article),
      head,
    },
    main,
  );
}

/** Home › News feed › 2025 › March 2025 › the article's day › the headline. */
function articleCrumbs(edition: EditionChrome, article: Article): Crumb[] {
  const trail = dateCrumbs(edition, article.date, "day");
  const day = trail.pop() as Crumb;
  return [...trail, { label: day.label, path: article.dayUrl }, { label: article.title }];
}

/** Previous/next in time within the edition, the day's archive and related articles. */
function articleNav(site: SiteChrome, edition: EditionChrome, view: ArticleView): SafeHtml {
  const { ui, config } = edition;
  const { article } = view;
  const href = (path: string) => site.urls.href(path);
  const step = (a: Teaser | undefined, label: string, rel: string) =>
    a ? html`<li class="${rel}"><span class="label">${label}:</span> <a href="${href(a.url)}" rel="${rel}">${a.title}</a></li>` : "";
  return html`<nav class="article-nav" aria-label="${ui.newsFeed}">
<ul>
${step(view.previous, ui.previousArticle, "prev")}
${step(view.next, ui.nextArticle, "next")}
<li class="day"><a href="${href(article.dayUrl)}">${ui.allNewsOfDay}: ${formatDay(article.date, config.locale)}</a></li>
</ul>
</nav>
${
  view.related.length
    ? html`<section class="related" aria-labelledby="related-heading">
<h2 id="related-heading">${ui.related}</h2>
<ul>${view.related.map((r) => html`<li><a href="${href(r.url)}">${r.title}</a> <time datetime="${isoWithOffset(r.date)}">${formatDateline(r.date, config.locale)}</time></li>`)}</ul>
</section>`
    : ""
}`;
}

/**
 * Plain links to each network's own share page with the article's canonical URL: no
 * third-party script, nothing loaded until a reader clicks.
 */
function shareLinks(url: string, title: string, edition: EditionChrome): SafeHtml {
  const { ui } = edition;
  const u = encodeURIComponent(url);
  const t = encodeURIComponent(title);
  const links = [
    ["Facebook", `https://www.facebook.com/sharer/sharer.php?u=${u}`],
    ["X", `https://x.com/intent/tweet?url=${u}&text=${t}`],
    ["Telegram", `https://t.me/share/url?url=${u}&text=${t}`],
    [ui.shareByEmail, `mailto:?subject=${t}&body=${u}`],
  ] as const;
  return html`<nav class="share" aria-label="${ui.share}">
<p class="share-label">${ui.share}:</p>
<ul>${links.map(([name, href]) => html`<li><a href="${href}" rel="noopener">${name}</a></li>`)}</ul>
</nav>`;
}

function leadPhoto(article: Article, images: ArticleImages | undefined, photoLabel: string, urls: Urls): SafeHtml | "" {
  if (!article.image) return "";
  const { alt, caption, credit } = article.image;
  const photo = images?.lead
    ? picture(images.lead.picture, { alt, urls, priority: true })
    : images?.remoteLead && remotePicture(images.remoteLead, { alt, priority: true });
  if (!photo) return "";
  return figure(photo, {
    text: caption,
    credit,
    creditLabel: photoLabel,
    className: "lead-photo",
  });
}

function sourceBlock(article: Article, label: string, withReferenceTo: string): SafeHtml | "" {
  const source = article.source;
  if (!source) return "";
  const name = source.url ? html`<a href="${source.url}" rel="noopener">${source.name}</a>` : html`${source.name}`;
  return html`<p class="source"><span class="label">${label}:</span> ${name}${source.via ? html` ${withReferenceTo} ${source.via}` : ""}</p>`;
}

/** Only in `npm start`: drafts and embargoed articles say so, so nobody mistakes them for published news. */
function previewBanner(edition: EditionChrome, article: Article, reason: ArticleView["unpublished"]): SafeHtml | "" {
  if (!reason) return "";
  const { ui, config } = edition;
  return html`<p class="preview-banner" role="status">${
    reason === "draft"
      ? ui.draftBanner
      : html`${ui.embargoBanner} <time datetime="${isoWithOffset(article.date)}">${formatDateline(article.date, config.locale)}</time>`
  }</p>`;
}

/** Dated corrections at the end of the article, oldest first, as editors list them. */
function correctionsBox(article: Article, heading: string, { locale, lang }: EditionChrome["config"]): SafeHtml | "" {
  if (!article.corrections?.length) return "";
  return html`<aside class="corrections" aria-labelledby="corrections-heading">
<h2 id="corrections-heading">${heading}</h2>
<ul>${article.corrections.map((c) => html`<li><time datetime="${isoWithOffset(c.date)}">${formatDateline(c.date, locale)}</time>: ${trusted(renderInline(c.text, lang))}</li>`)}</ul>
</aside>`;
}
