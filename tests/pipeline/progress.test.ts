import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { collectPhases, disableProgress, enableProgress, phase } from "../../src/pipeline/progress.ts";

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

  it("notes every finished phase for the build report, printed or not", () => {
    const phases = collectPhases();
    const quiet = phase("load", 2, "articles");
    quiet.tick(2);
    quiet.done();
    const out = capture(false);
    enableProgress(out);
    const loud = phase("write", 0, "pages");
    loud.tick(7);
    loud.done("3 from the page cache");
    phase("never done", 0).tick();
    assert.deepEqual(
      phases.map(({ seconds, ...rest }) => rest),
      [
        { name: "load", count: 2, unit: "articles" },
        { name: "write", count: 7, unit: "pages", note: "3 from the page cache" },
      ],
    );
    for (const p of phases) assert.ok(Number.isFinite(p.seconds) && p.seconds >= 0, String(p.seconds));
    assert.match(out.text, /^write: 7 pages in \d+\.\d\d s \(\d+\/s; 3 from the page cache\)\n$/);
  });
});
