/**
 * Browser test helpers: the static server and Chromium launcher (src/bench/browser.ts, shared with
 * scripts/bench-search.ts) and axe-core over a page.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { PROJECT } from "./site.ts";

export { CHROMIUM, launchChromium, type StaticServer, serveStatic } from "../../src/bench/browser.ts";

/** axe-core's source, evaluated through DevTools (page.evaluate), which our CSP does not block, so pages keep their real CSP. */
const AXE_SOURCE = readFileSync(path.join(PROJECT, "node_modules/axe-core/axe.min.js"), "utf8");

export interface AxeViolation {
  id: string;
  help: string;
  targets: string[];
}

/** WCAG 2.1 A and AA rules only (axe's tags). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, options: unknown) => Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: { id: string; help: string; nodes: { target: string[] }[] }[];
    }
    const results = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return results.violations.map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
  });
}
