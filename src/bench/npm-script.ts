/**
 * The command `npm run <script>` runs for a script of the generator's launcher (`node [options] scripts/run.mjs <name>`),
 * read from package.json: the benches time what a user's `npm run build` runs, its Node options included.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

export interface LauncherCommand {
  /** Node's options before the launcher (package.json's `build` gives the build's thread a larger young generation). */
  nodeOptions: string[];
  /** The launcher's absolute path. */
  launcher: string;
  /** The launcher's arguments (the script's name first). */
  args: string[];
}

/** `script` of package.json in `projectRoot` as a launcher command; throws when it is not `node [--option …] <file> …`. */
export function launcherCommand(projectRoot: string, script: string): LauncherCommand {
  const scripts = (JSON.parse(readFileSync(path.join(projectRoot, "package.json"), "utf8")) as { scripts?: Record<string, string> }).scripts ?? {};
  const line = scripts[script];
  const words = line?.trim().split(/\s+/) ?? [];
  const file = words.findIndex((word, i) => i > 0 && !word.startsWith("-"));
  if (words[0] !== "node" || file === -1)
    throw new Error(
      `package.json: scripts.${script}: expected "node [--option …] scripts/run.mjs <name>", found ${line === undefined ? "no such script" : JSON.stringify(line)}`,
    );
  return { nodeOptions: words.slice(1, file), launcher: path.resolve(projectRoot, words[file] as string), args: words.slice(file + 1) };
}

/** Node's arguments for the command, then `extra` (the script's own arguments): `node …nodeArgs(command, …extra)`. */
export function nodeArgs(command: LauncherCommand, ...extra: string[]): string[] {
  return [...command.nodeOptions, command.launcher, ...command.args, ...extra];
}

/**
 * Makes the launcher's bundles as `npm ci` does (package.json's `prepare`: `node scripts/run.mjs --prepare`), so a
 * timed build runs the generator as installed, as Hugo and Pagefind are timed as installed binaries: in a fresh
 * clone the first build would otherwise bundle (~2.5 s, issue 19). Nothing is made when they are there already.
 */
export function prepareBundles(projectRoot: string): void {
  const prepare = launcherCommand(projectRoot, "prepare");
  // --strict: a bundle not made fails the bench, rather than leaving the timed build to make it.
  execFileSync(process.execPath, nodeArgs(prepare, "--strict"), { cwd: projectRoot, stdio: ["ignore", "ignore", "inherit"] });
}
