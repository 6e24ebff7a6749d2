import assert from "node:assert/strict";
import { describe, it } from "node:test";
import sharp from "sharp";
import { MAX_PIXELS, sizeProblem } from "../../src/images/inspect.ts";
import { CROPS, cropRegion, cropSize, responsiveWidths, scaledHeight } from "../../src/images/recipe.ts";
import { editionCardSvg, headlineMarkup, socialCard, socialCardFrame, svgText, wrapHeadline } from "../../src/images/social-card.ts";

describe("image recipe", () => {
  it("never upscales: widths stop at the original, a small photo gets its own width", () => {
    assert.deepEqual(responsiveWidths(2000), [480, 800, 1200, 1600]);
    assert.deepEqual(responsiveWidths(1200), [480, 800, 1200]);
    assert.deepEqual(responsiveWidths(1000), [480, 800, 1000]);
    assert.deepEqual(responsiveWidths(300), [300]);
    assert.equal(scaledHeight(800, { width: 2000, height: 1333 }), 533);
  });

  it("crops the largest region of each ratio, centred, to 1200 px wide", () => {
    const photo = { width: 2000, height: 1333 };
    assert.deepEqual(cropRegion(photo, CROPS["16x9"]), { left: 0, top: 104, width: 2000, height: 1125 });
    assert.deepEqual(cropRegion(photo, CROPS["1x1"]), { left: 334, top: 0, width: 1333, height: 1333 });
    assert.deepEqual(cropSize(cropRegion(photo, CROPS.social), CROPS.social), { width: 1200, height: 630 });
    assert.deepEqual(cropSize(cropRegion(photo, CROPS["4x3"]), CROPS["4x3"]), { width: 1200, height: 900 });
    // A portrait keeps its full width; a small photo is not enlarged.
    assert.deepEqual(cropRegion({ width: 1200, height: 1600 }, CROPS["16x9"]), { left: 0, top: 463, width: 1200, height: 675 });
    assert.deepEqual(cropSize(cropRegion({ width: 800, height: 600 }, CROPS["1x1"]), CROPS["1x1"]), { width: 600, height: 600 });
  });

  it("moves the crop towards the focal point but keeps it inside the frame", () => {
    const photo = { width: 2000, height: 1333 };
    assert.deepEqual(cropRegion(photo, CROPS["1x1"], [0.9, 0.5]), { left: 667, top: 0, width: 1333, height: 1333 });
    assert.deepEqual(cropRegion(photo, CROPS["1x1"], [0.1, 0.5]), { left: 0, top: 0, width: 1333, height: 1333 });
    assert.deepEqual(cropRegion(photo, CROPS["16x9"], [0.5, 0.2]), { left: 0, top: 0, width: 2000, height: 1125 });
  });

  it("refuses sizes no file can be made from: over the pixel limit, or taller than AVIF allows at the published width", () => {
    const said = (w: number, h: number) => sizeProblem(w, h)?.("./p.png");
    assert.equal(said(2000, 1333), undefined);
    assert.equal(said(16383, 16383), undefined);
    assert.equal(16383 * 16383, MAX_PIXELS);
    assert.equal(
      said(16384, 16384),
      'expected a photo of at most 268 megapixels, received "./p.png", which is 16384×16384 px (269 megapixels); make it smaller',
    );
    // Up to 1600 px wide a photo is published at its own width: its height is the limit.
    assert.equal(said(1, 16384), undefined);
    assert.equal(said(1, 16385), 'expected a photo at most 16384 px tall, received "./p.png", which is 1×16385 px; crop or shrink it');
    assert.equal(said(1600, 16384), undefined);
    // Wider photos are published 1600 px wide, their height in proportion.
    assert.equal(said(3200, 32768), undefined);
    assert.equal(said(3200, 32780), 'expected a photo at most 10 times as tall as it is wide, received "./p.png", which is 3200×32780 px; crop it');
    // Panoramas are fine: nothing published is wider than 1600 px.
    assert.equal(said(16000, 1000), undefined);
  });
});

describe("social card", () => {
  it("wraps long headlines by words and ends a cut headline with an ellipsis", () => {
    assert.deepEqual(wrapHeadline("Coalition of the willing meets in Paris", 20), ["Coalition of the", "willing meets in", "Paris"]);
    assert.deepEqual(wrapHeadline("one two three four five six", 9, 2), ["one two", "three…"]);
  });

  it("escapes the site name and date inside the frame's SVG and the headline inside its markup", () => {
    const card = socialCard({ siteName: "A & B", headline: '<script> & "quotes"', date: "Thursday, 27 March <2025>" });
    assert.match(card.frame, /A &amp; B/);
    assert.match(card.frame, /27 March &lt;2025&gt;/);
    assert.equal(card.headline, "&lt;script&gt; &amp; &quot;quotes&quot;");
    assert.equal(
      headlineMarkup("Coalition of the willing meets in Paris to agree on the guarantees"),
      "Coalition of the willing meets\nin Paris to agree on the\nguarantees",
    );
  });

  it("drops characters XML forbids, so a headline with control characters can never stop the build", async () => {
    const headline = "Bell\x07 back\b one\x01 esc\x1b nul\u0000 nonchar\uFFFE tab\tvt\x0B lone\uD800 end \u{1F600}";
    assert.equal(svgText(headline), "Bell back one esc nul nonchar tab\tvt lone end \u{1F600}");
    assert.equal(headlineMarkup(headline), svgText(headlineMarkup(headline)), "nothing left to drop in the headline's markup");
    for (const svg of [socialCardFrame("Site\x01", "27\x0C March"), editionCardSvg("Pravda\uFFFF")]) {
      assert.equal(svgText(svg), svg, "nothing left to drop");
      const { width, height } = await sharp(Buffer.from(svg))
        .jpeg()
        .toBuffer({ resolveWithObject: true })
        .then((r) => r.info);
      assert.deepEqual([width, height], [1200, 630]);
    }
    // Without the filter sharp refuses the document (what the build used to die of).
    await assert.rejects(
      sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"><text>a\x07</text></svg>`)).jpeg().toBuffer(),
    );
  });
});
