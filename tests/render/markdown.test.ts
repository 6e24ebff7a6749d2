import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isSafeUrl, MAX_NESTING, md, plainBody, renderBody, renderInline, tooDeepLine, typography } from "../../src/content/markdown.ts";

describe("markdown policy", () => {
  it("shows raw HTML as text", () => {
    assert.equal(
      md.render('<script>alert(1)</script>\n\n<iframe src="https://evil.example"></iframe>\n\n<img src=x onerror=alert(1)>'),
      '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>&lt;iframe src=“<a href="https://evil.example">https://evil.example</a>”&gt;&lt;/iframe&gt;</p>\n<p>&lt;img src=x onerror=alert(1)&gt;</p>\n',
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

  it("finds the line from which markdown-it would drop too deeply nested text", () => {
    assert.equal(MAX_NESTING, 100);
    // The example: neither the deep item nor the paragraph after it reaches the page.
    const lost = `Lead.\n\n${"- ".repeat(120)}deep item\n\nLast paragraph\n`;
    assert.ok(!md.render(lost).includes("Last paragraph"));
    assert.equal(tooDeepLine(lost), 2);
    assert.equal(tooDeepLine(`Lead.\n\n${">".repeat(100)} quote\n`), 2);
    assert.equal(tooDeepLine(`Lead.\n\n${">".repeat(99)} quote\n`), undefined);
    assert.equal(tooDeepLine(`Lead.\n\n${"- ".repeat(49)}item\n`), undefined);
    assert.equal(tooDeepLine(`Lead.\n\n${"- ".repeat(50)}item\n`), 2);
    // Nesting by indentation, with spaces or tabs, one level per line.
    const nested = (indent: string) => Array.from({ length: 60 }, (_, i) => `${indent.repeat(i)}- item ${i}`).join("\n");
    assert.equal(tooDeepLine(`Lead.\n\n${nested("  ")}\n`), 51);
    assert.equal(tooDeepLine(`Lead.\n\n${nested("\t")}\n`), 51);
    // Long runs of dashes and digits are parsed to be sure, and are fine.
    assert.equal(tooDeepLine(`Lead.\n\n${"-".repeat(40)}\n\n2025-03-27 13.15 - 14.00 - 15.00 talks\n`), undefined);
  });

  it("turns characters XML forbids that entities produce into U+FFFD, in pages and the search text", () => {
    assert.equal(md.render("a &#12; b &#x7; c &#xFFFE;"), "<p>a \uFFFD b \uFFFD c \uFFFD</p>\n");
    assert.equal(md.render("`&#12;` and\n\n```\n\f\n```\n"), "<p><code>&amp;#12;</code> and</p>\n<pre><code>\uFFFD\n</code></pre>\n");
    assert.equal(plainBody("a &#12; b"), "a \uFFFD b");
  });

  it("gives the search text the page's quotes, and the page's parse gives the same text (one parse per body)", () => {
    const body = `Він сказав: "Це п'ять 'коаліцій'".\n\n![Фото](./a.jpg)\n\nДив. [тут](https://example.org/it's) і https://example.org/don't, \`"код"\`.\n`;
    assert.equal(plainBody(body, "uk"), 'Він сказав: «Це п’ять „коаліцій“».\n\n\n\nДив. тут і https://example.org/don\'t, "код".');
    assert.equal(plainBody(`"a 'b'"`, "en"), "“a ‘b’”");
    assert.equal(plainBody(`"a"`), "“a”");
    for (const lang of ["uk", "ru", "en", undefined]) {
      const given: string[] = [];
      renderBody(body, { lang, picture: () => "<img>", link: () => "/moved/", text: (plain) => given.push(plain) });
      assert.deepEqual(given, [plainBody(body, lang)], String(lang));
    }
  });
});

describe("typography per language", () => {
  it("sets «» with „“ nested in Ukrainian and Russian, “” with ‘’ nested in English, and ’ for apostrophes", () => {
    assert.deepEqual(renderBody(`Він сказав: "Це п'ять 'коаліцій'".`, { lang: "uk" }).lead, "<p>Він сказав: «Це п’ять „коаліцій“».</p>\n");
    assert.deepEqual(renderBody(`Он сказал: "Это 'ошибка'".`, { lang: "ru" }).lead, "<p>Он сказал: «Это „ошибка“».</p>\n");
    assert.deepEqual(renderBody(`Zelenskyy's words: "a 'coalition'".`, { lang: "en" }).lead, "<p>Zelenskyy’s words: “a ‘coalition’”.</p>\n");
    // Renders after one another do not share quotes: each follows its own env.
    assert.equal(renderInline(`"x"`, "uk"), "«x»");
    assert.equal(renderInline(`"x"`), "“x”");
  });

  it("leaves code, link addresses and linkified addresses as written, and replaces nothing else (-- ... (c))", () => {
    assert.equal(
      renderInline(`\`"code"\` [it's](https://example.org/it's) https://example.org/don't -- ... (c)`, "uk"),
      `<code>&quot;code&quot;</code> <a href="https://example.org/it's">it’s</a> <a href="https://example.org/don't">https://example.org/don't</a> -- ... (c)`,
    );
  });

  it("gives plain front-matter text the same quotes, leaving Markdown and entities as text", () => {
    assert.equal(typography(`Зеленський: "Коаліція 'охочих'" *не* &amp;`, "uk"), "Зеленський: «Коаліція „охочих“» *не* &amp;");
    assert.equal(typography(`Trump's "deal"`, "en"), "Trump’s “deal”");
    assert.equal(typography("No quotes at all", "en"), "No quotes at all");
  });
});
