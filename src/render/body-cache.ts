/**
 * Rendered article bodies. An article page renders its body once; feeds need the
 * bodies of the latest articles only, so the cache keeps just those (the set is known
 * from the feed lists before rendering), and a body is never rendered twice.
 *
 * Given a file (a build: `.cache/bodies/feeds.v8`), the bodies of the articles feeds carry in full
 * (the editions' and sections' feeds; a tag's or an author's carries summaries) are also kept
 * between builds, each under a key made of what it is rendered from: the article's source
 * (src/model/parse-cache.ts `sourceDigest`), its photos, its links to old URLs and the page keys'
 * global part (the code, the chrome and the config). A new article changes the edition's and its
 * section's feeds, whose other 49 full texts were rendered again from Markdown on every publish
 * (~0.25 s at 20,000 articles); they are now read back.
 */
import { mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import type { renderBody } from "../content/markdown.ts";
import { writeWhole } from "../content-store.ts";
import type { ArticleImages } from "../images/plan.ts";
import type { AliasLinks } from "../model/alias-links.ts";
import { sourceDigest } from "../model/parse-cache.ts";
import { digest, sha1 } from "../pages/keys.ts";
import type { Article } from "../schema/article.ts";

export type RenderedBody = ReturnType<typeof renderBody>;

/** Where a build keeps them (CI keeps the folder between runs). */
export const FEED_BODIES_DIR = ".cache/bodies";
export const FEED_BODIES_FILE = `${FEED_BODIES_DIR}/feeds.v8`;

/** Bump when what is kept changes in a way its keys cannot see. */
const FORMAT = 1;

interface Kept {
  format: number;
  /** Key → the article's URL and its body. */
  bodies: [key: string, url: string, lead: string, rest: string][];
}

export interface KeptBodies {
  /** The file the bodies are kept in between builds. */
  file: string;
  /** What every body is rendered from besides its article, photos and links (src/pages/keys.ts `pageKeysGlobal`). */
  global: string;
}

export class BodyCache {
  readonly #keep: ReadonlySet<string>;
  readonly #bodies = new Map<string, RenderedBody>();
  readonly #render: (article: Article, photos: ArticleImages | undefined, aliasLinks: AliasLinks | undefined) => RenderedBody;
  readonly #kept: KeptBodies | undefined;
  /** The kept file's bodies by key, once read. */
  #stored: Map<string, { url: string; body: RenderedBody }> | undefined;
  /** Bodies of kept articles this build used, by key: the next file's. */
  readonly #used = new Map<string, { url: string; body: RenderedBody }>();
  #rendered = 0;

  /** `keep`: URLs of the articles the feeds with full text carry; `render`: Markdown to HTML with the article's photos; `kept`: where their bodies are kept between builds. */
  constructor(
    keep: ReadonlySet<string>,
    render: (article: Article, photos: ArticleImages | undefined, aliasLinks: AliasLinks | undefined) => RenderedBody,
    kept?: KeptBodies,
  ) {
    this.#keep = keep;
    this.#render = render;
    this.#kept = kept;
  }

  /** `aliasLinks`: the body's links to old URLs and where they lead now (the article's view has them). */
  get(article: Article, photos: ArticleImages | undefined, aliasLinks?: AliasLinks): RenderedBody {
    const cached = this.#bodies.get(article.url);
    if (cached) return cached;
    const keep = this.#keep.has(article.url);
    const key = keep ? this.#key(article, photos, aliasLinks) : undefined;
    let body = key === undefined ? undefined : this.#read().get(key)?.body;
    if (!body) {
      body = this.#render(article, photos, aliasLinks);
      this.#rendered++;
    }
    if (keep) this.#bodies.set(article.url, body);
    if (key !== undefined) this.#used.set(key, { url: article.url, body });
    return body;
  }

  /** Bodies rendered from Markdown by this cache (not read back): the tests read it. */
  get rendered(): number {
    return this.#rendered;
  }

  /**
   * After a build: keeps the bodies of the articles the feeds carry for the next one, those this build
   * used and those kept before that are still carried; written only when this build rendered one.
   */
  save(): void {
    const kept = this.#kept;
    if (!kept || this.#rendered === 0 || this.#used.size === 0) return;
    const bodies: Kept["bodies"] = [];
    for (const [key, { url, body }] of this.#used) bodies.push([key, url, body.lead, body.rest]);
    for (const [key, { url, body }] of this.#read()) if (!this.#used.has(key) && this.#keep.has(url)) bodies.push([key, url, body.lead, body.rest]);
    mkdirSync(path.dirname(kept.file), { recursive: true });
    writeWhole(kept.file, v8.serialize({ format: FORMAT, bodies } satisfies Kept));
  }

  #key(article: Article, photos: ArticleImages | undefined, aliasLinks: AliasLinks | undefined): string | undefined {
    const source = this.#kept && sourceDigest(article);
    if (!this.#kept || source === undefined) return undefined;
    return sha1(`${this.#kept.global}\n${source}\n${photos ? digest(photos) : "-"}\n${aliasLinks ? digest(aliasLinks) : "-"}`);
  }

  #read(): Map<string, { url: string; body: RenderedBody }> {
    if (this.#stored) return this.#stored;
    this.#stored = new Map();
    if (!this.#kept) return this.#stored;
    try {
      const kept = v8.deserialize(readFileSync(this.#kept.file)) as Kept;
      if (kept.format === FORMAT && Array.isArray(kept.bodies))
        for (const [key, url, lead, rest] of kept.bodies) this.#stored.set(key, { url, body: { lead, rest } });
    } catch {
      // None kept yet, or unreadable: every body is rendered.
    }
    return this.#stored;
  }
}
