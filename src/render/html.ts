/**
 * A tagged template that escapes every interpolated value unless it is already
 * `SafeHtml`. Layouts build pages with it, so text from content is escaped by default.
 */
import { escapingTag, type TagValue } from "./escaping-tag.ts";

export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

const SPECIAL = /[&<>"']/;

/** Most text has nothing to escape: it is returned as it is, without a replace pass. */
export function escapeHtml(text: string): string {
  return SPECIAL.test(text) ? text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] as string) : text;
}

export type HtmlValue = TagValue<SafeHtml>;

export const html = escapingTag(SafeHtml, escapeHtml);

/** Marks HTML produced by a trusted renderer (markdown-it, our own JSON-LD) as safe. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** JSON for `<script type="application/ld+json">`: `<` escaped so content cannot close the script (REFERENCE.md §5). */
export function jsonForScript(value: unknown): SafeHtml {
  return new SafeHtml(
    JSON.stringify(value)
      .replace(/</g, "\\u003c")
      .replace(/\u2028/g, "\\u2028")
      .replace(/\u2029/g, "\\u2029"),
  );
}
