/**
 * Imports a TypeScript module at run time (the site's content/site.config.ts, the CMS's schema
 * files): natively where the process runs under tsx (the tests, `npm run check`), through tsx's
 * scoped loaders where it runs from a bundle (`npm run build`, scripts/run.mjs), whose start-up does
 * without tsx's hooks.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export async function importTs(url: string): Promise<Record<string, unknown>> {
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ERR_UNKNOWN_FILE_EXTENSION") throw error;
    return importTsScoped(url);
  }
}

/** `importTs` where Node cannot load TypeScript itself: through tsx, as Node would load the file were it JavaScript. */
export async function importTsScoped(url: string): Promise<Record<string, unknown>> {
  const file = fileURLToPath(url.replace(/\?.*$/, ""));
  if (loadedAs(file) === "commonjs") return requireTs(url);
  // Bundled by scripts/run.mjs (under a name that changes with the file and what it imports): no loader thread.
  const bundle = (globalThis as { [k: symbol]: ((file: string) => Promise<string>) | undefined })[Symbol.for("newsroom.bundleTs")];
  if (bundle) return (await import(pathToFileURL(await bundle(file)).href)) as Record<string, unknown>;
  const { tsImport } = await import("tsx/esm/api");
  const module = (await tsImport(url, import.meta.url)) as Record<string, unknown>;
  return commonJsExports(module.default) ?? module;
}

/**
 * How Node (and tsx) load a TypeScript file: `.mts` as an ES module, `.cts` as CommonJS, `.ts` as
 * the nearest package.json's `type` says (CommonJS without one, or without the field).
 */
export function loadedAs(file: string): "module" | "commonjs" {
  if (file.endsWith(".mts")) return "module";
  if (file.endsWith(".cts")) return "commonjs";
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    let text: string | undefined;
    try {
      text = readFileSync(path.join(dir, "package.json"), "utf8");
    } catch {
      // No package.json here: keep going up.
    }
    if (text !== undefined) {
      try {
        return (JSON.parse(text) as { type?: unknown }).type === "module" ? "module" : "commonjs";
      } catch {
        // A broken package.json: Node refuses the import; tsx's own loader says why.
        return "module";
      }
    }
    if (path.dirname(dir) === dir) return "commonjs";
  }
}

/**
 * The hook's namespace: the same in every process, so tsx's cache of compiled files (kept on disk,
 * under the file's name with its query) serves the next build; `tsx/cjs/api`'s own `require` names
 * its namespace after the clock, and compiled the config again in every build.
 */
const NAMESPACE = "newsroom-ts-import";

let scoped: Promise<(id: string, fromFile: string) => unknown> | undefined;

/**
 * A CommonJS TypeScript file, through tsx's require hook in this thread: the same module tsx's ESM
 * loader gives (it loads such a file as CommonJS too), without starting the loader's worker thread
 * (~0.15 s of every build's start-up). The URL's query (load.ts's `?v=`, the file's version) keeps
 * a changed file from coming out of require's cache.
 */
async function requireTs(url: string): Promise<Record<string, unknown>> {
  scoped ??= import("tsx/cjs/api").then(({ register }) => register({ namespace: NAMESPACE }).require);
  const query = url.includes("?") ? url.slice(url.indexOf("?")) : "";
  const exports = (await scoped)(`${fileURLToPath(url.replace(/\?.*$/, ""))}${query}`, import.meta.url) as unknown;
  // As the ESM loader gives a CommonJS module: its exports as the namespace's default, beside their names.
  return commonJsExports(exports) ?? { ...(exports as Record<string, unknown>), default: exports };
}

/** A module compiled from ES syntax to CommonJS: its exports, marked __esModule, are the module's namespace. */
function commonJsExports(exports: unknown): Record<string, unknown> | undefined {
  return exports && typeof exports === "object" && (exports as { __esModule?: unknown }).__esModule === true
    ? (exports as Record<string, unknown>)
    : undefined;
}
