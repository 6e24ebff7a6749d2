/**
 * Synthetic news prose: headlines and ~760-word bodies shaped like the sample articles
 * (a lead, a `**Details:**` paragraph, some `##` subheadings and links).
 */
import type { Random } from "./random.ts";
import { ADJECTIVES, CONNECTORS, FIRST_NAMES, HEADINGS, LAST_NAMES, NOUNS, ORGANISATIONS, PLACES, ROLES, TAILS, VERBS } from "./words.ts";

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

/** `a` or `an`, by the next word's first letter (good enough for this vocabulary). */
const a = (word: string) => (/^[aeiou]/i.test(word) ? `an ${word}` : `a ${word}`);

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

function person(r: Random): string {
  return `${r.pick(FIRST_NAMES)} ${r.pick(LAST_NAMES)}`;
}

function sentence(r: Random): string {
  const [place, other, noun, adj, verb, org] = [
    r.pick(PLACES),
    r.pick(PLACES),
    r.pick(NOUNS),
    r.pick(ADJECTIVES),
    r.pick(VERBS),
    r.pick(ORGANISATIONS),
  ];
  switch (r.int(0, 4)) {
    case 0:
      return `${r.pick(CONNECTORS)} ${place}, ${r.pick(ROLES)} ${verb} ${a(adj)} ${noun} with ${org}, and ${r.pick(TAILS)}.`;
    case 1:
      return `${capital(org)} ${verb} the ${adj} ${noun} on ${r.pick(WEEKDAYS)}, saying it would affect ${r.int(2, 900)} ${r.pick(NOUNS)}s in ${place} and nearby communities.`;
    case 2:
      return `${person(r)} told reporters that the ${noun} was ${adj} and that ${org} had ${verb} it after weeks of talks in ${place}.`;
    case 3:
      return `The ${adj} ${noun} covers ${r.int(2, 120)} ${r.pick(NOUNS)}s across ${place} and ${other}, and ${r.pick(TAILS)}.`;
    default:
      return `"We ${verb} this ${noun} because it is ${adj} for ${place}," ${person(r)}, ${r.pick(ROLES)}, said.`;
  }
}

function paragraph(r: Random, sentences: number): string {
  return Array.from({ length: sentences }, () => sentence(r)).join(" ");
}

const words = (s: string) => s.split(/\s+/).length;

export function headline(r: Random): string {
  return `${capital(r.pick(ORGANISATIONS))} ${r.pick(VERBS)} ${r.pick(ADJECTIVES)} ${r.pick(NOUNS)} after ${r.pick(NOUNS)} in ${r.pick(PLACES)}`;
}

/** A Markdown body of about `target` words. */
export function body(r: Random, target: number): string {
  const blocks = [paragraph(r, 2), `**Details:** ${paragraph(r, r.int(2, 4))}`];
  let count = blocks.reduce((n, b) => n + words(b), 0);
  let headings = r.int(0, 2);
  let links = r.int(0, 2);
  while (count < target) {
    if (headings > 0 && r.chance(0.15)) {
      headings--;
      blocks.push(`## ${r.pick(HEADINGS)}`);
    }
    let text = paragraph(r, r.int(3, 5));
    if (links > 0 && r.chance(0.3)) {
      links--;
      text += ` Read more on [the ${r.pick(NOUNS)} page](https://example.org/${r.pick(NOUNS)}/${r.int(1, 9999)}).`;
    }
    blocks.push(text);
    count += words(text);
  }
  return `${blocks.join("\n\n")}\n`;
}

export function backgroundBullet(r: Random): string {
  return `In ${r.int(2014, 2024)}, ${r.pick(ORGANISATIONS)} ${r.pick(VERBS)} ${a(r.pick(ADJECTIVES))} ${r.pick(NOUNS)} with partners in ${r.pick(PLACES)}.`;
}

export { person };
