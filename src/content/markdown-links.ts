/**
 * markdown-it plugin: each link's target passes through a `link` callback in the render env
 * (the layout's rewrite of links to old URLs, src/model/alias-links.ts); without one, or when it
 * answers undefined, the link is rendered as written.
 */
import type { MarkdownIt } from "markdown-it";

export interface LinkEnv {
  [key: string | symbol]: unknown;
  /** The href to render instead of `href` (as markdown-it normalised it), or undefined to keep it. */
  link?: (href: string) => string | undefined;
}

export function markdownLinks(md: MarkdownIt): void {
  const fallback = md.renderer.rules.link_open;
  md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const link = (env as LinkEnv | undefined)?.link;
    const href = String(token?.attrGet("href") ?? "");
    if (token && link && href) {
      const target = link(href);
      if (target !== undefined) token.attrSet("href", target);
    }
    return fallback ? fallback(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
  };
}
