import assert from "node:assert/strict";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { photo, size } from "../helpers/photos.ts";
import { article, makeSite, read, run } from "../helpers/site.ts";

/** The `image:` value as nested YAML (the helper writes `image: <value>`). */
const lead = (src = "./paris.jpg") =>
  `\n  src: ${src}\n  alt: Leaders at the table\n  caption: The meeting in Paris\n  credit: Office of the President\n  focus: [0.7, 0.5]`;
const PAGE = "_site/eng/news/2025/03/27/paris-talks/index.html";

/** Every file under _site/images with its bytes. */
function imageFiles(dir: string): Map<string, Buffer> {
  const folder = path.join(dir, "_site/images");
  return new Map(readdirSync(folder).map((f) => [f, readFileSync(path.join(folder, f))]));
}

describe("photos", () => {
  let dir: string;
  let first: ReturnType<typeof run>;
  before(async () => {
    dir = makeSite({
      "content/articles/eng/2025/03/paris-talks.md": article(
        { image: lead() },
        'A lead paragraph.\n\nMore text.\n\n![An official at a desk](./portrait.jpg "The minister (illustration)")\n',
      ),
      "content/articles/eng/2025/03/paris.jpg": await photo(2000, 1333),
      "content/articles/eng/2025/03/portrait.jpg": await photo(1200, 1600, "#6a994e"),
      "content/articles/eng/2025/03/no-photo.md": article({ title: "Talks continue without a photo", date: "2025-03-28 09:00" }),
      // Past the 30-day card window (socialCardDays) of the edition's newest article: the edition's card.
      "content/articles/eng/2025/01/archive-a.md": article({ title: "An older story", date: "2025-01-10 09:00" }),
      "content/articles/eng/2025/02/archive-b.md": article({ title: "Another older story", date: "2025-02-20 09:00" }),
      "content/articles/eng/2025/03/draft.md": article({ title: "Draft", draft: "true", image: lead("./draft.jpg") }),
      "content/articles/eng/2025/03/draft.jpg": await photo(1600, 1000, "#000000"),
    });
    first = run(dir, "build");
    assert.equal(first.code, 0, first.stderr);
  });

  it("renders the lead photo as an eager <picture> with AVIF, WebP and JPEG at widths up to the original", () => {
    const page = read(dir, PAGE);
    const figure = page.slice(page.indexOf('<figure class="lead-photo">'), page.indexOf("</figure>"));
    const srcset = (type: string) =>
      [...(figure.match(new RegExp(`type="${type}" srcset="([^"]+)"`))?.[1] ?? "").matchAll(/ (\d+)w/g)].map((m) => m[1]);
    assert.deepEqual(srcset("image/avif"), ["480", "800", "1200", "1600"]);
    assert.deepEqual(srcset("image/webp"), ["480", "800", "1200", "1600"]);
    assert.match(
      figure,
      /<img src="\/images\/[0-9a-f]{16}-1600\.jpg" srcset="[^"]+-480\.jpg 480w, [^"]+ 800w, [^"]+ 1200w, [^"]+-1600\.jpg 1600w" sizes="\(min-width: 44rem\) 42rem, calc\(100vw - 2rem\)" width="1600" height="1066" alt="Leaders at the table" loading="eager" fetchpriority="high">/,
    );
    assert.match(figure, /<figcaption>The meeting in Paris\. <span class="credit">Photo: Office of the President<\/span><\/figcaption>/);
  });

  it("renders a body image as a lazy figure, never wider than the original portrait", () => {
    const page = read(dir, PAGE);
    assert.match(page, /<figure class="body-photo">\n<picture>\n<source type="image\/avif" srcset="[^"]+ 480w, [^"]+ 800w, [^"]+-1200\.avif 1200w"/);
    assert.match(
      page,
      /width="1200" height="1600" alt="An official at a desk" loading="lazy" decoding="async">\n<\/picture>\n<figcaption>The minister \(illustration\)<\/figcaption>/,
    );
  });

  it("writes crops at their exact sizes and points og:image at the 1200×630 one", async () => {
    const page = read(dir, PAGE);
    const og = page.match(/<meta property="og:image" content="https:\/\/example\.org(\/images\/[0-9a-f]{16}-social\.jpg)">/)?.[1];
    assert.ok(og, "og:image");
    assert.match(
      page,
      /<meta property="og:image:width" content="1200">\n<meta property="og:image:height" content="630">\n<meta property="og:image:alt" content="Leaders at the table">/,
    );
    assert.deepEqual(await size(path.join(dir, "_site", og)), [1200, 630]);
    const files = [...imageFiles(dir).keys()];
    const sizeOf = (suffix: string) => size(path.join(dir, "_site/images", files.find((f) => f.endsWith(suffix)) ?? "missing"));
    assert.deepEqual(await sizeOf("-16x9.jpg"), [1200, 675]);
    assert.deepEqual(await sizeOf("-4x3.jpg"), [1200, 900]);
    assert.deepEqual(await sizeOf("-1x1.jpg"), [1200, 1200]);
    assert.deepEqual(await sizeOf("-1600.avif"), [1600, 1066]);
  });

  it("gives an article without a photo a generated 1200×630 card, and drafts no files", async () => {
    const page = read(dir, "_site/eng/news/2025/03/28/no-photo/index.html");
    const card = page.match(/<meta property="og:image" content="https:\/\/example\.org(\/images\/[0-9a-f]{16}-card\.jpg)">/)?.[1];
    assert.ok(card, "card");
    assert.deepEqual(await size(path.join(dir, "_site", card)), [1200, 630]);
    assert.match(page, /<meta property="og:image:alt" content="Talks continue without a photo">/);
    // paris + portrait: 3 formats × 4 and 3 widths, 4 crops; a card for no-photo and one shared by
    // the two older articles (none for the draft).
    assert.equal(imageFiles(dir).size, 12 + 9 + 4 + 1 + 1);
    assert.match(first.stdout, /^images: 4 encoded, 0 from cache \(27 of 27 files encoded\)$/m);
  });

  it("gives articles older than the card window their edition's card, one file for all of them", async () => {
    const og = (file: string) =>
      read(dir, file).match(/<meta property="og:image" content="https:\/\/example\.org(\/images\/[0-9a-f]{16}-card\.jpg)">/)?.[1];
    const a = og("_site/eng/news/2025/01/10/archive-a/index.html");
    const b = og("_site/eng/news/2025/02/20/archive-b/index.html");
    const recent = og("_site/eng/news/2025/03/28/no-photo/index.html");
    assert.ok(a, "edition card");
    assert.equal(a, b);
    assert.notEqual(a, recent);
    assert.deepEqual(await size(path.join(dir, "_site", a)), [1200, 630]);
    assert.match(read(dir, "_site/eng/news/2025/01/10/archive-a/index.html"), /<meta property="og:image:alt" content="Ukrainska Pravda">/);
  });

  it("encodes nothing on a second build and writes byte-identical files, also from a cold cache", () => {
    const before = imageFiles(dir);
    const warm = run(dir, "build");
    assert.match(warm.stdout, /^images: 0 encoded, 4 from cache \(0 of 27 files encoded\)$/m);
    assert.deepEqual(imageFiles(dir), before);
    rmSync(path.join(dir, ".cache"), { recursive: true });
    const cold = run(dir, "build");
    assert.match(cold.stdout, /^images: 4 encoded, 0 from cache/m);
    assert.deepEqual(imageFiles(dir), before);
  });
});
