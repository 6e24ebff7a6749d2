import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { disableProgress, enableProgress, phase } from "../../src/pipeline/progress.ts";

function capture(isTTY: boolean): { isTTY: boolean; text: string; write(s: string): void } {
  return {
    isTTY,
    text: "",
    write(s: string) {
      this.text += s;
    },
  };
}

describe("progress", () => {
  afterEach(disableProgress);

  it("prints exactly one summary line per phase when not on a terminal", () => {
    const out = capture(false);
    enableProgress(out);
    const p = phase("load", 3, "articles");
    p.tick();
    p.tick(2);
    p.done();
    assert.match(out.text, /^load: 3 articles in \d+\.\d\d s \(\d+\/s\)\n$/);
  });

  it("is silent until enabled", () => {
    const out = capture(false);
    const p = phase("load", 1);
    p.tick();
    p.done();
    assert.equal(out.text, "");
  });

  it("rewrites one line on a terminal and ends with the summary", () => {
    const out = capture(true);
    enableProgress(out);
    const p = phase("write", 0, "pages");
    p.tick(5);
    p.done();
    assert.ok(out.text.startsWith("\r\x1b[Kwrite: 5 pages in "), JSON.stringify(out.text));
  });
});
