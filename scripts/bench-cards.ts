// `npx tsx scripts/bench-cards.ts [--site DIR] [--passes N]`: encodes every generated social card of a site (the
// build's own plan and image step, into an empty cache) and prints cards per second and the
// process's CPU seconds (libvips' threads included). The site is only read: it is loaded
// from a scratch folder whose `content` links to DIR/content. Without --site, a small
// fixture of --cards cards (English, Ukrainian, long headlines) is used.
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { benchSite } from "../src/bench/fixture-site.ts";
import { formatImageStats, writeImages } from "../src/images/write-images.ts";
import { runCli } from "../src/pipeline/cli.ts";
import { prepare } from "../src/pipeline/prepare.ts";

const { values } = parseArgs({
  options: { site: { type: "string" }, cards: { type: "string", default: "200" }, passes: { type: "string", default: "1" } },
});

const HEADLINES = [
  "Київрада ухвалила бюджет столиці на наступний рік після тривалих дебатів",
  "Parliament passes the budget after a long night of debate",
  "A very long headline about the city council's week: the budget, the roads, the schools, the hospitals, the parks, the trams and the bridges, and what each of them will cost the city's taxpayers next year",
];

function fixture(root: string, count: number): void {
  const file = benchSite(root);
  for (let i = 0; i < count; i++) {
    file(
      `content/articles/eng/2025/03/story-${i}.md`,
      `---\ntitle: "${HEADLINES[i % HEADLINES.length]} (${i})"\ndate: 2025-03-27 13:15\nauthors: [bench]\ntags: [Bench]\n---\nText.\n`,
    );
  }
}

await runCli(async () => {
  const root = mkdtempSync(path.join(tmpdir(), "bench-cards-"));
  try {
    if (values.site) symlinkSync(path.resolve(values.site, "content"), path.join(root, "content"));
    else fixture(root, Number(values.cards));
    const ready = await prepare(root);
    const cards = ready.imageJobs.filter((j) => "svg" in j.input);
    console.log(
      `${cards.length} cards of ${ready.imageJobs.length} image sources, ${availableParallelism()} cores, load ${loadavg()[0]?.toFixed(2)}`,
    );
    for (let pass = 1; pass <= Number(values.passes); pass++) {
      const cache = path.join(root, `.cache/cards-${pass}`);
      const cpu = process.cpuUsage();
      const started = performance.now();
      const stats = await writeImages(cards, path.join(root, `_site-${pass}`), cache);
      const seconds = (performance.now() - started) / 1000;
      const used = process.cpuUsage(cpu);
      const cpuSeconds = (used.user + used.system) / 1e6;
      console.log(
        `pass ${pass}: ${seconds.toFixed(2)} s, ${(cards.length / seconds).toFixed(1)} cards/s, ${cpuSeconds.toFixed(2)} CPU s (${((cpuSeconds * 1000) / cards.length).toFixed(1)} ms a card); ${formatImageStats(stats)}`,
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
