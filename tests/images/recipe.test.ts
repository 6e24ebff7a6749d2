import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CROPS, cropRegion, cropSize, responsiveWidths, scaledHeight } from "../../src/images/recipe.ts";
import { socialCardSvg, wrapHeadline } from "../../src/images/social-card.ts";

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
});

describe("social card", () => {
  it("wraps long headlines by words and ends a cut headline with an ellipsis", () => {
    assert.deepEqual(wrapHeadline("Coalition of the willing meets in Paris", 20), ["Coalition of the", "willing meets in", "Paris"]);
    assert.deepEqual(wrapHeadline("one two three four five six", 9, 2), ["one two", "three…"]);
  });

  it("escapes the headline inside the SVG", () => {
    const svg = socialCardSvg({ siteName: "A & B", headline: '<script> & "quotes"', date: "Thursday, 27 March 2025" });
    assert.match(svg, /A &amp; B/);
    assert.match(svg, /&lt;script&gt; &amp; &quot;quotes&quot;/);
  });
});
