/**
 * The CMS's local backend under `npm start`: decap-server's file-system API (what `npx
 * decap-server` runs on port 8081), mounted in the preview's own server at
 * `<base>admin/api/v1`, so the CMS needs no second port, no account and no network. Before a
 * save is written it is checked as `npm run check` checks the file: a save the schema refuses is
 * answered with our `file:line  field: …` text, which the CMS shows, and nothing is written.
 * `<base>admin/api/check` answers the preview pane with the same problems for what the form holds.
 */

import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import { parseYamlFile } from "../content/yaml-file.ts";
import { yamlFieldLines } from "../content/yaml-positions.ts";
import { formatProblem, type Problem } from "../errors/problem.ts";
import { AUTHORS_DIR, authorIdProblem, loadAuthors, loadConfig } from "../model/load.ts";
import { ARTICLES_DIR, articleEnv, parseArticle } from "../model/parse-article.ts";
import { authorSchema } from "../schema/author.ts";
import { describe } from "../schema/fields.ts";
import { issuesToProblems, knownKeysOf } from "../schema/issues.ts";

const require = createRequire(import.meta.url);
const serverRequire = createRequire(require.resolve("decap-server/package.json"));

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

type Handler = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
interface ExpressApp extends Handler {
  use(handler: unknown): void;
  post(route: string, handler: (req: { body: unknown }, res: JsonResponse, next: () => void) => void): void;
}
interface JsonResponse {
  status(code: number): JsonResponse;
  json(body: unknown): void;
}

/** The problems `npm run check` finds in one file's text (articles and authors; other files pass). */
export async function checkFile(root: string, file: string, text: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  const config = await loadConfig(root);
  if (file.startsWith(`${ARTICLES_DIR}/`) && file.endsWith(".md")) {
    const authors = await loadAuthors(
      root,
      [],
      config.editions.map((e) => e.lang),
    );
    const parsed = parseArticle(file, new TextEncoder().encode(text), articleEnv(config, authors));
    if (!parsed.ok) problems.push(...parsed.problems);
  } else if (file.startsWith(`${AUTHORS_DIR}/`) && file.endsWith(".yaml")) {
    const parsed = parseYamlFile(file, text);
    if (!parsed.ok) return [parsed.problem];
    const idProblem = authorIdProblem(file, path.basename(file, ".yaml"));
    if (idProblem) problems.push(idProblem);
    if (typeof parsed.data !== "object" || parsed.data === null || Array.isArray(parsed.data)) {
      problems.push({
        file,
        line: 1,
        field: "",
        message: `expected a mapping of fields such as name:, received ${describe(parsed.data)}`,
        severity: "error",
      });
    } else {
      const schema = authorSchema(config.editions.map((e) => e.lang));
      const result = schema.safeParse(parsed.data);
      if (!result.success)
        problems.push(
          ...issuesToProblems(result.error.issues, { file, line: yamlFieldLines(parsed.text, 1), knownKeys: knownKeysOf(schema) }).map((p) => ({
            ...p,
            line: p.line || 1,
          })),
        );
    }
  }
  return problems.filter((p) => p.severity === "error");
}

interface PersistParams {
  entry?: { path: string; raw: string };
  dataFiles?: { path: string; raw: string }[];
}

/**
 * Middleware for Eleventy's dev server: `<base>admin/api/v1` is decap-server's API for the
 * repository at `root`; `<base>admin/api/check` checks a file's text without writing it.
 */
export async function localBackend(root: string, basePath: string, log: (line: string) => void): Promise<Handler> {
  const express = serverRequire("express") as (() => ExpressApp) & { json(options: unknown): unknown };
  const { registerLocalFs } = require("decap-server/dist/middlewares") as { registerLocalFs(app: ExpressApp, options: unknown): Promise<void> };
  const app = express();
  app.use(express.json({ limit: "50mb" }));
  // Saves are checked before decap-server writes them.
  app.post("/api/v1", (req, res, next) => {
    const body = req.body as { action?: string; params?: PersistParams };
    if (body.action !== "persistEntry") return next();
    const files = body.params?.dataFiles ?? (body.params?.entry ? [body.params.entry] : []);
    Promise.all(files.map((f) => checkFile(root, f.path, f.raw)))
      .then((found) => {
        const problems = found.flat();
        if (!problems.length) return next();
        const text = problems.map(formatProblem).join("\n");
        log(`cms: not saved:\n${text}`);
        res.status(422).json({ error: text });
      })
      .catch((error: unknown) => res.status(500).json({ error: String((error as Error).message ?? error) }));
  });
  app.post("/api/check", (req, res) => {
    const { path: file, raw } = req.body as { path?: string; raw?: string };
    if (typeof file !== "string" || typeof raw !== "string") return res.status(400).json({ error: "expected {path, raw}" });
    checkFile(root, file, raw)
      .then((problems) => res.json({ problems: problems.map(formatProblem) }))
      .catch((error: unknown) => res.status(500).json({ error: String((error as Error).message ?? error) }));
  });
  // decap-server reads the repository's folder from the environment when it is registered.
  const before = process.env.GIT_REPO_DIRECTORY;
  process.env.GIT_REPO_DIRECTORY = root;
  try {
    await registerLocalFs(app, { logLevel: "warn" });
  } finally {
    if (before === undefined) delete process.env.GIT_REPO_DIRECTORY;
    else process.env.GIT_REPO_DIRECTORY = before;
  }
  const prefix = `${basePath}admin/api/`;
  return (req, res, next) => {
    const url = req.url ?? "";
    if (req.method !== "POST" && req.method !== "OPTIONS") return next();
    if (!url.startsWith(prefix)) return next();
    // The preview listens on every interface; writing into the repository is for this computer only.
    if (!LOOPBACK.has(req.socket.remoteAddress ?? "")) {
      res.writeHead(403, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "the CMS's local backend answers only this computer (localhost)" }));
      return;
    }
    req.url = `/api/${url.slice(prefix.length)}`;
    app(req, res, next);
  };
}

/**
 * Serves `<base>admin/` as it was written, without the dev server's live-reload script: a
 * rebuild after a save must not reload the CMS and lose what the editor is typing.
 */
export function adminPageMiddleware(output: string, basePath: string): Handler {
  const pages = new Set([`${basePath}admin/`, `${basePath}admin/index.html`]);
  return (req, res, next) => {
    const pathname = (req.url ?? "").split("?")[0] ?? "";
    if (req.method !== "GET" || !pages.has(pathname)) return next();
    readFile(path.join(output, "admin/index.html")).then(
      (page) => {
        res.setHeader("content-type", "text/html; charset=utf-8");
        res.setHeader("cache-control", "no-store");
        res.write(page);
        res.end();
      },
      () => next(),
    );
  };
}
