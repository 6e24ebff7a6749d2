/**
 * Progress for long builds. On an interactive terminal one line is rewritten in place
 * (at most every 200 ms); elsewhere (CI logs) each phase prints exactly one summary
 * line when it is done: `load: 20000 articles in 1.23 s (16260/s)`. Silent until a
 * command-line script calls `enableProgress()`, so tests and library callers stay quiet.
 * Lines go to stdout: stderr is kept for problems, which editors and tests read alone.
 */

export interface Phase {
  tick(n?: number): void;
  /** Prints the summary line, with `note` in brackets when given. */
  done(note?: string): void;
}

interface Output {
  isTTY?: boolean;
  write(text: string): unknown;
}

let output: Output | undefined;

export function enableProgress(stream: Output = process.stdout): void {
  output = stream;
}

export function disableProgress(): void {
  output = undefined;
}

const INTERVAL_MS = 200;

/** A finished phase, for the build report (src/report/). */
export interface PhaseTiming {
  name: string;
  count: number;
  unit: string;
  seconds: number;
  note?: string;
}

let timings: PhaseTiming[] | undefined;

/** Starts noting every finished phase (`npm run build`, for its report); returns the list it fills. */
export function collectPhases(): PhaseTiming[] {
  timings = [];
  return timings;
}

/** Starts a phase of `total` units (0 when unknown). */
export function phase(name: string, total: number, unit = "items"): Phase {
  const out = output;
  const noted = timings;
  if (!out && !noted) return { tick() {}, done() {} };
  const started = performance.now();
  let count = 0;
  let shown = started;
  const rate = (now: number) => Math.round(count / Math.max((now - started) / 1000, 1e-3));
  return {
    tick(n = 1) {
      count += n;
      if (!out?.isTTY) return;
      const now = performance.now();
      if (now - shown < INTERVAL_MS) return;
      shown = now;
      out.write(`\r\x1b[K${name} ${count}${total ? `/${total}` : ""} ${rate(now)}/s`);
    },
    done(note) {
      const now = performance.now();
      noted?.push({ name, count, unit, seconds: (now - started) / 1000, ...(note ? { note } : {}) });
      if (!out) return;
      const seconds = ((now - started) / 1000).toFixed(2);
      out.write(`${out.isTTY ? "\r\x1b[K" : ""}${name}: ${count} ${unit} in ${seconds} s (${rate(now)}/s${note ? `; ${note}` : ""})\n`);
    },
  };
}
