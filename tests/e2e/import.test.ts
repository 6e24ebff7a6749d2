/**
 * `npm run import` (issue 18): a WordPress export, an RSS 2.0 and an Atom feed of our own
 * (tests/fixtures/) become articles and authors that `npm run check` accepts and `npm run build`
 * publishes; a second run overwrites nothing; the report says what was imported, skipped and why.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { describe, it } from "node:test";
import { photo } from "../helpers/photos.ts";
import { DEFAULT_CONFIG, makeSite, PROJECT, read, run } from "../helpers/site.ts";

// 2024-12-01 00:00 UTC: after every fixture's date.
const CLOCK = { SOURCE_DATE_EPOCH: String(Date.UTC(2024, 11, 1) / 1000) };
const FIXTURES = path.join(PROJECT, "tests/fixtures");

function siteWith(...fixtures: string[]): string {
  const dir = makeSite({});
  for (const f of fixtures) copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
  return dir;
}

function imported(dir: string, args: string[]): string {
  const result = run(dir, "import", CLOCK, args);
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, "");
  return result.stdout;
}

function articlesUnder(dir: string): string[] {
  if (!existsSync(path.join(dir, "content/articles"))) return [];
  return (readdirSync(path.join(dir, "content/articles"), { recursive: true }) as string[])
    .filter((f) => f.endsWith(".md"))
    .map((f) => `content/articles/${f}`)
    .sort();
}

const WXR_FILES = [
  "content/articles/eng/2023/07/zustrich-u-kyievi.md",
  "content/articles/eng/2023/10/clocks-go-back.md",
  "content/articles/eng/2023/11/missile-strike-power-plant.md",
  "content/articles/eng/2023/11/photos-after-blackout.md",
  "content/articles/eng/2023/12/draft-winter-timetable.md",
  "content/articles/eng/2023/12/metro-on-time.md",
];

describe("npm run import: a WordPress export", () => {
  const dir = siteWith("wordpress.xml");
  const report = imported(dir, ["wordpress.xml", "--edition", "eng"]);

  it("writes every post, draft and brief as an article, with authors, and reports pages, records and attachments", () => {
    assert.deepEqual(articlesUnder(dir), WXR_FILES);
    assert.match(report, /^wordpress\.xml: WordPress export \(WXR 1\.2\), into the eng edition$/m);
    assert.match(report, /^imported: 6 articles$/m);
    assert.match(report, /^ {2}content\/articles\/eng\/2023\/12\/draft-winter-timetable\.md {2}\(draft\)$/m);
    assert.match(report, /^ {2}content\/articles\/eng\/2023\/12\/metro-on-time\.md {2}\(brief\)$/m);
    for (const author of ["jane-doe", "news-desk", "olena-kovalenko"]) assert.match(report, new RegExp(`^  content/authors/${author}\\.yaml$`, "m"));
    assert.equal(read(dir, "content/authors/olena-kovalenko.yaml"), 'name: "Олена Коваленко"\n');
    assert.match(report, /^ {2}skipped: page \(a static page of the old site; this site has no static pages.*"About us"$/m);
    assert.match(report, /^ {2}skipped: in WordPress's trash {2}"Old rumour"$/m);
    assert.match(report, /^ {2}skipped: WordPress's own records, not content {2}1 nav_menu_item record$/m);
    assert.match(report, /^attachments \(media files of the export, not downloaded\): 3$/m);
    assert.match(
      report,
      /^ {2}https:\/\/old\.kyivdaily\.example\/wp-content\/uploads\/2023\/11\/plant\.jpg {2}\(of "Missile strike on Kyiv’s power plant"\)$/m,
    );
    // Remote images are kept as images, their hosts listed for remoteImages.hosts.
    assert.match(report, /^remote images: 2 hosts; list them under remoteImages\.hosts in content\/site\.config\.ts/m);
    assert.match(report, /^ {2}old\.kyivdaily\.example {2}\(3 images in 2 articles\)$/m);
    assert.match(report, /^ {2}s3\.amazonaws\.com {2}\(1 image in 1 article\)$/m);
  });

  it("converts dates to Kyiv time, categories to tags and a section, HTML and shortcodes to Markdown", () => {
    const strike = read(dir, "content/articles/eng/2023/11/missile-strike-power-plant.md");
    assert.match(strike, /^date: 2023-11-28 09:30$/m, "07:30 UTC is 09:30 in Kyiv in winter");
    assert.match(strike, /^authors: \["jane-doe"\]$/m);
    assert.match(strike, /^tags: \["War", "Energy", "Kyiv"\]$/m);
    assert.match(strike, /^section: war$/m);
    assert.match(strike, /^summary: "Missiles hit a Kyiv power plant overnight\."$/m);
    assert.match(strike, /^aliases: \["\/2023\/11\/28\/missile-strike-power-plant\/"\]$/m);
    // [caption]: the full-size file the thumbnail linked to, the alt text, the caption as the title.
    assert.match(
      strike,
      /^!\[The damaged turbine hall\]\(https:\/\/old\.kyivdaily\.example\/wp-content\/uploads\/2023\/11\/plant\.jpg "The turbine hall after the strike"\)$/m,
    );
    assert.match(strike, /^\[Mayor's address\]\(https:\/\/www\.youtube\.com\/embed\/abc123\)$/m, "an iframe becomes a plain link");
    assert.match(
      strike,
      /\[the blackout schedule\]\(https:\/\/old\.kyivdaily\.example\/2023\/11\/20\/blackout-schedule\/\)/,
      "relative links made absolute",
    );
    assert.match(strike, /officials said\. {2}\nRepairs started/, "a single line break is a line break, as in WordPress");
    assert.ok(!strike.includes(String.fromCharCode(7)), "the bell character is removed");
    assert.match(report, /missile-strike-power-plant\.md: removed U\+0007 \(the bell character\)$/m);
    assert.match(report, /missile-strike-power-plant\.md: 1 comment not imported$/m);

    const photos = read(dir, "content/articles/eng/2023/11/photos-after-blackout.md");
    // [gallery ids="102,103"]: each attachment with its alt text (or caption) and caption.
    assert.match(
      photos,
      /^!\[A dark Khreshchatyk street\]\(https:\/\/old\.kyivdaily\.example\/wp-content\/uploads\/2023\/11\/street-1\.jpg "Khreshchatyk without street lights"\)$/m,
    );
    assert.match(
      photos,
      /^!\[Candles in a café\]\(https:\/\/old\.kyivdaily\.example\/wp-content\/uploads\/2023\/11\/street-2\.jpg "Candles in a café"\)$/m,
    );
    assert.match(
      photos,
      /^\[https:\/\/twitter\.com\/kyivdaily\/status\/1\]\(https:\/\/twitter\.com\/kyivdaily\/status\/1\)$/m,
      "[embed] becomes a link",
    );
    assert.match(photos, /^\[Video: https:\/\/old\.kyivdaily\.example\/wp-content\/uploads\/2023\/11\/street\.mp4\]\(/m, "[video] becomes a link");
    const tags = JSON.parse(/^tags: (.*)$/m.exec(photos)?.[1] ?? "[]") as string[];
    assert.equal(tags.length, 30);
    assert.equal(tags[29], "Topic 30");
    assert.match(report, /photos-after-blackout\.md: 32 tags, at most 30 allowed: kept the first 30, left out Topic 31, Topic 32$/m);

    const ukrainian = read(dir, "content/articles/eng/2023/07/zustrich-u-kyievi.md");
    assert.match(ukrainian, /^title: "Зустріч у Києві: мери говорили про світло"$/m);
    assert.match(ukrainian, /^date: 2023-07-15 12:05$/m, "09:05 UTC is 12:05 in Kyiv in summer");
    assert.match(ukrainian, /^section: news$/m, "the category Новини is the news section by its Ukrainian title");
    assert.match(ukrainian, /обговорити «енергетичну зиму»\./);
    // The old percent-encoded WordPress address is kept as it was: its redirect page is built below.
    assert.match(ukrainian, /^aliases: \["\/2023\/07\/15\/%d0%b7%d1%83%d1%81%d1%82%d1%80%d1%96%d1%87-%d1%83-%d0%ba%d0%b8%d1%94%d0%b2%d1%96\/"\]$/m);

    // 00:30 UTC on 29 October 2023 is the first 03:30 in Kyiv: written with its offset.
    assert.match(read(dir, "content/articles/eng/2023/10/clocks-go-back.md"), /^date: 2023-10-29T03:30:00\+03:00$/m);

    const draft = read(dir, "content/articles/eng/2023/12/draft-winter-timetable.md");
    assert.match(draft, /^draft: true$/m);
    assert.match(draft, /^tags: \["Uncategorized"\]$/m);
    assert.doesNotMatch(draft, /^aliases:/m, "a ?p= address is no alias");

    const brief = read(dir, "content/articles/eng/2023/12/metro-on-time.md");
    assert.match(brief, /^summary: "The Kyiv metro ran on time all day despite the outages\."$/m);
    assert.ok(brief.endsWith("\n---\n"), "a brief has no text");
  });

  it("imports nothing twice: a second run reports every article as skipped: exists and overwrites nothing", () => {
    const before = WXR_FILES.map((f) => read(dir, f));
    writeFileSync(path.join(dir, WXR_FILES[0] as string), "edited by hand\n");
    const again = imported(dir, ["wordpress.xml", "--edition", "eng"]);
    assert.match(again, /^imported: 0 articles$/m);
    for (const file of WXR_FILES) assert.match(again, new RegExp(`^  skipped: exists  .*\\(${file.replace(/\./g, "\\.")}\\)$`, "m"));
    assert.doesNotMatch(again, /author file/);
    assert.equal(read(dir, WXR_FILES[0] as string), "edited by hand\n");
    writeFileSync(path.join(dir, WXR_FILES[0] as string), before[0] as string);
    WXR_FILES.slice(1).forEach((f, i) => {
      assert.equal(read(dir, f), before[i + 1]);
    });
  });

  it("writes articles npm run check accepts once the image hosts it reported are listed, and npm run build publishes", () => {
    const check = run(dir, "check", CLOCK);
    assert.equal(check.code, 1);
    const errors = check.stderr.trim().split("\n").slice(0, -1);
    // Remote images are refused until their hosts are allowed: those, and only those, each saying how.
    assert.equal(errors.length, 4, check.stderr);
    for (const line of errors)
      assert.match(
        line,
        / {2}body: expected an image next to the article or on a host listed in remoteImages\.hosts of content\/site\.config\.ts \(none are\), received "https:\/\/(old\.kyivdaily\.example|s3\.amazonaws\.com)\/[^"]+" on the host "\1": add "\1" to remoteImages\.hosts/,
      );
    // With the hosts the report listed in the config, every article is accepted and published, its images shown from there.
    const config = { ...DEFAULT_CONFIG, remoteImages: { hosts: ["old.kyivdaily.example", "s3.amazonaws.com"] } };
    writeFileSync(path.join(dir, "content/site.config.ts"), `export default ${JSON.stringify(config)};\n`);
    const clean = run(dir, "check", CLOCK);
    assert.equal(clean.code, 0, clean.stderr);
    const build = run(dir, "build", { ...CLOCK, NEWSROOM_PAGE_CACHE: "off" });
    assert.equal(build.code, 0, build.stderr);
    for (const url of [
      "eng/news/2023/11/28/missile-strike-power-plant/index.html",
      "eng/news/2023/11/29/photos-after-blackout/index.html",
      "eng/news/2023/07/15/zustrich-u-kyievi/index.html",
      "eng/news/2023/10/29/clocks-go-back/index.html",
      "eng/news/2023/12/01/metro-on-time/index.html",
      "2023/11/28/missile-strike-power-plant/index.html",
      "2023/07/15/зустріч-у-києві/index.html",
    ]) {
      assert.ok(readFileSync(path.join(dir, "_site", url), "utf8").length > 0, url);
    }
    assert.throws(() => readFileSync(path.join(dir, "_site/eng/news/2023/12/01/draft-winter-timetable/index.html")), "drafts are not published");
    assert.match(
      read(dir, "_site/eng/news/2023/11/28/missile-strike-power-plant/index.html"),
      /<img src="https:\/\/old\.kyivdaily\.example\/wp-content\/uploads\/2023\/11\/plant\.jpg" alt="The damaged turbine hall" loading="lazy" decoding="async">/,
    );
    // The gallery's photos, from the old site, and an image the post had on S3.
    assert.deepEqual(
      [...read(dir, "_site/eng/news/2023/11/29/photos-after-blackout/index.html").matchAll(/<img src="(https:[^"]+)"/g)].map((m) => m[1]),
      [
        "https://old.kyivdaily.example/wp-content/uploads/2023/11/street-1.jpg",
        "https://old.kyivdaily.example/wp-content/uploads/2023/11/street-2.jpg",
        "https://s3.amazonaws.com/kyivdaily-archive/night.jpg",
      ],
    );
    // The brief's page shows its summary as the lead; the feeds and search carry it.
    const briefPage = read(dir, "_site/eng/news/2023/12/01/metro-on-time/index.html");
    assert.match(briefPage, /<div class="lead"><p>The Kyiv metro ran on time all day despite the outages\.<\/p><\/div>/);
    assert.match(read(dir, "_site/eng/rss.xml"), /<description>The Kyiv metro ran on time all day despite the outages\.<\/description>/);
    assert.match(read(dir, "_site/eng/feed.xml"), /<summary[^>]*>The Kyiv metro ran on time all day despite the outages\.<\/summary>/);
  });
});

describe("npm run import, then npm run images:localise: a whole WordPress site to a built one", () => {
  it("publishes every post with its photos once the images are downloaded (from a local server standing in for the old site)", async () => {
    const jpeg = await photo(1600, 900);
    const server = createServer((req, res) => {
      if (req.url?.endsWith(".jpg")) res.end(jpeg);
      else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const dir = makeSite({});
      const wxr = readFileSync(path.join(FIXTURES, "wordpress.xml"), "utf8")
        .replaceAll("https://old.kyivdaily.example/wp-content/", `${base}/wp-content/`)
        .replaceAll("https://s3.amazonaws.com/", `${base}/s3/`);
      writeFileSync(path.join(dir, "wordpress.xml"), wxr);
      imported(dir, ["wordpress.xml", "--edition", "eng"]);
      const localised = await new Promise<string>((resolve, reject) =>
        execFile(
          path.join(PROJECT, "node_modules/.bin/tsx"),
          [path.join(PROJECT, "scripts/localise-images.ts")],
          { cwd: dir, timeout: 120_000 },
          (error, stdout, stderr) => (error ? reject(new Error(`${stdout}${stderr}`)) : resolve(stdout)),
        ),
      );
      assert.match(localised, /^images:localise: 6 articles read; 4 images downloaded, 0 from \.cache\/remote-images\/$/m);
      assert.match(
        read(dir, "content/articles/eng/2023/11/photos-after-blackout.md"),
        /^!\[A dark Khreshchatyk street\]\(\.\/street-1\.jpg "Khreshchatyk without street lights"\)$/m,
      );
      const check = run(dir, "check", CLOCK);
      assert.equal(check.code, 0, check.stderr);
      const build = run(dir, "build", { ...CLOCK, NEWSROOM_PAGE_CACHE: "off" });
      assert.equal(build.code, 0, build.stderr);
      const page = read(dir, "_site/eng/news/2023/11/29/photos-after-blackout/index.html");
      assert.match(page, /<img[^>]+alt="A dark Khreshchatyk street"/);
      assert.match(page, /Khreshchatyk without street lights/);
      assert.match(read(dir, "_site/eng/news/2023/11/28/missile-strike-power-plant/index.html"), /<img[^>]+alt="The damaged turbine hall"/);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

describe("npm run import: feeds", () => {
  it("imports an RSS 2.0 feed: entries with text, briefs with a summary, link-only briefs; the link is the source", () => {
    const dir = siteWith("feed.rss.xml");
    const report = imported(dir, ["feed.rss.xml", "--edition", "eng"]);
    assert.match(report, /^feed\.rss\.xml: RSS 2\.0 feed, into the eng edition$/m);
    assert.match(report, /^imported: 3 articles$/m);
    const full = read(dir, "content/articles/eng/2024/09/kharkiv-schools-reopen-and-classes-move-underground.md");
    assert.match(full, /^title: "Kharkiv schools reopen & classes move underground"$/m);
    assert.match(full, /^date: 2024-09-02 09:15$/m);
    assert.match(full, /^authors: \["ivan-petrenko"\]$/m);
    assert.match(full, /^tags: \["Education", "Kharkiv"\]$/m);
    assert.match(full, /^source:\n {2}name: "Regional Wire"\n {2}url: "https:\/\/wire\.example\/2024\/09\/02\/kharkiv-schools"$/m);
    assert.match(full, /opened their \*underground\* classrooms/);
    const brief = read(dir, "content/articles/eng/2024/09/odesa-port-handles-record-grain.md");
    assert.match(brief, /^summary: "The port of Odesa shipped a record amount of grain in August\."$/m);
    assert.match(brief, /^authors: \["regional-wire"\]$/m, "no author: the feed itself");
    assert.match(brief, /^tags: \["Regional Wire"\]$/m, "no category: the feed's title");
    assert.match(read(dir, "content/articles/eng/2024/09/lviv-a-link-only.md"), /^ {2}url: "https:\/\/wire\.example\/2024\/09\/04\/lviv"\n---\n$/m);
    assert.match(report, /no categories or tags: tagged "Regional Wire"/);
    const check = run(dir, "check", CLOCK);
    assert.equal(check.code, 0, check.stderr);
    const build = run(dir, "build", { ...CLOCK, NEWSROOM_PAGE_CACHE: "off" });
    assert.equal(build.code, 0, build.stderr);
    const linkOnly = read(dir, "_site/eng/news/2024/09/04/lviv-a-link-only/index.html");
    assert.match(linkOnly, /<a href="https:\/\/wire\.example\/2024\/09\/04\/lviv" rel="noopener">Regional Wire<\/a>/);
    assert.match(imported(dir, ["feed.rss.xml", "--edition", "eng"]), /^imported: 0 articles$/m);
  });

  it("imports an Atom feed into the edition of its language, with its updated time, and a --dry-run writes nothing", () => {
    const dir = siteWith("feed.atom.xml");
    const dry = imported(dir, ["feed.atom.xml", "--dry-run"]);
    assert.match(dry, /^feed\.atom\.xml: Atom feed, into the uk edition \(dry run: nothing written\)$/m);
    assert.match(dry, /^would be imported: 2 articles$/m);
    assert.deepEqual(articlesUnder(dir), []);
    const report = imported(dir, ["feed.atom.xml"]);
    assert.match(report, /^ {2}content\/authors\/mariia-hnatiuk\.yaml$/m);
    const tram = read(dir, "content/articles/uk/2024/10/tramvai-povertaiutsia-na-vulytsi-lvova.md");
    assert.match(tram, /^date: 2024-10-01 09:00$/m);
    assert.match(tram, /^updated: 2024-10-01 15:30$/m);
    assert.match(tram, /^tags: \["Транспорт"\]$/m);
    assert.match(
      tram,
      /^!\[Трамвай на площі Ринок\]\(https:\/\/visnyk\.example\/media\/tram\.jpg\)$/m,
      "a relative image made absolute against the entry",
    );
    assert.match(report, /^ {2}visnyk\.example {2}\(1 image in 1 article\)$/m);
    assert.equal(read(dir, "content/authors/mariia-hnatiuk.yaml"), 'name: "Марія Гнатюк"\nurl: "https://visnyk.example/authors/maria"\n');
    assert.match(read(dir, "content/articles/uk/2024/10/korotko-nichni-avtobusy.md"), /^authors: \["redaktsiia"\]$/m, "the feed's author");
  });

  it("gives every entry an existing author and a tag of the editor's choosing with --author and --tag", () => {
    const dir = siteWith("feed.rss.xml");
    const report = imported(dir, ["feed.rss.xml", "--edition", "eng", "--author", "ulyana-krychkovska", "--tag", "Wire"]);
    assert.doesNotMatch(report, /author file/);
    const brief = read(dir, "content/articles/eng/2024/09/odesa-port-handles-record-grain.md");
    assert.match(brief, /^authors: \["ulyana-krychkovska"\]$/m);
    assert.match(brief, /^tags: \["Wire"\]$/m);
    assert.match(
      read(dir, "content/articles/eng/2024/09/kharkiv-schools-reopen-and-classes-move-underground.md"),
      /^tags: \["Education", "Kharkiv"\]$/m,
    );
    const unknown = run(dir, "import", CLOCK, ["feed.rss.xml", "--edition", "eng", "--author", "nobody"]);
    assert.equal(unknown.code, 1);
    assert.equal(
      unknown.stderr.trim(),
      "--author nobody: expected the id of an author in content/authors/ (known: anastasia-protz, ulyana-krychkovska)",
    );
  });

  it("gives two entries of one name their own files, and a new author whose id is taken the next free id, the same on every run", () => {
    const entry = (day: string, author: string) =>
      `<item><title>Air raid alert</title><link>https://wire.example/${day}</link><pubDate>${day} Sep 2024 06:15:00 +0000</pubDate><dc:creator>${author}</dc:creator><description>Alert.</description></item>`;
    const rss = `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Wire</title><link>https://wire.example/</link>
${entry("Mon, 02", "Ulyana Krychkovska")}${entry("Tue, 03", "Ivan Petrenko")}</channel></rss>`;
    const dir = makeSite(
      { "alerts.xml": rss },
      {
        authors: {
          "content/authors/ivan-petrenko.yaml": "name: Ivan Petrenko Sr.\n",
          "content/authors/ulyana-krychkovska.yaml": "name: Ulyana Krychkovska\n",
        },
      },
    );
    const report = imported(dir, ["alerts.xml", "--edition", "eng"]);
    assert.match(report, /^ {2}content\/articles\/eng\/2024\/09\/air-raid-alert\.md {2}\(brief\)$/m);
    assert.match(report, /^ {2}content\/articles\/eng\/2024\/09\/air-raid-alert-2\.md {2}\(brief\)$/m);
    assert.match(report, /^ {2}content\/authors\/ivan-petrenko-2\.yaml$/m);
    assert.match(report, /^authors already there \(not overwritten\): content\/authors\/ulyana-krychkovska\.yaml$/m);
    assert.match(
      read(dir, "content/articles/eng/2024/09/air-raid-alert.md"),
      /^authors: \["ulyana-krychkovska"\]$/m,
      "the same name: the same author",
    );
    assert.match(read(dir, "content/articles/eng/2024/09/air-raid-alert-2.md"), /^authors: \["ivan-petrenko-2"\]$/m);
    assert.equal(read(dir, "content/authors/ivan-petrenko.yaml"), "name: Ivan Petrenko Sr.\n");
    const again = imported(dir, ["alerts.xml", "--edition", "eng"]);
    assert.match(again, /^imported: 0 articles$/m);
    assert.equal((again.match(/skipped: exists/g) ?? []).length, 2);
    assert.equal(run(dir, "check", CLOCK).code, 0);
  });

  it("reports, and does not write, an entry it cannot make valid", () => {
    const deep = `${"<blockquote>".repeat(120)}Deep${"</blockquote>".repeat(120)}`;
    const rss = `<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><link>https://wire.example/</link>
<item><title>Deep</title><link>https://wire.example/deep</link><pubDate>Mon, 02 Sep 2024 06:15:00 +0000</pubDate><description><![CDATA[${deep}]]></description></item>
<item><title>Fine</title><link>https://wire.example/fine</link><pubDate>Mon, 02 Sep 2024 07:15:00 +0000</pubDate><description>Fine.</description></item>
</channel></rss>`;
    const dir = makeSite({ "deep.xml": rss });
    const report = imported(dir, ["deep.xml", "--edition", "eng"]);
    assert.match(report, /^imported: 1 article$/m);
    assert.match(
      report,
      /^ {2}skipped: would not pass npm run check: line 10: expected lists and quotes nested at most 100 levels deep .* {2}"Deep" \(content\/articles\/eng\/2024\/09\/deep\.md\)$/m,
    );
    assert.equal(existsSync(path.join(dir, "content/articles/eng/2024/09/deep.md")), false);
  });

  it("refuses a file that is no archive, malformed XML and an unknown edition, naming the file", () => {
    const dir = makeSite({
      "notes.txt": "hello\n",
      "broken.xml": '<?xml version="1.0"?>\n<rss version="2.0">\n<channel>\n<title>x</title>\n</rss>\n',
    });
    copyFileSync(path.join(FIXTURES, "feed.rss.xml"), path.join(dir, "feed.rss.xml"));
    const none = run(dir, "import", CLOCK, ["notes.txt", "--edition", "eng"]);
    assert.equal(none.code, 1);
    assert.equal(
      none.stderr.trim(),
      "notes.txt: expected a WordPress export (WXR), an RSS 2.0 or an Atom feed, received a file that is none of them",
    );
    const broken = run(dir, "import", CLOCK, ["broken.xml", "--edition", "eng"]);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr.trim(), /^broken\.xml:5:\d+ {2}expected well-formed XML: /);
    const edition = run(dir, "import", CLOCK, ["feed.rss.xml", "--edition", "fr"]);
    assert.equal(edition.stderr.trim(), "--edition fr: expected one of: uk, eng");
    assert.equal(run(dir, "import", CLOCK, ["missing.xml"]).stderr.trim(), "missing.xml: could not be read (ENOENT)");
  });
});
