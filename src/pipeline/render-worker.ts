/**
 * A render thread (src/pipeline/render-workers.ts starts them): it prepares the site again, as
 * the build did, from the same files (the parse cache the build has just written spares it the
 * parsing, and bodies are read when a page uses them), checks that it loaded the articles the build
 * loaded, then renders the passes it is sent, one Eleventy run each, into the build's temp folder.
 * A page's view is made here from the page's type and its file (src/pages/index.ts): a view is
 * a function of the model, so the page is the one the build's own thread would have rendered.
 */
import { parentPort, workerData } from "node:worker_threads";
import { DateTime } from "luxon";
import { ContentError, NewsroomError } from "../errors/content-error.ts";
import type { Problem } from "../errors/problem.ts";
import { changedUnderBuild, sourceDigest } from "../model/parse-cache.ts";
import { type Kind, PAGE_TYPES } from "../pages/index.ts";
import type { PageType } from "../pages/page-type.ts";
import type { PlannedPage } from "../pages/plan.ts";
import { renderContext } from "../render/pages.ts";
import { internalLinks } from "./link-check.ts";
import { collectIfGrown, THREAD_FLOOR, THREAD_GROWTH } from "./memory.ts";
import { prepare } from "./prepare.ts";
import { renderInput, renderPass } from "./render-pass.ts";
import type { PassDone, PassRequest, RenderFailure, RenderWorkerData } from "./render-workers.ts";

const port = parentPort;
if (!port) throw new Error("src/pipeline/render-worker.ts runs in a worker thread (src/pipeline/render-workers.ts starts it)");
const data = workerData as RenderWorkerData;

const ready = (async () => {
  const prepared = await prepare(data.root, { now: DateTime.fromMillis(data.now, { zone: data.zone }), preview: data.preview, readOnlyCaches: true });
  sameSources(prepared.content.articles, data.sources);
  // What loading left behind goes before the first pass.
  collectIfGrown(THREAD_FLOOR, THREAD_GROWTH);
  return { prepared, ctx: renderContext(prepared.site), items: new Map<Kind, Map<string, unknown>>() };
})();
// Its failure is posted with the first pass it fails.
ready.catch(() => undefined);

// One pass at a time: the build's thread sends the next when this one is done.
port.on("message", (request: PassRequest) => {
  render(request).then(
    (done) => port.postMessage(done),
    (error: unknown) => port.postMessage({ failure: failureOf(error) }),
  );
});

async function render(request: PassRequest): Promise<PassDone> {
  const { prepared, ctx, items } = await ready;
  const pages: PlannedPage[] = request.pages.map(([kind, file]) => {
    let byFile = items.get(kind);
    if (!byFile) {
      const type = PAGE_TYPES[kind] as unknown as PageType<unknown, unknown>;
      byFile = new Map(type.list(prepared).map((item) => [type.file(item), item]));
      items.set(kind, byFile);
    }
    if (!byFile.has(file)) throw new NewsroomError(`${file}: a render thread found no ${kind} page there in the site it loaded; build again`);
    const type = PAGE_TYPES[kind] as unknown as PageType<unknown, unknown>;
    return { kind, file, view: type.view(prepared, byFile.get(file)) };
  });
  const links: [string, string[]][] = [];
  let sinceCheck = 0;
  const pagesWritten = await renderPass(renderInput(data.root), request.output, {
    ctx,
    pages,
    assets: request.assets,
    rendered: (file, text) => {
      if (file.endsWith(".html")) links.push([file, internalLinks(text)]);
      if (++sinceCheck % 256 === 0) collectIfGrown(THREAD_FLOOR, THREAD_GROWTH);
    },
  });
  collectIfGrown(THREAD_FLOOR, THREAD_GROWTH);
  return { id: request.id, pages: pagesWritten, links };
}

/**
 * The articles this thread loaded are those the build loaded, from the same bytes: an article
 * edited, added or removed in between fails the build as a body read from a changed file does
 * (src/model/parse-cache.ts), naming the file.
 */
function sameSources(articles: readonly object[], expected: readonly [file: string, digest: string][]): void {
  const mine = new Map<string, string | undefined>();
  for (const article of articles) mine.set((article as { file: string }).file, sourceDigest(article));
  const problems: Problem[] = [];
  const changed = (file: string, received: string) => problems.push(...changedUnderBuild(file, received).problems);
  for (const [file, digest] of expected) {
    if (!mine.has(file)) changed(file, "no file (it was removed)");
    else if (mine.get(file) !== digest) changed(file, "other bytes (it was edited)");
    mine.delete(file);
  }
  for (const file of mine.keys()) changed(file, "a file the build had not loaded (it was added)");
  if (problems.length) throw new ContentError(problems);
}

function failureOf(error: unknown): RenderFailure {
  if (!(error instanceof Error)) return { name: "Error", message: String(error), ours: false };
  const original = (error as { originalError?: unknown }).originalError ?? error.cause;
  return {
    name: error.name,
    message: error.message,
    stack: error.stack,
    ours: error instanceof NewsroomError,
    ...(error instanceof ContentError ? { problems: error.problems } : {}),
    ...(original !== undefined ? { original: failureOf(original) } : {}),
  };
}
