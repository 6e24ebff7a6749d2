/**
 * Whole-site test helpers: write a fixture site into a temporary folder and run the
 * real command-line scripts in it, exactly as an editor or CI would.
 */
import { spawnSync } from "node:child_process";
import { type Dirent, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export const DEFAULT_CONFIG = {
  baseUrl: "https://example.org/",
  timeZone: "Europe/Kyiv",
  editions: [
    { id: "uk", lang: "uk", locale: "uk", prefix: "/", name: "Українська правда" },
    { id: "eng", lang: "en", locale: "en-GB", prefix: "/eng/", name: "Ukrainska Pravda" },
  ],
  sections: [
    { id: "news", title: { uk: "Новини", en: "News" } },
    { id: "war", title: { uk: "Війна", en: "War" } },
  ],
  defaultSection: "news",
  pageSize: 20,
};

export const DEFAULT_AUTHORS: Record<string, string> = {
  "content/authors/ulyana-krychkovska.yaml": "name: Ulyana Krychkovska\nbio: Reporter.\n",
  "content/authors/anastasia-protz.yaml": "name: Anastasia Protz\n",
};

/** A minimal valid article; override fields with `extra` YAML lines appended. */
export function article(fields: Record<string, string>, body = "A lead paragraph.\n\nMore text.\n"): string {
  const base: Record<string, string> = {
    title: "Coalition meets in Paris",
    date: "2025-03-27 13:15",
    authors: "[ulyana-krychkovska]",
    tags: "[Ukraine]",
    ...fields,
  };
  const lines = Object.entries(base)
    .filter(([, v]) => v !== "")
    .map(([k, v]) => `${k}: ${v}`);
  return `---\n${lines.join("\n")}\n---\n${body}`;
}

export interface FixtureOptions {
  config?: Record<string, unknown>;
  authors?: Record<string, string>;
}

/**
 * Fixture sites made by this test file's process: removed when it exits (each test file runs in its
 * own process), so test runs do not fill the temporary folder. `NEWSROOM_KEEP_FIXTURES=1` keeps them
 * for a look after a failure.
 */
const made: string[] = [];
process.on("exit", () => {
  if (process.env.NEWSROOM_KEEP_FIXTURES === "1") return;
  for (const dir of made) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // A folder a stray child still writes into: left behind, never a failed test run.
    }
  }
});

/** A fresh temporary folder named from `prefix`, removed with the fixture sites when the test process exits. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** Writes a site into a fresh temporary folder (removed when the test process exits) and returns its path. */
export function makeSite(files: Record<string, string | Buffer>, options: FixtureOptions = {}): string {
  const dir = tempDir("newsroom-");
  const all: Record<string, string | Buffer> = {
    "content/site.config.ts": `export default ${JSON.stringify(options.config ?? DEFAULT_CONFIG, null, 2)};\n`,
    ...(options.authors ?? DEFAULT_AUTHORS),
    ...files,
  };
  for (const [file, content] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  }
  return dir;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `scripts/<name>.ts` with the fixture as the working directory. */
export function run(dir: string, name: "build" | "check" | string, env: NodeJS.ProcessEnv = {}, args: string[] = []): RunResult {
  const result = spawnSync(path.join(PROJECT, "node_modules/.bin/tsx"), [path.join(PROJECT, "scripts", `${name}.ts`), ...args], {
    cwd: dir,
    env: { ...process.env, ...env, FORCE_COLOR: "0", NO_COLOR: "1" },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * The sample site's clock: 2025-04-06 06:00 UTC, after every sample article, so what the sample
 * publishes (and every count a test asserts) does not change with today's date.
 */
export const SAMPLE_CLOCK = { SOURCE_DATE_EPOCH: String(Date.UTC(2025, 3, 6, 6, 0) / 1000) };

/**
 * Builds the sample site (the repository's own content) into `output` under the sample's clock,
 * with every page rendered: test files run at once, and builds of one root that share its page
 * cache could take pages another one is replacing.
 */
export function buildSample(output: string, env: NodeJS.ProcessEnv = {}): RunResult {
  return run(PROJECT, "build", { ...SAMPLE_CLOCK, NEWSROOM_PAGE_CACHE: "off", ...env }, ["--output", output]);
}

export function read(dir: string, file: string): string {
  return readFileSync(path.join(dir, file), "utf8");
}

/** Every file under `folder` (relative paths) with its bytes: to compare two builds whole. */
export function filesUnder(folder: string): Map<string, Buffer> {
  return new Map(
    (readdirSync(folder, { recursive: true, withFileTypes: true }) as Dirent[])
      .filter((d) => d.isFile())
      .map((d) => {
        const file = path.join(d.parentPath, d.name);
        return [path.relative(folder, file), readFileSync(file)] as const;
      }),
  );
}

/** The environment variables `names` as they are now; the function returned puts them back (a suite's `after`). */
export function keepEnv(...names: string[]): () => void {
  const saved = names.map((name) => [name, process.env[name]] as const);
  return () => {
    for (const [name, value] of saved)
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
  };
}

/** A day of March 2025 at an hour, as front matter writes it (`2025-03-12 09:00`). */
export function marchDay(n: number, h = 10): string {
  return `2025-03-${String(n).padStart(2, "0")} ${String(h).padStart(2, "0")}:00`;
}

/**
 * Twelve English stories (`story-1.md` …) over 10–14 March 2025, three a day, tagged Energy with
 * Kharkiv or Diplomacy in turn: the kept plan's tests' archive. `extra` adds fields to a story.
 */
export function twelveStories(extra: (i: number) => Record<string, string> = () => ({})): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 1; i <= 12; i++)
    files[`content/articles/eng/2025/03/story-${i}.md`] = article({
      title: `Story number ${i}`,
      date: marchDay(10 + Math.floor(i / 3), 8 + (i % 3)),
      tags: i % 2 ? "[Energy, Kharkiv]" : "[Energy, Diplomacy]",
      ...extra(i),
    });
  return files;
}
