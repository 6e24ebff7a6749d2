/** "Read in: English / Українською" on an article with published translations (the site model's translationKey groups). */
import type { EditionModel, SiteModel } from "../src/model/site.ts";
import { html, type SafeHtml } from "../src/render/html.ts";
import type { Article } from "../src/schema/article.ts";
import { editionFor } from "./edition.ts";

export function readIn(site: SiteModel, edition: EditionModel, article: Article): SafeHtml | "" {
  const others = site.translations.versionsOf(article).filter((a) => a.url !== article.url);
  if (!others.length) return "";
  const links = others.map((a, i) => {
    const { config, ui } = editionFor(site, a.edition);
    return html`${i > 0 ? " / " : ""}<a href="${site.urls.href(a.url)}" hreflang="${config.lang}" lang="${config.lang}">${ui.readInLanguage}</a>`;
  });
  return html`<p class="read-in"><span class="label">${edition.ui.readIn}:</span> ${links}</p>`;
}
