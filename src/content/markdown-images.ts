/**
 * markdown-it plugin: body images render through a `picture` callback passed in the
 * render env (the layout's <picture> component), and an image alone in its paragraph
 * becomes a figure instead of `<p><img></p>`. Without a callback, markdown-it's default.
 */
import type { MarkdownIt } from "markdown-it";

export interface ImageEnv {
  [key: string | symbol]: unknown;
  /** Markup for one body image; `standalone` when it is alone in its paragraph (render a figure). */
  picture?: (image: { src: string; alt: string; title: string; standalone: boolean }) => string;
}

export function markdownImages(md: MarkdownIt): void {
  md.core.ruler.push("standalone_images", (state) => {
    const tokens = state.tokens;
    for (let i = 1; i + 1 < tokens.length; i++) {
      // Paragraphs without an image child are passed over before their children are sifted (every paragraph of every body, issue 19).
      const children = tokens[i]?.children;
      if (tokens[i - 1]?.type !== "paragraph_open" || !children?.some((c) => c.type === "image")) continue;
      const only = children.filter((c) => !(c.type === "text" && c.content.trim() === ""));
      const image = only[0];
      if (only.length !== 1 || image?.type !== "image") continue;
      image.meta = { ...image.meta, standalone: true };
      (tokens[i - 1] as { hidden: boolean }).hidden = true;
      (tokens[i + 1] as { hidden: boolean }).hidden = true;
    }
  });
  const fallback = md.renderer.rules.image;
  md.renderer.rules.image = (tokens, idx, options, env, self) => {
    const token = tokens[idx];
    const picture = (env as ImageEnv | undefined)?.picture;
    if (!picture || !token) return fallback ? fallback(tokens, idx, options, env, self) : self.renderToken(tokens, idx, options);
    return picture({
      src: decodeSrc(String(token.attrGet("src") ?? "")),
      alt: self.renderInlineAsText(token.children ?? [], options, env),
      title: String(token.attrGet("title") ?? ""),
      standalone: Boolean(token.meta?.standalone),
    });
  };
}

/** markdown-it percent-encodes link targets (`./фото.jpg`); editors wrote, and we look up, the decoded path. */
export function decodeSrc(src: string): string {
  try {
    return decodeURI(src);
  } catch {
    return src;
  }
}
