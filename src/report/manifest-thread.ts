/**
 * The build report's article list made in a worker thread (src/report/manifest-worker.ts) while the
 * build runs (issue 19): at 100,000 articles reading the last list (~43 MB), pairing the articles
 * with its rows and writing the next took ~0.25–0.6 s of the build's own thread at the end of every
 * publish, once the search index no longer kept that thread waiting. The thread reads the last list
 * when the build starts; the build's thread sends each article's key once the site is checked, and
 * makes entries for the few articles the last list does not have.
 */
import { statSync } from "node:fs";
import { Worker } from "node:worker_threads";
import type { Article } from "../schema/article.ts";
import { workerSource } from "../worker-source.ts";
import { type Compared, type ManifestEntry, manifestEntry, manifestKey } from "./manifest.ts";

export interface ManifestThread {
  /** Starts pairing these articles with the last list's rows (the list then written is made of them). */
  compare(articles: readonly Article[], builtAt: string): void;
  /** What changed since the last list (undefined: there was none), once `compare` has finished. */
  compared(): Promise<Compared | undefined>;
  /** Writes the list made by `compare` into the file. */
  write(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A last list at least this large is handled in a thread (`startManifestThread`); a smaller one (a
 * site of a few thousand articles) costs the build's thread less than starting a thread does.
 */
export const manifestThreads = { minBytes: 2 * 1024 ** 2 };

/** The thread for the list in `file`, or undefined when the list is small or absent (the build's thread then makes it). */
export function manifestThreadFor(file: string): ManifestThread | undefined {
  let size = 0;
  try {
    size = statSync(file).size;
  } catch {
    return undefined;
  }
  return size >= manifestThreads.minBytes ? startManifestThread(file) : undefined;
}

type Reply = { need?: number[]; compared?: Compared; written?: boolean; error?: string };

export function startManifestThread(file: string): ManifestThread {
  // Answers come in the order of the messages: each waits for its own.
  const waiting: { resolve: (reply: Reply) => void; reject: (error: Error) => void }[] = [];
  let broken: Error | undefined;
  const fail = (error: Error) => {
    broken ??= error;
    for (const w of waiting.splice(0)) w.reject(broken);
  };
  const worker = workerSource("manifest-worker", "src/report/manifest-worker.ts").then((source) => {
    const w = new Worker(source.code, { eval: true, workerData: { entry: source.entry, file } });
    // It keeps the process alive only while an answer is awaited (as the chart worker does).
    w.unref();
    w.on("message", (reply: Reply) => {
      const next = waiting.shift();
      if (!waiting.length) w.unref();
      if (reply.error !== undefined) next?.reject(new Error(reply.error));
      else next?.resolve(reply);
    });
    w.on("error", fail);
    w.on("exit", () => fail(new Error("the article list's thread stopped")));
    return w;
  });
  worker.catch(fail);
  const ask = async (message: unknown): Promise<Reply> => {
    const w = await worker;
    if (broken) throw broken;
    return new Promise<Reply>((resolve, reject) => {
      waiting.push({ resolve, reject });
      w.ref();
      w.postMessage(message);
    });
  };
  let result: Promise<Compared | undefined> | undefined;
  return {
    compare(articles, builtAt) {
      const keys = articles.map((a) => manifestKey(a) ?? "");
      result = ask({ keys: keys.join("\n"), count: keys.length }).then(async ({ need = [] }) => {
        const entries: ManifestEntry[] = need.map((i) => manifestEntry(articles[i] as Article));
        return (await ask({ entries, builtAt })).compared;
      });
      result.catch(() => undefined);
    },
    compared() {
      return result ?? Promise.reject(new Error("compare() was not called"));
    },
    async write() {
      await ask({ write: true });
    },
    async close() {
      await (await worker.catch(() => undefined))?.terminate();
    },
  };
}
