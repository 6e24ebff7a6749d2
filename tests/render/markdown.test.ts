import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isSafeUrl, md, renderBody } from "../../src/render/markdown.ts";

describe("markdown policy", () => {
  it("shows raw HTML as text", () => {
    assert.equal(
      md.render('<script>alert(1)</script>\n\n<iframe src="https://evil.example"></iframe>\n\n<img src=x onerror=alert(1)>'),
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>&lt;iframe src=&quot;<a href="https://evil.example">https://evil.example</a>&quot;&gt;&lt;/iframe&gt;</p>\n<p>&lt;img src=x onerror=alert(1)&gt;</p>\n',
    );
  });

  it("drops links and images with unsafe schemes", () => {
    assert.equal(md.renderInline("[x](javascript:alert(1))"), "[x](javascript:alert(1))");
    assert.equal(md.renderInline("[x](JaVa\tScRiPt:alert(1))"), "[x](JaVa\tScRiPt:alert(1))");
    assert.equal(md.renderInline("[x](data:text/html,<b>)"), "[x](data:text/html,&lt;b&gt;)");
    assert.equal(md.renderInline("![x](data:image/png;base64,AAAA)"), "![x](data:image/png;base64,AAAA)");
    assert.equal(md.renderInline("[x](vbscript:msgbox)"), "[x](vbscript:msgbox)");
  });

  it("keeps safe links", () => {
    assert.equal(
      md.renderInline("[a](https://x.org/?a=1&b=2) [b](/eng/news/) [c](#top) [d](mailto:news@x.org)"),
      '<a href="https://x.org/?a=1&amp;b=2">a</a> <a href="/eng/news/">b</a> <a href="#top">c</a> <a href="mailto:news@x.org">d</a>',
    );
    assert.ok(isSafeUrl("./photo.jpg") && isSafeUrl("tel:+380441234567") && !isSafeUrl("file:///etc/passwd"));
  });

  it("splits the lead from the rest of the body", () => {
    assert.deepEqual(renderBody("Lead **text**.\n\nMore."), { lead: "<p>Lead <strong>text</strong>.</p>\n", rest: "<p>More.</p>\n" });
    assert.deepEqual(renderBody("## Heading\n\nText."), { lead: "", rest: "<h2>Heading</h2>\n<p>Text.</p>\n" });
  });

  it("prints template syntax as text", () => {
    assert.equal(md.renderInline("{{ site.secret }} {% include x %}"), "{{ site.secret }} {% include x %}");
  });
});
