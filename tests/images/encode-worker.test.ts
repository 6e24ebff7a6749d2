import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, describe, it } from "node:test";
import sharp from "sharp";
import { type CardFrames, composeCard, encodeOutput, encodeSteps } from "../../src/images/encode.ts";
import { EncodeFailure, encodeInWorker } from "../../src/images/encode-worker.ts";
import { type ImageJob, ImagePlan } from "../../src/images/plan.ts";
import { CARD_RECIPE, ENCODER, outputName, sha256 } from "../../src/images/recipe.ts";
import { CARD, editionCard, type GeneratedCard, socialCard, socialCardFrame } from "../../src/images/social-card.ts";
import { syntheticPhoto } from "../../src/images/synthetic.ts";
import { CARDS_IN_THREAD, encodesInWorker, formatImageStats, writeImages } from "../../src/images/write-images.ts";

const dirs: string[] = [];
after(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "encode-worker-"));
  dirs.push(dir);
  return dir;
}

const card = (i: number) => ({
  card: socialCard({ siteName: "Newsroom", headline: `Київрада ухвалила бюджет, story ${i}`, date: "5 December 2026" }),
});
/** A card with a frame sharp cannot read. */
const brokenCard = {
  card: { ...socialCard({ siteName: "N", headline: "H", date: "D" }), frame: "<svg xmlns='http://www.w3.org/2000/svg'><text>unclosed</svg>" },
};

/** The bounding box of the light pixels (grey > 160) of an encoded card inside rows `from`–`to`, and their count. */
async function lightBox(jpeg: Buffer, from = 140, to = 520) {
  const { data, info } = await sharp(jpeg).greyscale().raw().toBuffer({ resolveWithObject: true });
  let [left, top, right, bottom, count] = [info.width, info.height, -1, -1, 0];
  for (let y = from; y < to; y++)
    for (let x = 0; x < info.width; x++) {
      if ((data[(y * info.width + x) * info.channels] as number) <= 160) continue;
      count++;
      [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y)];
    }
  return { left, top, right, bottom, count };
}

/** The card as one SVG, as cards were drawn before they were composed: the frame with the headline's lines as tspans, 72 px apart, centred. */
function wholeSvg(siteName: string, lines: string[], date: string): string {
  const top = Math.round((CARD.height - lines.length * 72) / 2) + 60;
  const tspans = lines.map((l, i) => `<tspan x="72" y="${top + i * 72}">${l}</tspan>`).join("");
  return socialCardFrame(siteName, date).replace(
    "</svg>",
    `<text font-family="Liberation Sans, DejaVu Sans, sans-serif" font-size="60" font-weight="700" fill="#ffffff">${tspans}</text></svg>`,
  );
}
const cardSpec = { format: "jpeg" as const, ...CARD };

describe("encoding worker", () => {
  it("writes the same bytes as encoding in this thread, for cards and photo crops, across batches", async () => {
    const dir = tempDir();
    const photo = path.join(dir, "photo.jpg");
    writeFileSync(photo, await syntheticPhoto(900, 600, 1));
    const inputs: ImageJob["input"][] = [card(1), card(2), { file: photo }, { file: photo }, card(3)];
    const specs = [
      cardSpec,
      cardSpec,
      { format: "webp" as const, width: 480, height: 320 },
      { format: "jpeg" as const, width: 300, height: 300, region: { left: 150, top: 0, width: 600, height: 600 } },
      cardSpec,
    ];
    const tasks = inputs.map((input, i) => ({ input, steps: encodeSteps(input, specs[i] ?? cardSpec), target: path.join(dir, `out-${i}`) }));
    // Two tasks at a time: the worker asks for the rest as it goes.
    await encodeInWorker(tasks, 2, 2);
    for (const [i, input] of inputs.entries()) {
      assert.deepEqual(readFileSync(path.join(dir, `out-${i}`)), await encodeOutput(input, specs[i] ?? cardSpec), `output ${i}`);
    }
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.includes(".tmp-")),
      [],
    );
  });

  it("a composed card puts the headline where the whole card's SVG put it, in the same type", async () => {
    const cases = [
      { siteName: "Новини", headline: "Київрада ухвалила бюджет столиці на наступний рік", date: "5 грудня 2026" },
      { siteName: "Newsroom", headline: "Parliament passes the budget", date: "5 December 2026" },
      { siteName: "Newsroom", headline: "A long headline about the week: ".repeat(12), date: "5 December 2026" },
    ];
    for (const c of cases) {
      const composed = socialCard(c);
      const reference = await sharp(Buffer.from(wholeSvg(c.siteName, composed.headline.split("\n"), c.date)))
        .jpeg(ENCODER.card)
        .toBuffer();
      const [a, b] = [await lightBox(await encodeOutput({ card: composed }, cardSpec)), await lightBox(reference)];
      // The same glyphs, 72 px apart, centred alike: the ink's edges within 3 px, its right edge within 6 (librsvg
      // and Pango set a 30-character line up to ~0.5% apart in width).
      for (const side of ["left", "top", "right", "bottom"] as const)
        assert.ok(Math.abs(a[side] - b[side]) <= (side === "right" ? 6 : 3), `${c.headline}: ${side} ${a[side]} against ${b[side]}`);
      assert.ok(Math.abs(a.count - b.count) <= b.count * 0.03, `${c.headline}: ${a.count} light pixels against ${b.count}`);
    }
  });

  it("draws each frame once while it is among the last eight, whatever order its cards come in", async () => {
    // sharp, counting the frames it is asked to render (a frame is read from a buffer, a headline from `{ text }`).
    let rendered = 0;
    const counting = ((input: unknown, options?: object) => {
      if (Buffer.isBuffer(input) && options === undefined) rendered++;
      return sharp(input as Buffer, options as never);
    }) as unknown as typeof sharp;
    const frames: CardFrames = new Map();
    const cards = Array.from({ length: 12 }, (_, i) =>
      socialCard({ siteName: "Newsroom", headline: `Story ${i} & <more> "quoted" \x07 tab\tend`, date: `${(i % 10) + 1} December 2026` }),
    );
    const first = [];
    for (const c of cards) first.push((await composeCard(counting, frames, c)).data);
    // Ten days, then the 1st and 2nd again: those two had been dropped for the 9th and 10th (eight are kept), so drawn again.
    assert.equal(rendered, 12);
    assert.equal(frames.size, 8);
    // The 5th to 10th are still kept.
    for (const c of cards.slice(4, 10)) await composeCard(counting, frames, c);
    assert.equal(rendered, 12, "kept frames are not drawn again");
    // Whatever was kept, each card's pixels are the same as drawn from nothing.
    for (const [i, c] of [...cards.entries()].reverse()) assert.deepEqual((await composeCard(sharp, new Map(), c)).data, first[i], `card ${i}`);
    const frameOnly: GeneratedCard = { ...(cards[0] as GeneratedCard), headline: "" };
    assert.deepEqual((await composeCard(sharp, frames, frameOnly)).data, (await composeCard(sharp, new Map(), frameOnly)).data);
  });

  it("a headline that leaves no ink (soft hyphens, joiners, bidi marks) gives the frame alone, not a failed build", async () => {
    for (const headline of ["\u00AD", "\u200D\u200C", "\u202E \u2061", " \u0301", "\x07\x1b"]) {
      const card = socialCard({ siteName: "Newsroom", headline, date: "5 December 2026" });
      assert.equal(card.headline, "", JSON.stringify(headline));
      const bytes = await encodeOutput({ card }, cardSpec);
      assert.deepEqual(bytes, await encodeOutput({ card: { ...card, headline: "" } }, cardSpec));
    }
    // One visible character is enough.
    assert.equal(socialCard({ siteName: "N", headline: "\u00AD1", date: "D" }).headline, "\u00AD1");
  });

  it("a card is a 1200×630 JPEG with the standard Huffman tables (no optimising pass), its text drawn, named by its encoder settings", async () => {
    const layers = socialCard({ siteName: "Новини", headline: "Київрада ухвалила бюджет столиці на наступний рік", date: "5 грудня 2026" });
    const bytes = await encodeOutput({ card: layers }, cardSpec);
    const { format, width, height, channels } = await sharp(bytes).metadata();
    assert.deepEqual({ format, width, height, channels }, { format: "jpeg", width: 1200, height: 630, channels: 3 });
    // The luminance DC table of ITU T.81 Annex K (class 0, id 0: counts, then symbols 0–11); an optimised table differs.
    const standardDc = Buffer.from([0x00, 0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    assert.ok(bytes.includes(standardDc), "standard Huffman tables");
    // The headline's white text: light pixels across the middle band, none in the frame without text.
    const light = async (input: Buffer) => {
      const { data, info } = await sharp(input)
        .extract({ left: 0, top: 160, width: 1200, height: 300 })
        .greyscale()
        .raw()
        .toBuffer({ resolveWithObject: true });
      let n = 0;
      for (let i = 0; i < data.length; i += info.channels) if ((data[i] as number) > 200) n++;
      return n;
    };
    assert.ok((await light(bytes)) > 5000, "the headline is drawn");
    assert.equal(await light(await encodeOutput({ card: { ...layers, headline: "" } }, cardSpec)), 0);
    assert.equal((await light(await encodeOutput({ card: editionCard("Новини") }, cardSpec))) > 0, true, "the edition card's name");
    const plan = new ImagePlan();
    const name = plan.card(layers, "social card").url.split("/").pop();
    const json = JSON.stringify(layers);
    assert.notEqual(name, outputName(sha256(json), cardSpec, "card"), "the card's encoder settings are part of its name");
    assert.equal(name, outputName(sha256(`${CARD_RECIPE}\n${json}`), cardSpec, "card"));
    assert.notEqual(plan.card({ ...layers, spacing: 6 }, "social card").url, plan.card(layers, "social card").url, "and its layout");
    assert.equal(CARD_RECIPE, JSON.stringify({ card: ENCODER.card }));
  });

  it("keeps encoding while this thread is busy (as it is while Eleventy renders)", async () => {
    const dir = tempDir();
    const cache = path.join(dir, "cache");
    const jobs: ImageJob[] = Array.from({ length: 20 }, (_, i) => ({
      hash: `h${i}`,
      label: `card ${i}`,
      input: card(i),
      outputs: [{ name: `${String(i).padStart(16, "0")}-card.jpg`, ...cardSpec }],
    }));
    const targets = jobs.map((j) => path.join(cache, j.outputs[0]?.name ?? ""));
    const done = writeImages(jobs, path.join(dir, "site"), cache);
    // This thread does not return to its event loop until every file is in the cache (or a minute
    // passes): encodes that waited for it between files, as they did before the worker, stall.
    const until = Date.now() + 60_000;
    while (!targets.every((t) => existsSync(t)) && Date.now() < until) {
      /* busy, as a render pass is */
    }
    assert.deepEqual(
      targets.filter((t) => !existsSync(t)),
      [],
    );
    assert.equal(formatImageStats(await done), "images: 20 encoded, 0 from cache (20 of 20 files encoded)");
  });

  it("leaves libvips' operation cache off, also after the worker loaded sharp (which turns it on)", async () => {
    const off = () => {
      const { memory, items } = sharp.cache() as unknown as { memory: { max: number }; items: { max: number } };
      return { memory: memory.max, items: items.max };
    };
    assert.deepEqual(off(), { memory: 0, items: 0 });
    const dir = tempDir();
    await encodeInWorker([{ input: card(1), steps: encodeSteps(card(1), cardSpec), target: path.join(dir, "card.jpg") }], 1);
    assert.deepEqual(off(), { memory: 0, items: 0 });
  });

  it("stops at a task that fails, names it, and leaves no staging file", async () => {
    const dir = tempDir();
    const good = card(1);
    const bad = brokenCard;
    const tasks = [good, bad].map((input, i) => ({ input, steps: encodeSteps(input, cardSpec), target: path.join(dir, `out-${i}`) }));
    const failure = await encodeInWorker(tasks, 1).then(
      () => assert.fail("expected a failure"),
      (error: unknown) => error,
    );
    assert.ok(failure instanceof EncodeFailure);
    assert.equal(failure.index, 1);
    assert.match(failure.message, /svgload|SVG|XML|parse/i);
    assert.deepEqual(readdirSync(dir), ["out-0"]);
  });

  it("writeImages says which image and file could not be encoded, in this thread and in the worker", async () => {
    const broken: ImageJob = {
      hash: "broken",
      label: "social card for /eng/broken/",
      input: brokenCard,
      outputs: [{ name: "0123456789abcdef-card.jpg", ...cardSpec }],
    };
    const others: ImageJob[] = Array.from({ length: 19 }, (_, i) => ({
      hash: `h${i}`,
      label: `card ${i}`,
      input: card(i),
      outputs: [{ name: `${String(i).padStart(16, "0")}-card.jpg`, ...cardSpec }],
    }));
    for (const jobs of [[broken], [...others.slice(0, 9), broken, ...others.slice(9)]]) {
      assert.equal(encodesInWorker(jobs.map((job) => ({ job }))), jobs.length > 1);
      const dir = tempDir();
      await assert.rejects(writeImages(jobs, path.join(dir, "site"), path.join(dir, "cache")), (error: Error) => {
        assert.match(error.message, /^images: could not encode social card for \/eng\/broken\/ as 0123456789abcdef-card\.jpg: /);
        return true;
      });
      assert.deepEqual(
        readdirSync(path.join(dir, "cache")).filter((f) => f.includes(".tmp-")),
        [],
      );
    }
  });

  it("encodes a few cards in this thread and anything more in the worker", async () => {
    const cards = (n: number) => Array.from({ length: n }, (_, i) => ({ job: { hash: `${i}`, label: "", input: card(i), outputs: [] } as ImageJob }));
    assert.equal(CARDS_IN_THREAD, 15);
    assert.equal(encodesInWorker(cards(15)), false);
    assert.equal(encodesInWorker(cards(16)), true);
    assert.equal(encodesInWorker([{ job: { hash: "p", label: "", input: { file: "/photo.jpg" }, outputs: [] } }]), true);
  });

  it("writeImages encodes what the cache lacks, and nothing on a second run", async () => {
    const dir = tempDir();
    const jobs: ImageJob[] = [1, 2, 3].map((i) => ({
      hash: `h${i}`,
      label: `card ${i}`,
      input: card(i),
      outputs: [{ name: `000000000000000${i}-card.jpg`, ...cardSpec }],
    }));
    const cache = path.join(dir, "cache");
    const first = await writeImages(jobs, path.join(dir, "a"), cache);
    assert.equal(formatImageStats(first), "images: 3 encoded, 0 from cache (3 of 3 files encoded)");
    const second = await writeImages(jobs, path.join(dir, "b"), cache);
    assert.equal(formatImageStats(second), "images: 0 encoded, 3 from cache (0 of 3 files encoded)");
    assert.deepEqual(readFileSync(path.join(dir, "b/images/0000000000000002-card.jpg")), await encodeOutput(card(2), cardSpec));
  });
});
