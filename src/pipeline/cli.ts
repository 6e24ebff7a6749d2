/** Shared command-line handling: print problems, exit non-zero, never a stack trace for content errors. */
import { NewsroomError } from "../errors/content-error.ts";
import { formatProblem, type Problem, sortProblems } from "../errors/problem.ts";

export function printWarnings(warnings: readonly Problem[]): void {
  for (const w of sortProblems(warnings.filter((p) => p.severity === "warning"))) console.warn(`warning ${formatProblem(w)}`);
}

export async function runCli(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    if (error instanceof NewsroomError) {
      console.error(error.message);
    } else {
      console.error(error);
    }
    process.exitCode = 1;
  }
}
