/** "Read in: English / Українською" on an article with published translations (the site model's translationKey groups). */
import { type EditionChrome, editionFor, type SiteChrome } from "../src/pages/chrome.ts";
import { html, type SafeHtml } from "../src/render/html.ts";

/** `others`: the article's other published versions, in edition order. */
export function readIn(site: SiteChrome, edition: EditionChrome, others: readonly { url: string; edition: string }[]): SafeHtml | "" {
  if (!others.length) return "";
  const links = others.map((a, i) => {
    const { config, ui } = editionFor(site, a.edition);
    return html`${i > 0 ? " / " : ""}<a href="${site.urls.href(a.url)}" hreflang="${config.lang}" lang="${config.lang}">${ui.readInLanguage}</a>`;
  });
  return html`<p class="read-in"><span class="label">${edition.ui.readIn}:</span> ${links}</p>`;
}
