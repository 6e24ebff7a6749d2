import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, it } from "node:test";
import sharp from "sharp";
import { ICON_FILES, MARK_VIEWBOX, markSvg, writeIcons } from "../../src/images/favicons.ts";
import { ICON_PATHS } from "../../src/model/paths.ts";
import { tempDir } from "../helpers/site.ts";

describe("the favicon set from assets/logo.svg", () => {
  const cache = tempDir("icons-cache-");
  const out = (name: string) => tempDir(`icons-${name}-`);

  it("makes every icon once, then takes them from the cache", async () => {
    const first = out("first");
    assert.equal(await writeIcons(first, cache, "Ukrainska Pravda"), ICON_FILES.length);
    const second = out("second");
    assert.equal(await writeIcons(second, cache, "Ukrainska Pravda"), 0);
    for (const icon of ICON_FILES) assert.deepEqual(readFileSync(path.join(second, icon.path)), readFileSync(path.join(first, icon.path)), icon.path);
  });

  it("places a cached set without waiting for a turn of the event loop (a build's render gives one every few seconds)", async () => {
    await writeIcons(out("warm"), cache, "Ukrainska Pravda");
    let turned = false;
    setImmediate(() => {
      turned = true;
    });
    const dir = out("cached");
    assert.equal(await writeIcons(dir, cache, "Ukrainska Pravda"), 0);
    assert.equal(turned, false, "writeIcons waited for the event loop");
    for (const icon of ICON_FILES) assert.ok(readFileSync(path.join(dir, icon.path)).length > 0, icon.path);
  });

  it("writes PNGs of the sizes browsers ask for, an ICO of PNGs, the SVG mark and a manifest", async () => {
    const dir = out("sizes");
    await writeIcons(dir, cache, "Українська правда");
    const size = async (p: string) => {
      const { width, height, format } = await sharp(path.join(dir, p)).metadata();
      return `${format} ${width}x${height}`;
    };
    assert.equal(await size(ICON_PATHS.png32), "png 32x32");
    assert.equal(await size(ICON_PATHS.appleTouch), "png 180x180");
    assert.equal(await size(ICON_PATHS.png192), "png 192x192");
    assert.equal(await size(ICON_PATHS.png512), "png 512x512");
    const ico = readFileSync(path.join(dir, ICON_PATHS.ico));
    // ICONDIR: reserved 0, type 1 (icon), three images; each entry's width, then its PNG at its offset.
    assert.deepEqual([ico.readUInt16LE(0), ico.readUInt16LE(2), ico.readUInt16LE(4)], [0, 1, 3]);
    const entries = [0, 1, 2].map((i) => ({
      width: ico.readUInt8(6 + 16 * i),
      bytes: ico.readUInt32LE(14 + 16 * i),
      offset: ico.readUInt32LE(18 + 16 * i),
    }));
    assert.deepEqual(
      entries.map((e) => e.width),
      [16, 32, 48],
    );
    for (const e of entries) {
      const png = ico.subarray(e.offset, e.offset + e.bytes);
      assert.equal((await sharp(png).metadata()).width, e.width);
    }
    const svg = readFileSync(path.join(dir, ICON_PATHS.svg), "utf8");
    assert.match(svg, new RegExp(`^<svg width="56" height="56" viewBox="${MARK_VIEWBOX}"`));
    const manifest = JSON.parse(readFileSync(path.join(dir, ICON_PATHS.manifest), "utf8"));
    assert.equal(manifest.name, "Українська правда");
    assert.deepEqual(
      manifest.icons.map((i: { src: string; sizes: string }) => `${i.src} ${i.sizes}`),
      ["icon-192.png 192x192", "icon-512.png 512x512"],
    );
  });

  it("refuses a logo that is not an SVG", () => {
    assert.throws(() => markSvg("<png/>"), /assets\/logo\.svg: expected an <svg> element/);
  });
});
