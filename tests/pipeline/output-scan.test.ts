import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { scanHtml } from "../../src/pipeline/output-scan.ts";

describe("scanHtml", () => {
  it("finds every kind of script vector", () => {
    const html = `<script>x</script><img src="a.jpg" onerror="x"><a href=" javascript:x">a</a><iframe src="/x"></iframe>
<img srcset="a.jpg 1x, data:image/png;base64,AA 2x"><meta http-equiv="refresh" content="0; url=javascript:x"><form action="vbscript:x"></form>`;
    assert.deepEqual(
      scanHtml(html, "p.html").map((f) => f.problem),
      [
        "<script> that is not ours",
        "onerror= event handler on <img>",
        'href=" javascript:x" on <a>',
        "<iframe> element",
        'srcset="data:image/png;base64" on <img>',
        'meta refresh to "javascript:x"',
        'action="vbscript:x" on <form>',
      ],
    );
  });

  it("allows JSON-LD, our own scripts and safe links", () => {
    const html = `<script type="application/ld+json">{"a":1}</script><script src="/pagefind/pagefind-ui.js"></script><a href="https://x.org/">x</a><a href="/eng/">y</a>`;
    assert.deepEqual(scanHtml(html, "p.html", ["/pagefind/"]), []);
  });
});
