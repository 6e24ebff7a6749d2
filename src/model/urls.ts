/**
 * Every URL comes from here. Paths inside the model are site-relative (`/eng/news/...`);
 * `href` adds the base URL's sub-path for links, `absolute` the origin for feeds and meta.
 */
export class Urls {
  readonly origin: string;
  /** `/` or `/news-site/`. */
  readonly basePath: string;

  constructor(baseUrl: string) {
    const url = new URL(baseUrl);
    this.origin = url.origin;
    this.basePath = url.pathname.endsWith("/") ? url.pathname : `${url.pathname}/`;
  }

  href(sitePath: string): string {
    return this.basePath + sitePath.replace(/^\//, "");
  }

  absolute(sitePath: string): string {
    return this.origin + this.href(sitePath);
  }

  /** The output file for a site path: `/eng/news/` → `eng/news/index.html`. */
  static outputFile(sitePath: string): string {
    const p = sitePath.startsWith("/") ? sitePath.slice(1) : sitePath;
    return p === "" || p.endsWith("/") ? `${p}index.html` : p;
  }
}
