/**
 * The image model of every published article (src/images/prepare-images.ts): an article older than
 * the card window with no image of its own shares its edition's one entry (most of an archive);
 * every other article gets its own, with its photos, its body images or its own card.
 */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { DateTime } from "luxon";
import { prepare } from "../../src/pipeline/prepare.ts";
import { photo } from "../helpers/photos.ts";
import { article, makeSite } from "../helpers/site.ts";

const NOW = DateTime.fromISO("2025-04-01T00:00:00Z");
const url = (day: string, slug: string) => `/eng/news/2025/${day}/${slug}/`;

describe("image model", () => {
  it("shares one entry among the old articles of an edition without images, and gives the others their own", async () => {
    const dir = makeSite({
      "content/articles/eng/2025/01/old-a.md": article({ title: "Old A", date: "2025-01-10 09:00" }),
      "content/articles/eng/2025/01/old-b.md": article({ title: "Old B", date: "2025-01-11 09:00" }),
      "content/articles/eng/2025/01/old-body.md": article(
        { title: "Old with a body image", date: "2025-01-12 09:00" },
        "Text.\n\n![A chart](./chart.jpg)\n",
      ),
      "content/articles/eng/2025/01/chart.jpg": await photo(1300, 800),
      "content/articles/eng/2025/01/old-lead.md": article({
        title: "Old with a lead photo",
        date: "2025-01-13 09:00",
        image: "\n  src: ./lead.jpg\n  alt: A lead photo\n  credit: A photographer",
      }),
      "content/articles/eng/2025/01/lead.jpg": await photo(1600, 1000),
      "content/articles/eng/2025/03/recent.md": article({ title: "Recent", date: "2025-03-28 09:00" }),
    });
    const { images } = await prepare(dir, { now: NOW });
    const a = images.get(url("01/10", "old-a"));
    const b = images.get(url("01/11", "old-b"));
    assert.ok(a && b);
    assert.equal(a, b, "one entry for the plain old articles");
    assert.ok(Object.isFrozen(a) && Object.isFrozen(a.social));
    assert.deepEqual(Object.keys(a), ["social", "body"]);
    assert.equal(a.body.size, 0);
    assert.equal(a.social.generated, true);
    assert.equal(a.social.alt, "Ukrainska Pravda");
    assert.match(a.social.url, /-card\.jpg$/);
    // An old article with a body image: the edition's card, and its picture.
    const body = images.get(url("01/12", "old-body"));
    assert.notEqual(body, a);
    assert.equal(body?.social.url, a.social.url);
    assert.deepEqual([...(body?.body.keys() ?? [])], ["./chart.jpg"]);
    // An old article with a lead photo: its own crop for link previews.
    const lead = images.get(url("01/13", "old-lead"));
    assert.equal(lead?.social.generated, false);
    assert.ok(lead?.lead);
    // A recent one: a card of its own.
    const recent = images.get(url("03/28", "recent"));
    assert.equal(recent?.social.generated, true);
    assert.notEqual(recent?.social.url, a.social.url);
    assert.equal(recent?.social.alt, "Recent");
  });
});
