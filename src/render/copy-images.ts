/** Copies published lead photos next to their articles in the output. */
import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import type { Prepared } from "../build/prepare.ts";
import { Urls } from "../model/urls.ts";

export async function copyLeadImages({ site, images }: Prepared, outputDir: string): Promise<void> {
  await Promise.all(
    site.articles.map(async (article) => {
      const image = images.get(article.url);
      if (!image) return;
      const target = path.join(outputDir, Urls.outputFile(image.url));
      await mkdir(path.dirname(target), { recursive: true });
      await copyFile(image.source, target);
    }),
  );
}
