/** The whole build: prepare (validate everything), render with Eleventy into a temp folder, swap into place. */
import path from "node:path";
import Eleventy from "@11ty/eleventy";
import { PROJECT_ROOT } from "../project.ts";
import { copyLeadImages } from "../render/copy-images.ts";
import { discard, freshTempDir, swapInto } from "./output.ts";
import { type Prepared, prepare, setPrepared } from "./prepare.ts";
import { phase } from "./progress.ts";

export interface BuildResult {
  prepared: Prepared;
  pages: number;
  outputDir: string;
}

export async function build(root: string, outputDir = path.join(root, "_site")): Promise<BuildResult> {
  const ready = await prepare(root);
  setPrepared(ready);
  const temp = await freshTempDir(outputDir);
  try {
    const eleventy = new Eleventy(path.join(root, "content"), temp, {
      configPath: path.join(PROJECT_ROOT, ".eleventy.ts"),
      quietMode: true,
    });
    const progress = phase("write", 0, "pages");
    const written = (await eleventy.write()) as unknown as [unknown[], ...unknown[]];
    progress.tick(countPages(written));
    progress.done();
    await copyLeadImages(ready, temp);
    await swapInto(temp, outputDir);
    return { prepared: ready, pages: countPages(written), outputDir };
  } catch (error) {
    await discard(temp);
    throw error;
  }
}

function countPages(written: unknown): number {
  const flat = (Array.isArray(written) ? written.flat(Number.POSITIVE_INFINITY) : []) as Array<{ outputPath?: string }>;
  return flat.filter((w) => w?.outputPath?.endsWith(".html")).length;
}
