/**
 * Our Eleventy plugin's pages without Eleventy: every template it registers is a virtual
 * JavaScript template, paginated one object per page or a single page, so the pages can
 * be listed (output file, kind, object) and rendered one by one in this process. The
 * preview uses it to re-render just the pages an edit changed (src/build/preview-update.ts);
 * builds always go through Eleventy.
 */
import { Urls } from "../model/urls.ts";
import type { EleventyConfigApi } from "./pages.ts";

export interface CollectedPage {
  /** Template name without `.11ty.js`: `article`, `tag`, `atom-feed` ... */
  kind: string;
  /** Output file relative to the site folder: `eng/tags/energy/index.html`. */
  file: string;
  /** The paginated object (an article, a list page) or undefined for a single page. */
  item: unknown;
  render(): string;
}

interface Template {
  data: Record<string, unknown> & {
    pagination?: { data: string; size: number; alias: string };
    permalink: string | ((data: Record<string, unknown>) => string);
  };
  render(data: Record<string, unknown>): string;
}

/** A listed page: renders on demand, with the template's data and its own object under the template's alias. */
class Collected implements CollectedPage {
  readonly #template: Template;
  readonly #data: Record<string, unknown>;

  constructor(
    readonly kind: string,
    readonly file: string,
    readonly item: unknown,
    template: Template,
    data: Record<string, unknown>,
  ) {
    this.#template = template;
    this.#data = data;
  }

  render(): string {
    return this.#template.render(this.#data);
  }
}

/** Runs `plugin` against a recording config and lists the pages it would write. */
export function collectPages<T>(plugin: (config: EleventyConfigApi, options: T) => void, options: T): CollectedPage[] {
  const pages: CollectedPage[] = [];
  const config: EleventyConfigApi = {
    addTemplate(name, content) {
      const template = content as Template;
      const { data } = template;
      const kind = name.replace(/\.11ty\.js$/, "");
      const file = (d: Record<string, unknown>) => {
        const link = typeof data.permalink === "function" ? data.permalink(d) : data.permalink;
        return Urls.outputFile(link.startsWith("/") ? link : `/${link}`);
      };
      const { pagination } = data;
      if (!pagination) {
        pages.push(new Collected(kind, file(data), undefined, template, data));
        return;
      }
      if (pagination.size !== 1) throw new Error(`${name}: only one object per page is supported, not ${pagination.size}`);
      for (const item of data[pagination.data] as readonly unknown[]) {
        // The template's data with the page's object on top (read through, not copied: there are thousands of pages).
        const d = Object.create(data) as Record<string, unknown>;
        d[pagination.alias] = item;
        pages.push(new Collected(kind, file(d), item, template, d));
      }
    },
    addPlugin(child, childOptions) {
      child(config, childOptions);
    },
    // Static copies (the logo) and events are the full build's business.
    on() {},
    addGlobalData() {},
    addPassthroughCopy() {},
  };
  plugin(config, options);
  return pages;
}
