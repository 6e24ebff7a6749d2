/** Every page claims its URL here once; a second claim is a build error naming both pages. */
import { NewsroomError } from "../errors/content-error.ts";

export class DuplicateUrlError extends NewsroomError {
  override name = "DuplicateUrlError";
}

export class UrlRegistry {
  readonly #owners = new Map<string, string>();

  /** `what` names the page for the error: `the news feed of edition "uk"`, an article file. */
  claim(url: string, what: string): void {
    const owner = this.#owners.get(url);
    if (owner !== undefined) {
      throw new DuplicateUrlError(
        `${url} is claimed twice, by ${owner} and by ${what}; change an edition prefix, slug or author id so each page has its own URL`,
      );
    }
    this.#owners.set(url, what);
  }

  /** Claims `url` unless it is taken; returns the owner that already has it. */
  tryClaim(url: string, what: string): string | undefined {
    const owner = this.#owners.get(url);
    if (owner === undefined) this.#owners.set(url, what);
    return owner;
  }

  get size(): number {
    return this.#owners.size;
  }
}
