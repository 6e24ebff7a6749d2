/**
 * Writes a deterministic synthetic site for `npm run bench`: N English articles of
 * ~760 words (or `articleKb` kilobytes), 200 authors, 300 tags (or `tags`) with a Zipf-like
 * spread, five years of dates (or as many months back from the clock as `perMonth` articles a
 * month need). Same options, same bytes (tests/bench/bench.test.ts checks it).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import sharedConfig from "../../content/site.config.ts";
import { backgroundBullet, body, headline, person } from "./prose.ts";
import { Random, Zipf } from "./random.ts";
import { FIRST_NAMES, LAST_NAMES, PLACES, SOURCE_NAMES, TOPICS } from "./words.ts";

export interface CorpusOptions {
  articles: number;
  /** How many of the first articles get a small synthetic lead photo. */
  photos?: number;
  seed?: number;
  /** Articles a month: the dates span as many months as that needs, ending the day before CORPUS_CLOCK (default: five years). */
  perMonth?: number;
  /** Distinct tags (default 300), most frequent first. */
  tags?: number;
  /** Size of each article's Markdown body in KB, ±15% (default: 580–860 words, ~5 KB). */
  articleKb?: number;
}

export interface Corpus {
  dir: string;
  articles: number;
  authors: number;
  tags: number;
  photos: number;
}

export const AUTHOR_COUNT = 200;
export const TAG_COUNT = 300;
const FIRST_DAY = Date.UTC(2021, 0, 1);
const DAYS = 5 * 365;
/** Seconds since the epoch (for `SOURCE_DATE_EPOCH`) of the day after the corpus' last day. */
export const CORPUS_CLOCK = (FIRST_DAY + DAYS * 86_400_000) / 1000;
/**
 * The date of a story published as the bench's +1 build starts (`npm run bench --warm`'s "+1 newest"):
 * 23:30 on the corpus' last day, later than any article (their times run 08:00–22:59).
 */
export function breakingNewsDate(): string {
  return `${new Date(CORPUS_CLOCK * 1000 - 86_400_000).toISOString().slice(0, 10)} 23:30`;
}

/** Bytes of Markdown per word asked of body() (it overshoots to the end of a paragraph), measured over 1,000 bodies: for `articleKb`. */
const BYTES_PER_WORD = 6.9;

/** The days the corpus' dates span, counted back from the day before CORPUS_CLOCK. */
export function corpusDays(articles: number, perMonth: number | undefined): number {
  if (perMonth === undefined) return DAYS;
  return Math.max(1, Math.round((articles / perMonth) * (365.25 / 12)));
}

export async function generateCorpus(dir: string, options: CorpusOptions): Promise<Corpus> {
  const r = new Random(options.seed ?? 20250327);
  const photos = Math.min(options.photos ?? 0, options.articles);
  const write = writer(dir);
  write("content/site.config.ts", `export default ${JSON.stringify(sharedConfig, null, 2)};\n`);
  const authors = authorIds(r);
  for (const [id, name] of authors) write(`content/authors/${id}.yaml`, `name: ${name}\nbio: Reporter covering ${r.pick(TOPICS).toLowerCase()}.\n`);
  const tags = tagNames(options.tags ?? TAG_COUNT);
  const days = corpusDays(options.articles, options.perMonth);
  const firstDay = CORPUS_CLOCK * 1000 - days * 86_400_000;
  const kb = options.articleKb;
  const words: [number, number] =
    kb === undefined ? [580, 860] : [Math.round((0.85 * kb * 1024) / BYTES_PER_WORD), Math.round((1.15 * kb * 1024) / BYTES_PER_WORD)];
  const tagRanks = new Zipf(tags.length);
  const authorRanks = new Zipf(authors.length, 0.6);
  const ids = authors.map(([id]) => id);
  const sections = sharedConfig.sections.map((s) => s.id);
  for (let i = 0; i < options.articles; i++) {
    const title = headline(r);
    const date = randomDate(r, firstDay, days);
    const slug = `${title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .split("-")
      .slice(0, 6)
      .join("-")}-${i.toString(36)}`;
    const folder = `content/articles/eng/${date.slice(0, 4)}/${date.slice(5, 7)}`;
    const fm: string[] = [`title: ${scalar(title)}`, `date: ${date}`];
    const hour = Number(date.slice(11, 13));
    if (r.chance(0.1) && hour < 22) fm.push(`updated: ${date.slice(0, 11)}${String(hour + 1).padStart(2, "0")}${date.slice(13)}`);
    fm.push(
      `authors: [${authorRanks
        .distinct(r, r.chance(0.2) ? 2 : 1)
        .map((k) => ids[k])
        .join(", ")}]`,
    );
    fm.push(
      `tags: [${tagRanks
        .distinct(r, r.int(2, 6))
        .map((k) => scalar(tags[k] as string))
        .join(", ")}]`,
    );
    const source = r.next();
    if (source < 0.4) fm.push(`source: ${r.pick(SOURCE_NAMES)}`);
    else if (source < 0.7) fm.push(`source:\n  name: ${r.pick(SOURCE_NAMES)}\n  url: https://example.org/source/${i}\n  via: ${person(r)}`);
    if (r.chance(0.2)) fm.push(`summary: ${scalar(headline(r))}.`);
    if (i < photos) {
      fm.push(`image:\n  src: ./${slug}.jpg\n  alt: ${scalar(`A street in ${r.pick(PLACES)}`)}\n  credit: Synthetic photo`);
      write(`${folder}/${slug}.jpg`, await photo(r));
    }
    if (r.chance(1 / 3)) fm.push(`background:\n${Array.from({ length: r.int(1, 3) }, () => `  - ${scalar(backgroundBullet(r))}`).join("\n")}`);
    if (r.chance(0.8)) fm.push(`section: ${r.pick(sections)}`);
    write(`${folder}/${slug}.md`, `---\n${fm.join("\n")}\n---\n\n${body(r, r.int(...words))}`);
  }
  return { dir, articles: options.articles, authors: authors.length, tags: tags.length, photos };
}

/** Writes files under `dir`, creating each folder once (100k articles share ~60 folders). */
function writer(dir: string): (file: string, content: string | Buffer) => void {
  const made = new Set<string>();
  return (file, content) => {
    const target = path.join(dir, file);
    const parent = path.dirname(target);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    writeFileSync(target, content);
  };
}

/** 200 distinct names from the 20 × 20 first/last combinations, in a seeded order. */
function authorIds(r: Random): Array<[string, string]> {
  const all = FIRST_NAMES.flatMap((f) => LAST_NAMES.map((l) => `${f} ${l}`));
  for (let i = all.length - 1; i > 0; i--) {
    const j = r.int(0, i);
    [all[i], all[j]] = [all[j] as string, all[i] as string];
  }
  return all.slice(0, AUTHOR_COUNT).map((name) => [name.toLowerCase().replace(/ /g, "-"), name]);
}

/** Most frequent first: the war and the big places, then topics, then place × topic tags, then numbered topics. */
function tagNames(count: number): string[] {
  const tags = ["Ukraine", "Russo-Ukrainian war", "Russia", ...PLACES, ...TOPICS];
  for (const topic of TOPICS) for (const place of PLACES) tags.push(`${topic} in ${place}`);
  for (let i = 2; tags.length < count; i++) for (const topic of TOPICS) tags.push(`${topic} ${i}`);
  return tags.slice(0, count);
}

/** Naive Kyiv time between 08:00 and 22:59, so never inside the spring DST gap. */
function randomDate(r: Random, firstDay: number, days: number): string {
  const d = new Date(firstDay + r.int(0, days - 1) * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(r.int(8, 22))}:${pad(r.int(0, 59))}`;
}

/** Plain YAML when safe, else a JSON string (valid YAML). */
function scalar(s: string): string {
  return /^[A-Za-z][A-Za-z0-9 ,.'()-]*$/.test(s) && !s.includes(", ") ? s : JSON.stringify(s);
}

async function photo(r: Random): Promise<Buffer> {
  const { default: sharp } = await import("sharp");
  const [width, height] = [480, 320];
  const pixels = Buffer.alloc(width * height * 3);
  const [a, b, c] = [r.int(0, 255), r.int(0, 255), r.int(0, 255)];
  for (let i = 0; i < width * height; i++) {
    const [x, y] = [i % width, Math.floor(i / width)];
    pixels.set([(a + x) & 255, (b + y) & 255, (c + x + y) & 255], i * 3);
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
}
