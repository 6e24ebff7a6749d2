/** Which image addresses an article may show from their hosts (`remoteImages.hosts`), and what the others are told (issue 18). */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { remoteImageProblem, remoteImageSources } from "../../src/images/remote.ts";
import { isWebAddress } from "../../src/schema/fields.ts";

const HOSTS = ["s3.amazonaws.com", "cdn.example.org"];
const LOCALISE = "or run npm run images:localise to download it next to the article";

describe("remote images", () => {
  it("accepts an https: address on a listed host, exactly", () => {
    assert.equal(remoteImageProblem("https://s3.amazonaws.com/bucket/Photo%201.jpg", HOSTS), undefined);
    assert.equal(remoteImageProblem("https://CDN.example.org/x.png?w=800", HOSTS), undefined, "host names are case-insensitive");
  });

  it("refuses any other host, naming it and how to allow it", () => {
    for (const [src, host] of [
      ["https://evil.example/x.jpg", "evil.example"],
      ["https://bucket.s3.amazonaws.com/x.jpg", "bucket.s3.amazonaws.com"],
      ["https://s3.amazonaws.com:8443/x.jpg", "s3.amazonaws.com:8443"],
    ]) {
      assert.equal(
        remoteImageProblem(src as string, HOSTS),
        `expected an image next to the article or on a host listed in remoteImages.hosts of content/site.config.ts (s3.amazonaws.com, cdn.example.org), received "${src}" on the host "${host}": add "${host}" to remoteImages.hosts to show it from there, ${LOCALISE}`,
      );
    }
    assert.match(
      remoteImageProblem("https://a.example/x.jpg", []) as string,
      /remoteImages\.hosts of content\/site\.config\.ts \(none are\), received/,
    );
  });

  it("refuses http: and scheme-relative addresses, even on a listed host, and credentials", () => {
    assert.equal(
      remoteImageProblem("http://s3.amazonaws.com/b/x.jpg", HOSTS),
      `expected an https: image address, received "http://s3.amazonaws.com/b/x.jpg" (a page served over https may not load http: images): write https://s3.amazonaws.com/b/x.jpg if its host serves it, ${LOCALISE}`,
    );
    assert.match(
      remoteImageProblem("//s3.amazonaws.com/b/x.jpg", HOSTS) as string,
      /^expected an https: image address, received "\/\/s3\.amazonaws\.com\/b\/x\.jpg"/,
    );
    assert.equal(
      remoteImageProblem("https://user:pw@s3.amazonaws.com/x.jpg", HOSTS),
      'expected an image address without a user name or password, received "https://user:pw@s3.amazonaws.com/x.jpg"',
    );
  });

  it("tells web addresses from paths, and lists the hosts for the Content-Security-Policy once each", () => {
    assert.deepEqual(["https://a/x.jpg", "HTTP://a/x.jpg", "//a/x.jpg", "./x.jpg", "/x.jpg", "data:image/png,x", "x.jpg"].map(isWebAddress), [
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    assert.deepEqual(remoteImageSources(["a.example", "b.example", "a.example"]), ["https://a.example", "https://b.example"]);
  });
});
