/**
 * `npm run deploy -- --to s3:bucket/prefix` against a real S3 server started here (s3rver, an S3
 * implementation over HTTP storing objects on disk), through rclone (Debian's `rclone`; .ci/run
 * installs it): the first deploy uploads every file, the next one uploads only what a changed
 * article changed, and a removed article's files are deleted; each object is stored with its
 * Content-Type and Cache-Control. What was uploaded is what the server says it received.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, describe, it } from "node:test";
import { promisify } from "node:util";
import S3rver from "s3rver";
import { objectHeaders } from "../../src/deploy/headers.ts";
import { photo } from "../helpers/photos.ts";
import { article, filesUnder, makeSite, PROJECT, run, tempDir } from "../helpers/site.ts";

const CLOCK = { SOURCE_DATE_EPOCH: String(Date.UTC(2025, 3, 1) / 1000) };
const BUCKET = "news-site";

describe("deploying to S3-compatible storage", () => {
  const site = makeSite({});
  const storage = tempDir("newsroom-s3-");
  const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: storage, configureBuckets: [{ name: BUCKET, configs: [] }] });
  let endpoint = "";
  /**
   * Keys the server received (PUT) since the last `take()`, each once: rclone retries a transfer that met an
   * error (its `--retries`, a whole `copy` again), so on a loaded machine a file can arrive twice; what the
   * deploy uploads is which files, not how many attempts the transport made.
   */
  let put: string[] = [];
  const take = () => {
    const got = [...new Set(put)].sort();
    put = [];
    return got;
  };
  /** What the bucket holds under the prefix, as the server lists it. */
  const stored = async () => {
    const listing = await (await fetch(`${endpoint}/${BUCKET}?list-type=2&prefix=www/`)).text();
    return [...listing.matchAll(/<Key>([^<]+)<\/Key>/g)].map((m) => m[1] as string).sort();
  };

  const build = () => {
    const built = run(site, "build", CLOCK);
    assert.equal(built.code, 0, built.stderr);
    return filesUnder(path.join(site, "_site"));
  };
  const deploy = async (args: string[], env: NodeJS.ProcessEnv = {}) => {
    try {
      const { stdout, stderr } = await promisify(execFile)(
        path.join(PROJECT, "node_modules/.bin/tsx"),
        [path.join(PROJECT, "scripts/deploy.ts"), ...args],
        {
          cwd: site,
          env: { ...process.env, S3_ENDPOINT: endpoint, AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER", ...env },
        },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  /** The site's files as the bucket should hold them: `_headers` and `_redirects` are for Netlify and Cloudflare Pages. */
  const published = (files: Map<string, Buffer>) => [...files.keys()].filter((f) => f !== "_headers" && f !== "_redirects").sort();
  const keys = (files: readonly string[]) => files.map((f) => `www/${f}`).sort();

  let first: Map<string, Buffer>;

  before(async () => {
    mkdirSync(path.join(site, "content/articles/eng"), { recursive: true });
    writeFileSync(path.join(site, "content/articles/eng/lead.jpg"), await photo(800, 500));
    const write = (slug: string, fields: Record<string, string>, body: string) => {
      const file = path.join(site, `content/articles/eng/${slug}.md`);
      writeFileSync(file, article(fields, body));
    };
    write("one", { title: "One", image: "{ src: ./lead.jpg, alt: Shapes, credit: Test }" }, "First lead.\n\nFirst body.\n");
    write("two", { title: "Two", date: "2025-03-28 10:00", tags: "[Energy]" }, "Second lead.\n\nSecond body.\n");
    write("three", { title: "Three", date: "2025-03-29 10:00", tags: "[Kyiv]" }, "Third lead.\n\nThird body.\n");
    first = build();
    const { port } = (await server.run()) as { port: number };
    endpoint = `http://127.0.0.1:${port}`;
    server.on("event", (event: { Records: { eventName: string; s3: { object: { key: string } } }[] }) => {
      for (const r of event.Records) if (r.eventName.startsWith("ObjectCreated")) put.push(r.s3.object.key);
    });
  });

  after(async () => {
    await server.close();
    rmSync(storage, { recursive: true, force: true });
  });

  it("uploads every file the first time, with its Content-Type and Cache-Control", async () => {
    const result = await deploy(["--to", `s3:${BUCKET}/www`]);
    assert.equal(result.code, 0, result.stderr);
    const files = published(first);
    assert.match(
      result.stdout,
      new RegExp(
        `^deployed _site to s3:${BUCKET}/www: ${files.length} uploaded, 0 deleted, 0 unchanged \\(no earlier deploy in the bucket: every file uploaded, nothing deleted\\)`,
        "m",
      ),
    );
    // The sitemap index goes live after the parts it names and the pages they list.
    const order = [...put];
    const at = (key: string) => order.indexOf(key);
    assert.ok(files.some((f) => f.startsWith("sitemaps/")));
    for (const f of files.filter((f) => f.startsWith("sitemaps/") || f.endsWith(".html")))
      assert.ok(at(`www/${f}`) < at("www/sitemap.xml"), `www/${f} after the sitemap index`);
    assert.deepEqual(take(), [...keys(files), "www/.newsroom-deploy.json"].sort());
    assert.deepEqual(await stored(), [...keys(files), "www/.newsroom-deploy.json"].sort());
    const css = files.find((f) => /^assets\/site\.[0-9a-f]+\.css$/.test(f)) as string;
    const image = files.find((f) => f.startsWith("images/") && f.endsWith(".webp")) as string;
    const expected: [string, string, string][] = [
      ["eng/news/2025/03/27/one/index.html", "text/html; charset=utf-8", "public, max-age=60"],
      ["eng/feed.xml", "application/atom+xml", "public, max-age=60"],
      ["eng/feed.json", "application/feed+json", "public, max-age=60"],
      ["sitemap.xml", "application/xml", "public, max-age=60"],
      ["sitemaps/2025-03.xml", "application/xml", "public, max-age=60"],
      [css, "text/css; charset=utf-8", "public, max-age=31536000, immutable"],
      [image, "image/webp", "public, max-age=31536000, immutable"],
      ["assets/logo.png", "image/png", "public, max-age=3600"],
    ];
    for (const [file, type, cache] of expected) {
      const response = await fetch(`${endpoint}/${BUCKET}/www/${file}`);
      assert.equal(response.status, 200, file);
      assert.equal(response.headers.get("content-type"), type, file);
      assert.equal(response.headers.get("cache-control"), cache, file);
      assert.ok(Buffer.from(await response.arrayBuffer()).equals(first.get(file) as Buffer), file);
    }
    assert.equal((await fetch(`${endpoint}/${BUCKET}/www/_redirects`)).status, 404);
  });

  it("uploads nothing when nothing changed", async () => {
    const result = await deploy(["--to", `s3:${BUCKET}/www`]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`: 0 uploaded, 0 deleted, ${published(first).length} unchanged in `));
    assert.deepEqual(take(), ["www/.newsroom-deploy.json"]);
  });

  it("uploads only the files an edited article changed", async () => {
    writeFileSync(
      path.join(site, "content/articles/eng/two.md"),
      article({ title: "Two", date: "2025-03-28 10:00", tags: "[Energy]" }, "Second lead.\n\nSecond body, corrected.\n"),
    );
    const second = build();
    const changed = published(second).filter((f) => !first.get(f)?.equals(second.get(f) as Buffer));
    assert.ok(changed.includes("eng/news/2025/03/28/two/index.html") && changed.length < published(second).length / 4, changed.join(", "));
    // The search index's chunks are named by their content: the edited ones are new files, the old ones go.
    const gone = published(first).filter((f) => !second.has(f));
    assert.ok(gone.every((f) => f.startsWith("pagefind/")) && changed.some((f) => f.startsWith("pagefind/")), gone.join(", "));
    const result = await deploy(["--to", `s3:${BUCKET}/www`]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(
      result.stdout,
      new RegExp(`: ${changed.length} uploaded, ${gone.length} deleted, ${published(second).length - changed.length} unchanged in `),
    );
    assert.deepEqual(take(), [...keys(changed), "www/.newsroom-deploy.json"].sort());
    assert.deepEqual(await stored(), [...keys(published(second)), "www/.newsroom-deploy.json"].sort());
    first = second;
  });

  it("deletes a removed article's files", async () => {
    rmSync(path.join(site, "content/articles/eng/three.md"));
    const third = build();
    const removed = published(first).filter((f) => !third.has(f));
    assert.ok(removed.includes("eng/news/2025/03/29/three/index.html"), removed.join(", "));
    const result = await deploy(["--to", `s3:${BUCKET}/www`]);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`: \\d+ uploaded, ${removed.length} deleted, `));
    const changed = published(third).filter((f) => !first.get(f)?.equals(third.get(f) as Buffer));
    assert.deepEqual(take(), [...keys(changed), "www/.newsroom-deploy.json"].sort());
    assert.deepEqual(await stored(), [...keys(published(third)), "www/.newsroom-deploy.json"].sort());
  });

  it("refuses a target that is not s3:bucket/prefix, and says when rclone is missing", async () => {
    const bad = await deploy(["--to", "s3://news-site"]);
    assert.equal(bad.code, 1);
    assert.equal(
      bad.stderr.trim(),
      "--to s3://news-site: expected s3:bucket or s3:bucket/prefix (a bucket name of lowercase letters, digits, dots and hyphens), such as s3:news-site/www",
    );
    const none = await deploy([]);
    assert.equal(none.stderr.trim(), "deploy: expected --to s3:bucket/prefix (or DEPLOY_TARGET), received neither");
    // A PATH with node alone (it may share a folder with rclone).
    const bin = tempDir("newsroom-bin-");
    symlinkSync(process.execPath, path.join(bin, "node"));
    const missing = await deploy(["--to", `s3:${BUCKET}/www`], { PATH: bin });
    assert.equal(missing.code, 1);
    assert.equal(
      missing.stderr.trim(),
      "deploy: expected rclone on the PATH (Debian and Ubuntu: apt-get install rclone; rclone.org/install), received none",
    );
  });

  it("stores each kind of file with its headers", () => {
    assert.deepEqual(objectHeaders("pagefind/eng-2025-03/fragment/en_102c7df.pf_fragment"), {
      contentType: "application/octet-stream",
      cacheControl: "public, max-age=31536000, immutable",
    });
    assert.deepEqual(objectHeaders("pagefind/eng-2025-03/pagefind-entry.json"), {
      contentType: "application/json",
      cacheControl: "public, max-age=60",
    });
    assert.deepEqual(objectHeaders("pagefind/pagefind.js"), { contentType: "text/javascript; charset=utf-8", cacheControl: "public, max-age=3600" });
    assert.deepEqual(objectHeaders("eng/rss.xml"), { contentType: "application/rss+xml", cacheControl: "public, max-age=60" });
    assert.deepEqual(objectHeaders("robots.txt"), { contentType: "text/plain; charset=utf-8", cacheControl: "public, max-age=60" });
    assert.deepEqual(objectHeaders("news/story.html"), { contentType: "text/html; charset=utf-8", cacheControl: "public, max-age=60" });
  });
});
