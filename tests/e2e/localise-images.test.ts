/**
 * `npm run images:localise` (issue 18) against a local HTTP server on 127.0.0.1 that this test
 * starts (never the internet): remote body images downloaded next to their article, the Markdown
 * rewritten, a persistent cache, a timeout; a host that does not answer, a 404 and a file that is
 * no image are reported and their references left as they were.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { photo } from "../helpers/photos.ts";
import { article, makeSite, PROJECT, read, run } from "../helpers/site.ts";

const CLOCK = { SOURCE_DATE_EPOCH: "1743074100" };
const DIR = "content/articles/eng/2025/03";

/** The script run without blocking this process, which serves the images. */
function localise(dir: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      path.join(PROJECT, "node_modules/.bin/tsx"),
      [path.join(PROJECT, "scripts/localise-images.ts"), ...args],
      { cwd: dir, env: { ...process.env, NO_COLOR: "1" }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("npm run images:localise", () => {
  let server: Server;
  let slow: Server;
  let base = "";
  let slowBase = "";
  const requests: string[] = [];
  before(async () => {
    const wide = await photo(1600, 900);
    const other = await photo(1400, 800, "#222222");
    server = createServer((req, res) => {
      requests.push(req.url ?? "");
      if (req.url === "/uploads/Night%20Street.JPG") res.end(wide);
      else if (req.url === "/uploads/candles.jpeg") res.end(other);
      else if (req.url === "/uploads/page.jpg") res.end("<html>not an image</html>");
      else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // A second host (another port) that takes requests and never answers: the timeout.
    slow = createServer((req) => {
      requests.push(req.url ?? "");
    });
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    slowBase = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
  });
  after(() => {
    for (const s of [server, slow]) {
      s.closeAllConnections();
      s.close();
    }
  });

  it("downloads remote images next to the article, rewrites the Markdown, reports what it could not, and uses its cache", async () => {
    const good = `${DIR}/good.md`;
    const mixed = `${DIR}/mixed.md`;
    const dir = makeSite({
      [good]: article(
        {},
        `A lead.\n\n![A dark street](${base}/uploads/Night%20Street.JPG "Khreshchatyk")\n\nText ![Candles](${base}/uploads/candles.jpeg).\n`,
      ),
      [mixed]: article(
        { title: "Mixed" },
        `Lead.\n\n![Same street](${base}/uploads/Night%20Street.JPG)\n\n![Gone](${base}/uploads/gone.jpg)\n\n![A page](${base}/uploads/page.jpg)\n\n![Slow](${slowBase}/slow/never.jpg)\n\n![Slow again](${slowBase}/slow/never.jpg)\n`,
      ),
    });
    const first = await localise(dir, ["--timeout", "1"]);
    assert.equal(first.code, 1, "something was left as it was");
    assert.equal(first.stderr, "");
    const out = first.stdout;
    assert.match(out, /^images:localise: 2 articles read; 2 images downloaded, 0 from \.cache\/remote-images\/$/m);
    assert.match(out, new RegExp(`^  ${DIR}/night-street\\.jpg$`, "m"));
    assert.match(out, new RegExp(`^  ${DIR}/candles\\.jpg$`, "m"));
    assert.match(out, /^host 127\.0\.0\.1:\d+ did not answer \(no answer within 1 s\): 2 images left as they were$/m);
    assert.match(out, new RegExp(`^  ${mixed}:11  ${base}/uploads/gone\\.jpg: the server answered 404 Not Found$`, "m"));
    assert.match(out, new RegExp(`^  ${mixed}:13  ${base}/uploads/page\\.jpg: not an image \\(the server sent something sharp cannot read\\)$`, "m"));

    assert.equal(read(dir, good), article({}, 'A lead.\n\n![A dark street](./night-street.jpg "Khreshchatyk")\n\nText ![Candles](./candles.jpg).\n'));
    const rewritten = read(dir, mixed);
    assert.match(rewritten, /^!\[Same street\]\(\.\/night-street\.jpg\)$/m, "one download for both articles");
    for (const left of ["/uploads/gone.jpg", "/uploads/page.jpg", "/slow/never.jpg"]) assert.ok(rewritten.includes(left), left);
    assert.equal(requests.filter((r) => r === "/uploads/Night%20Street.JPG").length, 1);
    assert.equal(requests.filter((r) => r === "/slow/never.jpg").length, 1, "a host that did not answer is not asked again");

    // The good article now passes npm run check: its photos are local files.
    const check = run(dir, "check", CLOCK, []);
    const goodErrors = check.stderr.split("\n").filter((l) => l.startsWith(good));
    assert.deepEqual(goodErrors, []);

    // A second run of the mixed article asks only for what failed; a new article with a known image reads it from the cache.
    const before = requests.length;
    const again = await localise(dir, [mixed, "--timeout", "1"]);
    assert.match(again.stdout, /^images:localise: 1 article read; 0 images downloaded, 0 from \.cache\/remote-images\/$/m);
    assert.deepEqual(requests.slice(before).sort(), ["/slow/never.jpg", "/uploads/gone.jpg", "/uploads/page.jpg"]);
    // A remote lead photo (image.src) too: its width and height go, as a local photo is measured from its file.
    const leadFile = `${DIR}/lead.md`;
    const leadFields = {
      title: "Lead",
      image: `\n  src: "${base}/uploads/candles.jpeg"\n  alt: Candles\n  width: 1400\n  credit: Archive\n  height: 800`,
    };
    writeFileSync(path.join(dir, leadFile), article(leadFields, "Lead.\n"), { flag: "wx" });
    const lead = await localise(dir, [leadFile]);
    assert.equal(lead.code, 0, lead.stdout);
    assert.equal(read(dir, leadFile), article({ title: "Lead", image: '\n  src: "./candles.jpg"\n  alt: Candles\n  credit: Archive' }, "Lead.\n"));
    assert.deepEqual(
      run(dir, "check", CLOCK, [])
        .stderr.split("\n")
        .filter((l) => l.startsWith(leadFile)),
      [],
    );

    const later = `content/articles/eng/2025/04/later.md`;
    mkdirSync(path.join(dir, "content/articles/eng/2025/04"));
    writeFileSync(path.join(dir, later), article({ title: "Later" }, `![A dark street](${base}/uploads/Night%20Street.JPG)\n`), {
      flag: "wx",
    });
    const cached = requests.length;
    const third = await localise(dir, [later]);
    assert.equal(third.code, 0, third.stdout);
    assert.match(third.stdout, /^images:localise: 1 article read; 0 images downloaded, 1 from \.cache\/remote-images\/$/m);
    assert.equal(requests.length, cached, "no request: the cache");
    assert.match(read(dir, later), /^!\[A dark street\]\(\.\/night-street\.jpg\)$/m);
    assert.ok(readFileSync(path.join(dir, "content/articles/eng/2025/04/night-street.jpg")).length > 0);
  });
});
