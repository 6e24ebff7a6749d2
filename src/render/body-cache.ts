/**
 * Rendered article bodies. An article page renders its body once; feeds need the
 * bodies of the latest articles only, so the cache keeps just those (the set is known
 * from the feed lists before rendering), and a body is never rendered twice.
 */

import type { renderBody } from "../content/markdown.ts";
import type { ArticleImages } from "../images/plan.ts";
import type { AliasLinks } from "../model/alias-links.ts";
import type { Article } from "../schema/article.ts";

export type RenderedBody = ReturnType<typeof renderBody>;

export class BodyCache {
  readonly #keep: ReadonlySet<string>;
  readonly #bodies = new Map<string, RenderedBody>();

  readonly #render: (article: Article, photos: ArticleImages | undefined, aliasLinks: AliasLinks | undefined) => RenderedBody;

  /** `keep`: URLs of the articles some feed carries; `render`: Markdown to HTML with the article's photos. */
  constructor(
    keep: ReadonlySet<string>,
    render: (article: Article, photos: ArticleImages | undefined, aliasLinks: AliasLinks | undefined) => RenderedBody,
  ) {
    this.#keep = keep;
    this.#render = render;
  }

  /** `aliasLinks`: the body's links to old URLs and where they lead now (the article's view has them). */
  get(article: Article, photos: ArticleImages | undefined, aliasLinks?: AliasLinks): RenderedBody {
    const cached = this.#bodies.get(article.url);
    if (cached) return cached;
    const body = this.#render(article, photos, aliasLinks);
    if (this.#keep.has(article.url)) this.#bodies.set(article.url, body);
    return body;
  }
}
