/**
 * Browser helpers for scripts and tests: a tiny static server for a built site (node:http on 127.0.0.1,
 * a random port, optionally under a sub-path) and Debian's Chromium driven by playwright-core
 * (installed by .ci/run; never `playwright install`). tests/helpers/browser.ts re-exports them;
 * scripts/bench-search.ts uses them directly (scripts never import tests/).
 */
import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { type Browser, chromium } from "playwright-core";

export const CHROMIUM = "/usr/bin/chromium";

/** Without the background-networking flags Chromium keeps dialling Google on a closed network (.library/env/machines/node.md). */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 120_000 });
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".xml": "application/xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".svg": "image/svg+xml",
  ".wasm": "application/wasm",
};

export interface StaticServer {
  /** `http://127.0.0.1:PORT/` plus the sub-path. */
  url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** Seconds for `Cache-Control: max-age`; without it no caching header is sent. */
  maxAge?: number;
  /**
   * Told each request's path before it is answered; the answer waits for the promise it returns. Counts what a
   * page fetched, even from its web workers (which Playwright's page events do not see), and can hold a file back.
   */
  onRequest?: (pathname: string) => Promise<void> | undefined;
}

/**
 * Serves `dir` at `basePath` like a static host: `/x/` is `x/index.html`, anything missing gets `404.html` with status 404.
 * With `maxAge` (seconds) every file is sent with `Cache-Control: max-age=N`, as GitHub Pages does (600), so a browser's
 * second visit reads from its cache; without it nothing is cached.
 */
export async function serveStatic(dir: string, basePath = "/", options: ServeOptions = {}): Promise<StaticServer> {
  const cache = options.maxAge === undefined ? {} : { "cache-control": `max-age=${options.maxAge}` };
  const server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    await options.onRequest?.(pathname);
    const relative = pathname.startsWith(basePath) ? pathname.slice(basePath.length) : undefined;
    const file = relative === undefined ? undefined : relative === "" || relative.endsWith("/") ? `${relative}index.html` : relative;
    try {
      if (file === undefined || file.split("/").includes("..")) throw new Error("outside the site");
      const body = await readFile(path.join(dir, file));
      res.writeHead(200, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", ...cache });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": TYPES[".html"] });
      res.end(await readFile(path.join(dir, "404.html")).catch(() => "not found"));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${basePath}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
