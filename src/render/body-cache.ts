/**
 * Rendered article bodies. An article page renders its body once; feeds need the
 * bodies of the latest articles only, so the cache keeps just those (the set is known
 * from the feed lists before rendering), and a body is never rendered twice.
 */
import type { Article } from "../schema/article.ts";
import { renderBody } from "./markdown.ts";

export type RenderedBody = ReturnType<typeof renderBody>;

export class BodyCache {
  readonly #keep: ReadonlySet<string>;
  readonly #bodies = new Map<string, RenderedBody>();

  /** `keep`: URLs of the articles some feed carries. */
  constructor(keep: ReadonlySet<string>) {
    this.#keep = keep;
  }

  get(article: Article): RenderedBody {
    const cached = this.#bodies.get(article.url);
    if (cached) return cached;
    const body = renderBody(article.body);
    if (this.#keep.has(article.url)) this.#bodies.set(article.url, body);
    return body;
  }
}
