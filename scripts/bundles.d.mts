// Types of scripts/bundles.mjs (plain JavaScript: the launcher, scripts/run.mjs, imports it without TypeScript).
/** Where the launcher keeps its bundles, relative to the project. */
export declare const BUNDLES_DIR: string;
/** The scripts and the threads `node scripts/run.mjs --prepare` bundles: threads as [bundle's name, module's path]. */
export declare const PREPARED: { scripts: string[]; threads: [string, string][] };
/** A bundle's path without its extension, named by the hash of its inputs' bytes and of what else makes it. */
export declare function bundleStem(root: string, bin: string, name: string, inputs: readonly string[]): string;
