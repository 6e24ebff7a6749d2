import assert from "node:assert/strict";
import { existsSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { crc32 } from "node:zlib";
import sharp from "sharp";
import { photo } from "../helpers/photos.ts";
import { article, makeSite, run } from "../helpers/site.ts";

const image = (src: string, extra = "\n  credit: Office of the President") => `\n  src: ${src}\n  alt: Leaders at the table${extra}`;
const A = "content/articles/eng/2025/03";

describe("bad images", () => {
  it("reports every bad image with file, line and path, with the content errors, before writing anything", async () => {
    const good = await photo(2000, 1333);
    const outside = path.join(tmpdir(), `outside-${process.pid}.jpg`);
    writeFileSync(outside, good);
    const dir = makeSite({
      [`${A}/missing.md`]: article({ image: image("./nope.jpg") }),
      [`${A}/text.md`]: article({ image: image("./notes.jpg") }),
      [`${A}/notes.jpg`]: "these are notes, not a photo\n",
      [`${A}/truncated.md`]: article({ image: image("./truncated.jpg") }),
      [`${A}/truncated.jpg`]: good.subarray(0, Math.floor(good.length / 2)),
      [`${A}/escape.md`]: article({ image: image("../../../../../../etc/passwd") }),
      [`${A}/symlink.md`]: article({ image: image("./linked.jpg") }),
      [`${A}/no-credit.md`]: article({ image: image("./good.jpg", "") }),
      [`${A}/body.md`]: article({}, "A lead paragraph.\n\n![](./good.jpg)\n\nText\nand ![Map](https://example.com/map.png)\n"),
      [`${A}/tiny.md`]: article({ image: image("./tiny.jpg") }),
      [`${A}/good.jpg`]: good,
      [`${A}/tiny.jpg`]: await photo(800, 600),
    });
    symlinkSync(outside, path.join(dir, A, "linked.jpg"));
    for (const script of ["check", "build"]) {
      const result = run(dir, script);
      assert.equal(result.code, 1);
      assert.equal(
        result.stderr.trim(),
        [
          `warning ${A}/tiny.md:7  image.src: "./tiny.jpg" is 800 px wide; photos under 1200 px look soft on large screens and in link previews`,
          `${A}/body.md:9  body: expected alt text describing the image, received ![](./good.jpg) with none`,
          `${A}/body.md:12  body: expected an image next to the article or on a host listed in remoteImages.hosts of content/site.config.ts (none are), received "https://example.com/map.png" on the host "example.com": add "example.com" to remoteImages.hosts to show it from there, or run npm run images:localise to download it next to the article`,
          `${A}/escape.md:7  image.src: expected an image inside the repository, received "../../../../../../etc/passwd", which leads outside it`,
          `${A}/missing.md:7  image.src: expected an image file next to the article, but "./nope.jpg" does not exist`,
          `${A}/no-credit.md:6  image.credit: required: expected a photo credit, received nothing`,
          `${A}/symlink.md:7  image.src: expected an image inside the repository, received "./linked.jpg", which leads outside it`,
          `${A}/text.md:7  image.src: expected a JPEG, PNG, WebP or AVIF image, received "./notes.jpg", which is not a readable image`,
          `${A}/truncated.md:7  image.src: expected a complete image, received "./truncated.jpg", which is damaged or truncated and cannot be decoded`,
          "8 errors in 7 files; nothing was written.",
        ].join("\n"),
      );
    }
    assert.equal(existsSync(path.join(dir, "_site")), false);
  });

  it("reports photos too tall to encode or over the pixel limit at check time, with file:line and their size; a strip too thin to crop is a warning", async () => {
    const dir = makeSite({
      [`${A}/tall.md`]: article({ image: image("./tall.png") }),
      [`${A}/tall.png`]: await sharp({ create: { width: 1, height: 20000, channels: 3, background: "#336699" } })
        .png()
        .toBuffer(),
      [`${A}/narrow.md`]: article({}, "A lead paragraph.\n\n![A strip](./narrow.png)\n"),
      [`${A}/narrow.png`]: await pngHeader(2000, 25000),
      [`${A}/huge.md`]: article({ image: image("./huge.png") }),
      [`${A}/huge.png`]: await pngHeader(30000, 30000),
      [`${A}/strip.md`]: article({ image: image("./strip.png") }),
      [`${A}/strip.png`]: await sharp({ create: { width: 20000, height: 40, channels: 3, background: "#336699" } })
        .png()
        .toBuffer(),
      [`${A}/fine.md`]: article({ image: image("./fine.png") }),
      [`${A}/fine.png`]: await sharp({ create: { width: 1200, height: 12000, channels: 3, background: "#336699" } })
        .png()
        .toBuffer(),
    });
    for (const script of ["check", "build"]) {
      const result = run(dir, script);
      assert.equal(result.code, 1);
      assert.equal(
        result.stderr.trim(),
        [
          `warning ${A}/strip.md:7  image.src: "./strip.png" is 20000×40 px; its 1200×630 crop for link previews is only 76×40 px and will look soft`,
          `${A}/huge.md:7  image.src: expected a photo of at most 268 megapixels, received "./huge.png", which is 30000×30000 px (900 megapixels); make it smaller`,
          `${A}/narrow.md:9  body: expected a photo at most 10 times as tall as it is wide, received "./narrow.png", which is 2000×25000 px; crop it`,
          `${A}/tall.md:7  image.src: expected a photo at most 16384 px tall, received "./tall.png", which is 1×20000 px; crop or shrink it`,
          "3 errors in 3 files; nothing was written.",
        ].join("\n"),
      );
    }
    assert.equal(existsSync(path.join(dir, "_site")), false);
  });
});

/**
 * A PNG that says it is `width`×`height` (a 1×1 image with its size rewritten): the checks read
 * the header alone, and drawing a real 30000² image would take seconds.
 */
async function pngHeader(width: number, height: number): Promise<Buffer> {
  const png = await sharp({ create: { width: 1, height: 1, channels: 3, background: "#336699" } })
    .png()
    .toBuffer();
  // Signature (8), IHDR length and type (8), then width and height; the chunk's CRC covers type and data.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}
