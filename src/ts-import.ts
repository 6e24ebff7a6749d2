/**
 * Imports a TypeScript module at run time (the site's content/site.config.ts, the CMS's schema
 * files): natively where the process runs under tsx (the tests, `npm run check`), through tsx's
 * scoped loader where it runs from a bundle (`npm run build`, scripts/run.mjs), whose start-up does
 * without tsx's hooks.
 */
export async function importTs(url: string): Promise<Record<string, unknown>> {
  try {
    return (await import(url)) as Record<string, unknown>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ERR_UNKNOWN_FILE_EXTENSION") throw error;
    const { tsImport } = await import("tsx/esm/api");
    const module = (await tsImport(url, import.meta.url)) as Record<string, unknown>;
    // A file outside an ES-module package is loaded as CommonJS: its exports are the namespace's
    // default, as an object marked __esModule; taken as the module, as tsx's own hooks give it.
    const exports = module.default as Record<string, unknown> | undefined;
    return exports && typeof exports === "object" && exports.__esModule === true ? exports : module;
  }
}
