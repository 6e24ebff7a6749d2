/** A one-edition site for the image benchmarks (scripts/bench-images.ts, scripts/bench-cards.ts): its config, one author, then the caller's files. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const CONFIG = {
  baseUrl: "https://example.org/",
  timeZone: "Europe/Kyiv",
  editions: [{ id: "eng", lang: "en", locale: "en-GB", prefix: "/", name: "Bench" }],
  sections: [{ id: "news", title: { en: "News" } }],
  defaultSection: "news",
  pageSize: 20,
};

/** Writes the config and the author `bench` under `root`; returns the function that writes a file there (folders made). */
export function benchSite(root: string): (name: string, content: string | Buffer) => void {
  const file = (name: string, content: string | Buffer) => {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  };
  file("content/site.config.ts", `export default ${JSON.stringify(CONFIG)};\n`);
  file("content/authors/bench.yaml", "name: Bench\n");
  return file;
}
