/**
 * A sharded build (issue 19): four parts built one after another and merged give, byte for byte,
 * the site a single `npm run build` makes with the same clock; the merge refuses a missing part,
 * a file in two parts and parts of another corpus, leaving _site/ as it was.
 */
import assert from "node:assert/strict";
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { before, describe, it } from "node:test";
import { parseShardSpec, readShards, type ShardManifest } from "../../src/pipeline/shard.ts";
import { photo } from "../helpers/photos.ts";
import { article, DEFAULT_CONFIG, filesUnder, makeSite, run } from "../helpers/site.ts";

// 2025-04-02 06:00 UTC: after every article below.
const CLOCK = { SOURCE_DATE_EPOCH: String(Date.UTC(2025, 3, 2, 6) / 1000), NEWSROOM_PAGE_CACHE: "off" };
const CONFIG = {
  ...DEFAULT_CONFIG,
  editions: [...DEFAULT_CONFIG.editions, { id: "rus", lang: "ru", locale: "ru", prefix: "/rus/", name: "Украинская правда" }],
  sections: [
    { id: "news", title: { uk: "Новини", en: "News", ru: "Новости" } },
    { id: "war", title: { uk: "Війна", en: "War", ru: "Война" } },
  ],
};
const TAGS = ["Ukraine", "EU", "Energy", "Kyiv"];

/** 14 articles per edition from December 2024 to March 2025 (a year's shard and month shards of search), a photo shared across months, a translation, an alias. */
async function corpus(): Promise<Record<string, string | Buffer>> {
  const files: Record<string, string | Buffer> = { "content/articles/eng/lead.jpg": await photo(640, 400) };
  const days = ["2024-12-03", "2024-12-19", "2025-01-02", "2025-01-15", "2025-01-30", "2025-02-04", "2025-02-11", "2025-02-20"];
  days.push("2025-03-01", "2025-03-05", "2025-03-12", "2025-03-20", "2025-03-27", "2025-03-31");
  for (const edition of ["uk", "eng", "rus"]) {
    for (const [i, day] of days.entries()) {
      const fields: Record<string, string> = {
        title: `${edition} story ${i + 1}`,
        date: `${day} ${String(8 + (i % 10)).padStart(2, "0")}:15`,
        tags: `[${TAGS[i % 4]}, ${TAGS[(i + 1) % 4]}]`,
        section: i % 3 ? "news" : "war",
      };
      if (i === 5) fields.translationKey = "story-6";
      if (edition === "eng" && i === 2) fields.aliases = "[/eng/old/story-3/]";
      const body = `A lead paragraph of ${edition} story ${i + 1}.\n\nMore text.\n`;
      const withPhoto = edition === "eng" && (i === 1 || i === 12);
      if (withPhoto) fields.image = "{ src: ../lead.jpg, alt: A square and a circle, credit: Test }";
      files[`content/articles/${edition}/${day.slice(0, 7)}/story-${i + 1}.md`] = article(fields, body);
    }
  }
  return files;
}

const show = (r: { code: number; stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;

describe("a sharded build and its merge", () => {
  let site: string;
  let single: Map<string, Buffer>;

  before(async () => {
    site = makeSite(await corpus(), { config: CONFIG });
    const built = run(site, "build", CLOCK, ["--output", "single"]);
    assert.equal(built.code, 0, show(built));
    single = filesUnder(path.join(site, "single"));
    for (let k = 1; k <= 4; k++) {
      const part = run(site, "build", CLOCK, ["--shard", `${k}/4`]);
      assert.equal(part.code, 0, show(part));
      assert.match(part.stdout, new RegExp(`Built part ${k}/4: \\d+ pages into _shards/${k}-of-4`));
    }
  });

  it("splits the work: every part renders article pages, and no file is in two parts", () => {
    const manifests = readShards(path.join(site, "_shards"));
    assert.equal(manifests.length, 4);
    const seen = new Set<string>();
    for (const m of manifests) {
      const files = Object.keys(m.files);
      assert.ok(
        files.filter((f) => /(?:^|\/)news\/\d{4}\/\d\d\/\d\d\/[^/]+\/index\.html$/.test(f)).length >= 5,
        `part ${m.shard.index}: ${files.length} files`,
      );
      for (const f of files) {
        assert.ok(!seen.has(f), f);
        seen.add(f);
      }
    }
    // Lists, feeds and sitemaps need the whole archive: the merge renders them.
    assert.ok(!seen.has("sitemap.xml") && !seen.has("eng/feed.xml") && !seen.has("eng/index.html"));
    assert.ok([...seen].some((f) => f.startsWith("pagefind/eng-")) && [...seen].some((f) => f.startsWith("images/")));
  });

  it("merges into the site a single build makes, byte for byte", () => {
    const merged = run(site, "merge", CLOCK);
    assert.equal(merged.code, 0, show(merged));
    assert.match(merged.stdout, /Merged \d+ files from _shards and \d+ pages rendered here: 42 articles into /);
    const files = filesUnder(path.join(site, "_site"));
    assert.deepEqual([...files.keys()].sort(), [...single.keys()].sort());
    const differing = [...files].filter(([file, bytes]) => !bytes.equals(single.get(file) as Buffer)).map(([file]) => file);
    assert.deepEqual(differing, []);
    assert.ok(files.has("pagefind/pagefind.js") && files.has("eng/old/story-3/index.html"));
  });

  describe("refuses parts that do not make one site, leaving _site/ as it was", () => {
    const siteFile = () => readFileSync(path.join(site, "_site/eng/index.html"));
    const refused = (args: string[], message: RegExp) => {
      const before = siteFile();
      const merged = run(site, "merge", CLOCK, args);
      assert.equal(merged.code, 1, show(merged));
      assert.match(merged.stderr, message);
      assert.ok(siteFile().equals(before));
      assert.ok(!merged.stdout.includes("Merged"));
    };
    const copyParts = (name: string) => {
      const dir = path.join(site, name);
      rmSync(dir, { recursive: true, force: true });
      cpSync(path.join(site, "_shards"), dir, { recursive: true });
      return dir;
    };

    it("a missing part", () => {
      const dir = copyParts("missing");
      rmSync(path.join(dir, "3-of-4"), { recursive: true });
      refused(
        ["--shards", "missing"],
        /^merge: expected 4 parts in .*missing\/, received 3: part 3\/4 \(3-of-4\/\) is missing; build it with npm run build -- --shard 3\/4$/m,
      );
    });

    it("a part that did not finish (no manifest)", () => {
      const dir = copyParts("unfinished");
      rmSync(path.join(dir, "2-of-4", "shard.json"));
      refused(["--shards", "unfinished"], /merge: .*2-of-4\/shard\.json: expected the manifest of a finished part, received no such file/);
    });

    it("a file in two parts", () => {
      const dir = copyParts("duplicate");
      const one = JSON.parse(readFileSync(path.join(dir, "1-of-4/shard.json"), "utf8")) as ShardManifest;
      const two = JSON.parse(readFileSync(path.join(dir, "2-of-4/shard.json"), "utf8")) as ShardManifest;
      const file = Object.keys(one.files)[0] as string;
      two.files[file] = one.files[file] as ShardManifest["files"][string];
      writeFileSync(path.join(dir, "2-of-4/shard.json"), JSON.stringify(two));
      refused(["--shards", "duplicate"], new RegExp(`^merge: expected each file in one part, received ${file} in both 1-of-4 and 2-of-4$`, "m"));
    });

    it("a file changed after its part was built", () => {
      const dir = copyParts("tampered");
      const one = JSON.parse(readFileSync(path.join(dir, "1-of-4/shard.json"), "utf8")) as ShardManifest;
      const file = Object.keys(one.files).find((f) => f.endsWith(".html")) as string;
      writeFileSync(path.join(dir, "1-of-4", file), "<!doctype html>changed");
      refused(
        ["--shards", "tampered"],
        /merge: .*1-of-4\/.*index\.html: expected the file its part's manifest lists \(\d+ bytes\), received 22 bytes with another hash; download the part again/,
      );
    });

    it("parts of two corpora, and parts of another corpus than the checkout's", () => {
      copyParts("mixed");
      const story = path.join(site, "content/articles/uk/2025-03/story-14.md");
      const original = readFileSync(story, "utf8");
      writeFileSync(story, original.replace("More text.", "More text, edited."));
      try {
        const part = run(site, "build", CLOCK, ["--shard", "4/4", "--output", "mixed/4-of-4"]);
        assert.equal(part.code, 0, show(part));
        refused(
          ["--shards", "mixed"],
          /^merge: expected parts built from one content \(content\/\), received 1-of-4 with [0-9a-f]{64} and 4-of-4 with [0-9a-f]{64}; build every part again from the same commit$/m,
        );
        refused(
          [],
          /^merge: expected parts built from this checkout's content \(content\/\) \([0-9a-f]{64}\), received parts built from [0-9a-f]{64}; build them again from this commit$/m,
        );
      } finally {
        writeFileSync(story, original);
      }
    });

    it("parts built with another clock", () => {
      const merged = run(site, "merge", { ...CLOCK, SOURCE_DATE_EPOCH: String(Number(CLOCK.SOURCE_DATE_EPOCH) + 60) });
      assert.equal(merged.code, 1);
      assert.match(
        merged.stderr,
        /merge: expected parts built from this checkout's build clock \(SOURCE_DATE_EPOCH\) \(2025-04-02T06:01:00\.000Z\), received parts built from 2025-04-02T06:00:00\.000Z; build them again from this commit with the same SOURCE_DATE_EPOCH/,
      );
    });

    it("no parts at all", () =>
      refused(
        ["--shards", "nowhere"],
        /^merge: expected the parts of a sharded build in .*nowhere\/, received no such folder; run npm run build -- --shard K\/N for each K first$/m,
      ));
  });

  it("reads K/N and refuses anything else", () => {
    assert.deepEqual(parseShardSpec("2/4"), { index: 2, count: 4 });
    for (const bad of ["0/4", "5/4", "2", "a/b", "2/0"])
      assert.throws(() => parseShardSpec(bad), new RegExp(`^ShardError: --shard ${bad}: expected K/N with 1 ≤ K ≤ N, such as 2/4`));
  });
});
