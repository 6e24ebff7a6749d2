/** The `html` tag's escaping (src/render/html.ts): every interpolated string is escaped unless it is SafeHtml. */
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { escapeHtml, html, trusted } from "../../src/render/html.ts";

describe("html escaping", () => {
  it("escapes the five special characters wherever they are, and returns other text as it is", () => {
    assert.equal(escapeHtml(`<a href="x">Tom & Jerry's</a>`), "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
    assert.equal(escapeHtml("&"), "&amp;");
    assert.equal(escapeHtml("Київ — новини"), "Київ — новини");
    assert.equal(escapeHtml(""), "");
  });

  it("escapes values in the tag, lists included, and leaves trusted markup alone", () => {
    assert.equal(html`<p title="${`"q"`}">${["a<b", trusted("<i>c</i>"), null, false, 3]}</p>`.value, `<p title="&quot;q&quot;">a&lt;b<i>c</i>3</p>`);
  });
});
