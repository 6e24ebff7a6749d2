// `npm run bench:preview -- --articles N` (or `--site DIR`, a site made by `npm run bench -- --keep`):
// starts the preview (`npm start`) on a synthetic archive, then edits one article the way an editor
// does and prints how long each edit took to reach the preview folder: its text, its headline, its
// tags, its date, a new article and its removal. The archive and its edits live in a temporary folder.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { CORPUS_CLOCK, generateCorpus } from "../src/bench/corpus.ts";
import { listFiles } from "../src/content/files.ts";
import { startPreview } from "../src/pipeline/preview.ts";

const { values } = parseArgs({ options: { articles: { type: "string", default: "2000" }, site: { type: "string" } } });
const work = mkdtempSync(path.join(tmpdir(), "newsroom-bench-preview-"));
const root = path.join(work, "site");
const log = (line: string) => console.log(`bench: ${line}`);
process.env.SOURCE_DATE_EPOCH = String(CORPUS_CLOCK);

try {
  if (values.site) cpSync(path.join(values.site, "content"), path.join(root, "content"), { recursive: true });
  else await generateCorpus(root, { articles: Number(values.articles) });
  const files = await listFiles(root, "content/articles", ".md", []);
  const file = files[files.length - 1] as string;
  const original = readFileSync(path.join(root, file), "utf8");
  log(`${files.length} articles; edits go to ${file}`);

  const lines: string[] = [];
  let waiting: ((line: string) => void) | undefined;
  const started = performance.now();
  const server = await startPreview(root, 18_500, (line) => {
    lines.push(line);
    waiting?.(line);
  });
  log(`first preview build: ${((performance.now() - started) / 1000).toFixed(1)} s`);

  /** Writes (or removes) a file and waits for the preview's line about it. */
  const edit = async (name: string, target: string, text: string | undefined) => {
    const done = new Promise<string>((resolve) => {
      waiting = (line) => {
        if (/^preview: /.test(line) || /error|expected/.test(line)) resolve(line);
      };
    });
    const t = performance.now();
    if (text === undefined) rmSync(path.join(root, target));
    else writeFileSync(path.join(root, target), text);
    const line = await done;
    // The watcher waits 100 ms for more changes before it starts: that is part of what an editor waits.
    log(`${name.padEnd(22)} ${((performance.now() - t) / 1000).toFixed(2)} s  (${line})`);
  };
  const newFile = file.replace(/[^/]+\.md$/, "bench-new-article.md");
  await edit("text edit", file, `${original}\nA paragraph added at the end.\n`);
  await edit("headline edit", file, original.replace(/^title: .*$/m, "title: A headline the editor changed"));
  await edit("tags edit", file, original.replace(/^tags: \[/m, "tags: [Breaking news, "));
  await edit("date edit", file, original.replace(/^date: (\d{4}-\d{2}-\d{2}) \d{2}:/m, "date: $1 07:"));
  await edit("new article", newFile, original.replace(/^title: .*$/m, "title: A brand new article"));
  await edit("article removed", newFile, undefined);
  await server.close();
} finally {
  rmSync(work, { recursive: true, force: true });
}
