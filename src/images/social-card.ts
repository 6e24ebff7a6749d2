/**
 * The generated social card for an article without a photo: site name, headline and
 * date in the edition's language on a 1200×630 frame (fonts from the system through
 * fontconfig: Liberation Sans, else DejaVu Sans). Older articles without a photo share
 * their edition's card: its name alone.
 *
 * A card is made of two layers (`GeneratedCard`): the frame, an SVG with the site name and
 * the date, which librsvg renders once for all the cards of an edition's day, and the
 * headline, Pango markup that libvips lays out alone (sharp's `text` input) and that is drawn
 * in white on the frame (src/images/encode.ts `composeCard`). Rendering the whole card as one
 * SVG cost ~11 ms of CPU a card, ~6 of them librsvg's canvas and text; at 4,000 articles a
 * month a cold build makes ~3,900 cards.
 */
import { escapeHtml } from "../render/html.ts";

export interface CardText {
  siteName: string;
  headline: string;
  date: string;
}

export const CARD = { width: 1200, height: 630 } as const;
const FONT = "Liberation Sans, DejaVu Sans, sans-serif";
const HEADLINE_SIZE = 60;
const MAX_LINES = 5;
/** Average advance of Liberation Sans Bold in em, slightly generous so lines never overflow. */
const AVERAGE_ADVANCE = 0.56;

/** Greedy word wrap by estimated width; the last line ends with "…" when the headline is longer. */
export function wrapHeadline(text: string, maxChars: number, maxLines = MAX_LINES): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (candidate.length <= maxChars || !current) {
      current = candidate.length > maxChars ? `${candidate.slice(0, maxChars - 1)}…` : candidate;
    } else {
      lines.push(current);
      current = word.length > maxChars ? `${word.slice(0, maxChars - 1)}…` : word;
    }
  }
  if (current) lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1] as string;
  kept[maxLines - 1] = `${last.length >= maxChars ? last.slice(0, maxChars - 1) : last}…`;
  return kept;
}

const MARGIN = 72;

/** Everything XML 1.0 does not allow in text (C0 controls but tab and newlines, U+FFFE/U+FFFF, lone surrogates). */
const NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Text that can go into the card's SVG whatever it holds: characters XML forbids would make
 * sharp refuse the whole document and stop the build, so they are dropped (the checks
 * reject them in headlines; this is the last line of defence).
 */
export function svgText(text: string): string {
  return text.replace(NOT_XML, "");
}

/** Wrapped lines as `<tspan>`s, centred vertically: the block's first baseline and the tspans. */
function centredLines(text: string, size: number, leading: number, maxLines?: number): { top: number; tspans: string } {
  const maxChars = Math.floor((CARD.width - 2 * MARGIN) / (size * AVERAGE_ADVANCE));
  const lines = wrapHeadline(text, maxChars, maxLines);
  const lineHeight = Math.round(size * leading);
  const top = Math.round((CARD.height - lines.length * lineHeight) / 2) + size;
  return { top, tspans: lines.map((l, i) => `<tspan x="${MARGIN}" y="${top + i * lineHeight}">${escapeHtml(l)}</tspan>`).join("") };
}

/** The card's frame (navy with a red top bar) around `content`. */
function cardFrame(content: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD.width}" height="${CARD.height}" viewBox="0 0 ${CARD.width} ${CARD.height}">
<rect width="100%" height="100%" fill="#14213d"/>
<rect x="0" y="0" width="${CARD.width}" height="14" fill="#b00020"/>
${content}
</svg>`;
}

/**
 * A card as its encoder draws it: `frame`, an SVG of exactly `width`×`height`, and `headline`,
 * Pango markup (lines split by newlines; empty: the frame alone) set in `font` with `spacing`
 * pixels between lines beyond the font's own, its ink drawn in white from `left` and centred
 * on `middle`, clipped to the frame. Everything the pixels depend on is here, so the card's
 * file name (plan.ts, a hash of it) changes whenever they would.
 */
export interface GeneratedCard {
  /** How `composeCard` draws (bumped when it draws differently, so the cards' names change with it). */
  composer: number;
  frame: string;
  headline: string;
  font: string;
  spacing: number;
  left: number;
  middle: number;
  width: number;
  height: number;
}

/** The headline's type: the family list and weight of the SVG's `FONT`, at 60 px (72 dpi), lines 72 px apart. */
const HEADLINE = {
  font: `Liberation Sans,DejaVu Sans,sans-serif Bold ${HEADLINE_SIZE}`,
  // Liberation Sans Bold at 60 px sets lines 67 px apart; 5 more make the SVG's 1.2 leading.
  spacing: 5,
  // Where the glyphs' ink began when the card was one SVG: a capital's side bearing (~3 px) past
  // the margin, and a little below the frame's middle (the lines' ink runs from the caps, 43 px
  // above the first baseline, to descenders 13 px below the last).
  left: MARGIN + 3,
  middle: CARD.height / 2 + 8,
} as const;

/** What `composeCard` draws with: see `GeneratedCard.composer`. */
const COMPOSER = 1;

/** A character that leaves ink: not a space, a control or format character (soft hyphen, joiners, bidi marks) or a lone combining mark. */
const INKED = /[^\p{White_Space}\p{Cc}\p{Cf}\p{Mn}\p{Me}\p{Z}]/u;

/**
 * The headline's lines as Pango markup: characters XML forbids dropped, `&`, `<`, `>` and quotes
 * escaped; empty when nothing in it leaves ink (libvips refuses to lay out text without any).
 */
export function headlineMarkup(headline: string): string {
  const text = svgText(headline);
  if (!INKED.test(text)) return "";
  const maxChars = Math.floor((CARD.width - 2 * MARGIN) / (HEADLINE_SIZE * AVERAGE_ADVANCE));
  return wrapHeadline(text, maxChars)
    .map((line) => escapeHtml(line))
    .join("\n");
}

/** The frame of an article's card: site name above, date below, room for the headline between. */
export function socialCardFrame(siteName: string, date: string): string {
  return cardFrame(`<text x="${MARGIN}" y="104" font-family="${FONT}" font-size="36" font-weight="700" fill="#ffffff">${escapeHtml(svgText(siteName))}</text>
<text x="${MARGIN}" y="${CARD.height - 64}" font-family="${FONT}" font-size="30" fill="#c9d1e0">${escapeHtml(svgText(date))}</text>`);
}

/** An article's card: its edition's name, the headline, the date. */
export function socialCard(card: CardText): GeneratedCard {
  return { composer: COMPOSER, frame: socialCardFrame(card.siteName, card.date), headline: headlineMarkup(card.headline), ...HEADLINE, ...CARD };
}

/** The edition's card (`editionCardSvg`) as a generated card: the frame alone. */
export function editionCard(name: string): GeneratedCard {
  return { composer: COMPOSER, frame: editionCardSvg(name), headline: "", ...HEADLINE, ...CARD };
}

/** The edition's own card: the publication's name, for articles past the card window (`socialCardDays`). */
export function editionCardSvg(name: string): string {
  const size = 84;
  const { top, tspans } = centredLines(svgText(name), size, 1.15, 3);
  return cardFrame(`<rect x="${MARGIN}" y="${top - size - 40}" width="96" height="10" fill="#b00020"/>
<text font-family="${FONT}" font-size="${size}" font-weight="700" fill="#ffffff">${tspans}</text>`);
}
