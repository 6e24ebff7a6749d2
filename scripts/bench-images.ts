// `npm run bench:images -- --photos N`: encodes N synthetic 2000×1333 photos with the build's own
// image step, cold (empty cache) then warm, and prints photos per second.
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { benchSite } from "../src/bench/fixture-site.ts";
import { syntheticPhoto } from "../src/images/synthetic.ts";
import { formatImageStats, IMAGE_CACHE_DIR, writeImages } from "../src/images/write-images.ts";
import { runCli } from "../src/pipeline/cli.ts";
import { prepare } from "../src/pipeline/prepare.ts";

const { values } = parseArgs({ options: { photos: { type: "string", default: "20" } } });
const count = Number(values.photos);

await runCli(async () => {
  const root = mkdtempSync(path.join(tmpdir(), "bench-images-"));
  const file = benchSite(root);
  for (let i = 0; i < count; i++) {
    file(`content/articles/eng/2025/03/photo-${i}.jpg`, await syntheticPhoto(2000, 1333, i));
    file(
      `content/articles/eng/2025/03/story-${i}.md`,
      `---\ntitle: Story ${i}\ndate: 2025-03-27 13:15\nauthors: [bench]\ntags: [Bench]\nimage:\n  src: ./photo-${i}.jpg\n  alt: Photo ${i}\n  credit: Bench\n---\nText.\n`,
    );
  }
  console.log(`${count} photos of 2000×1333, ${availableParallelism()} cores, in ${root}`);
  for (const pass of ["cold", "warm"]) {
    const started = performance.now();
    const ready = await prepare(root);
    const out = path.join(root, `_site-${pass}`);
    const stats = await writeImages(ready.imageJobs, out, path.join(root, IMAGE_CACHE_DIR));
    const seconds = (performance.now() - started) / 1000;
    console.log(`${pass}: ${seconds.toFixed(2)} s, ${(count / seconds).toFixed(2)} photos/s; ${formatImageStats(stats)}`);
  }
  rmSync(root, { recursive: true, force: true });
});
