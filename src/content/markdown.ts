/**
 * The one markdown-it instance. Policy (README, "Raw HTML"): raw HTML in articles is
 * shown as text (`html: false`), and links and images may only be relative or use
 * http(s), mailto or tel; anything else (`javascript:`, `data:`, `vbscript:`, `file:`)
 * is left as plain text. Article bodies never pass through a template engine.
 * Typography (markdown-it's typographer) follows the language in `env.lang`: see QUOTES.
 */
import MarkdownIt, { type MarkdownIt as MarkdownItInstance } from "markdown-it";
import { FORBIDDEN_CHARACTERS } from "../schema/fields.ts";
import { type ImageEnv, markdownImages } from "./markdown-images.ts";
import { type LinkEnv, markdownLinks } from "./markdown-links.ts";

// The typographer's quotes only: its `replacements` ((c) → ©, -- → –, ... → …) would rewrite what editors typed.
export const md = new MarkdownIt({ html: false, linkify: true, typographer: true })
  .disable("replacements")
  .use(markdownImages)
  .use(markdownLinks)
  .use(languageQuotes);

/**
 * Quotation marks by language, as markdown-it's `quotes` option writes them: outer pair, then
 * the nested pair. Ukrainian and Russian newsrooms set «ялинки» with „лапки“ inside; English
 * “double” with ‘single’ inside. Apostrophes are ’ (U+2019) in every language, as the interface
 * writes them (`п'ять` → `п’ять`, `Zelenskyy's` → `Zelenskyy’s`).
 */
export const QUOTES: Readonly<Record<string, string>> = { uk: "«»„“", ru: "«»„“", en: "“”‘’" };

/** The env of a render or parse: the language its quotes follow (`uk`, `en`, `ru`; English marks for any other or none). */
export interface LanguageEnv {
  [key: string | symbol]: unknown;
  lang?: string;
}

/**
 * markdown-it reads its quotes from the instance's options, one set per instance; this rule sets
 * them from the render's `env.lang` just before the typographer's `smartquotes` rule runs, so one
 * instance (one set of plugins and checks) serves every edition. Rendering is synchronous: no
 * other parse can run between the two rules.
 */
function languageQuotes(instance: MarkdownItInstance): void {
  instance.core.ruler.before("smartquotes", "language_quotes", (state) => {
    state.md.options.quotes = QUOTES[(state.env as LanguageEnv | undefined)?.lang ?? ""] ?? (QUOTES.en as string);
    // A linkified address shows as written (`https://example.org/it's`): `smartquotes` changes only
    // `text` tokens, and `text_join`, after it, turns `text_special` back into text.
    for (const block of state.tokens) {
      let inAutolink = false;
      for (const t of block.children ?? []) {
        if (t.type === "link_open") inAutolink = t.info === "auto";
        else if (t.type === "link_close") inAutolink = false;
        else if (inAutolink && t.type === "text") t.type = "text_special";
      }
    }
  });
}

/** Plain text only (no Markdown, no entities), for the typographer's quotes and apostrophes alone. */
const plain = new MarkdownIt("zero", { typographer: true }).enable(["smartquotes"]).use(languageQuotes);

/**
 * A front-matter text (headline, summary, caption) with the quotes and apostrophes the body gets
 * in its language: `"Coalition of the willing"` → `«Коаліція охочих»`. Plain text in, plain text out.
 */
export function typography(text: string, lang: string): string {
  if (!/["']/.test(text)) return text;
  const env: LanguageEnv = { lang };
  return plain
    .parseInline(text, env)
    .flatMap((t) => t.children ?? [])
    .map((t) => (t.type === "softbreak" || t.type === "hardbreak" ? "\n" : t.content))
    .join("");
}

/** Blocks nested deeper than this (a list inside a list counts two, a quote one) are not parsed: markdown-it drops them. */
export const MAX_NESTING = md.options.maxNesting ?? 100;

/** Where in `env` the parse notes the first body line it dropped for nesting too deep. */
const TOO_DEEP = Symbol("too deep");

// markdown-it stops at MAX_NESTING and silently drops the rest of the enclosing block (and
// often everything after it); note the first line it drops so `npm run check` can say so.
const blockTokenize = md.block.tokenize.bind(md.block);
md.block.tokenize = (state, startLine, endLine) => {
  if (state.level >= MAX_NESTING) {
    const line = state.skipEmptyLines(startLine);
    const env = state.env as Record<symbol, unknown> | undefined;
    if (env && line < endLine && (state.sCount[line] ?? -1) >= state.blkIndent && env[TOO_DEEP] === undefined) env[TOO_DEEP] = line;
  }
  blockTokenize(state, startLine, endLine);
};

/**
 * Characters entities can still produce (`&#12;`) that XML and HTML forbid become U+FFFD,
 * as markdown-it does for the others; the same characters written in the text are errors
 * at check time (parse-article).
 */
md.core.ruler.push("forbidden_characters", (state) => {
  // Only a numeric entity or the character itself puts one in a token: one look at the source spares a
  // test of every text token (0.72 s of a profiled cold 20k build).
  if (!state.src.includes("&#") && !FORBIDDEN_CHARACTERS.test(state.src)) return;
  const clean = (t: { content: string }) => {
    if (FORBIDDEN_CHARACTERS.test(t.content)) t.content = t.content.replace(new RegExp(FORBIDDEN_CHARACTERS.source, "gu"), "\uFFFD");
  };
  for (const token of state.tokens) {
    if (token.type === "fence" || token.type === "code_block") clean(token);
    for (const child of token.children ?? []) if (child.type === "text" || child.type === "code_inline") clean(child);
  }
});

/**
 * A line whose leading spaces, tabs and list or quote markers could nest anywhere near
 * MAX_NESTING levels: at the start, or after a line feed (a literal first character keeps the
 * scan fast; a multiline `^` is several times slower over a long body).
 */
const PREFIX = `[ \\t>*+\\-0-9.)]{${Math.floor(MAX_NESTING / 5)}}`;
const DEEP_FIRST = new RegExp(`^${PREFIX}`);
const DEEP_LATER = new RegExp(`\\n${PREFIX}`);

/**
 * The 0-based body line from which markdown-it would drop text because blocks nest deeper
 * than MAX_NESTING, or undefined. Each level needs at least a marker or an indent on its
 * line (a tab counts up to four columns), so only bodies with a long such prefix are parsed.
 */
export function tooDeepLine(body: string): number | undefined {
  if (!DEEP_FIRST.test(body) && !DEEP_LATER.test(body)) return undefined;
  const env: Record<symbol, unknown> = {};
  md.parse(body, env);
  return env[TOO_DEEP] as number | undefined;
}

const SAFE_SCHEME = /^(?:https?|mailto|tel):/i;
const ANY_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** True for URLs content may link to: relative, `#fragment`, http(s), mailto and tel. */
export function isSafeUrl(url: string): boolean {
  // Browsers ignore control characters and whitespace inside schemes: "java\tscript:".
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  const squeezed = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, "");
  return !ANY_SCHEME.test(squeezed) || SAFE_SCHEME.test(squeezed);
}

md.validateLink = isSafeUrl;

type Token = ReturnType<typeof md.parse>[number];

/** A render's env may also ask for the body's plain text (the search record's, `plainBody`), made from the same parse. */
export interface TextEnv {
  [key: string | symbol]: unknown;
  text?: (plain: string) => void;
}

/** Splits a body into its lead (the first paragraph, as the seed shows) and the rest. */
export function renderBody(body: string, env: ImageEnv & LinkEnv & LanguageEnv & TextEnv = {}): { lead: string; rest: string } {
  const tokens = md.parse(body, env);
  // The tokens depend on the body and `env.lang` alone (images and links change only the markup), so this is `plainBody(body, env.lang)`.
  env.text?.(tokensText(tokens));
  if (tokens[0]?.type !== "paragraph_open" || tokens[0].hidden) return { lead: "", rest: md.renderer.render(tokens, md.options, env) };
  const end = tokens.findIndex((t) => t.type === "paragraph_close");
  return {
    lead: md.renderer.render(tokens.slice(0, end + 1), md.options, env),
    rest: md.renderer.render(tokens.slice(end + 1), md.options, env),
  };
}

/** Inline Markdown (background bullets, corrections) to HTML, with `lang`'s quotes. */
export function renderInline(text: string, lang?: string): string {
  const env: LanguageEnv = { lang };
  return md.renderInline(text, env);
}

/** Plain text of inline Markdown: `**Details:** the [talks](x)` → `Details: the talks`. */
export function plainText(markdown: string): string {
  const walk = (tokens: Token[]): string =>
    tokens
      .map((t) => (t.children ? walk(t.children) : t.type === "text" || t.type === "code_inline" ? t.content : t.type === "softbreak" ? " " : ""))
      .join("");
  return walk(md.parseInline(markdown, {})).replace(/\s+/g, " ").trim();
}

/** The first paragraph of a body as plain text, without parsing the whole body. */
export function firstParagraph(body: string): string {
  const block = body.replace(/^\s+/, "").split(/\n\s*\n/, 1)[0] ?? "";
  if (/^(#|>|[-*+] |\d+\. |!\[|```)/.test(block)) return "";
  // Most leads are plain sentences: no Markdown to strip, so no parse.
  return /[\\`*_[\]<>&!~|]|https?:|www\./.test(block) ? plainText(block) : block.replace(/\s+/g, " ").trim();
}

/**
 * The whole body as plain text (for the search index): block texts joined by blank lines, with the
 * quotes of `lang` as its page shows them. A build takes it from the page's own parse (`renderBody`'s
 * `env.text`) where it can.
 */
export function plainBody(body: string, lang?: string): string {
  const env: LanguageEnv = { lang };
  return tokensText(md.parse(body, env));
}

function tokensText(tokens: readonly Token[]): string {
  const blocks: string[] = [];
  for (const token of tokens) {
    if (token.type !== "inline" || !token.children) continue;
    blocks.push(token.children.map((t) => (t.type === "text" || t.type === "code_inline" ? t.content : t.type === "softbreak" ? " " : "")).join(""));
  }
  return blocks.join("\n\n");
}
