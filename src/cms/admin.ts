/**
 * The `/admin/` folder: Decap CMS served from its npm package (node_modules/decap-cms/dist: the
 * app with React bundled, its code-split chunks and WebAssembly; no script host), the generated
 * `config.yml`, our preview template (`newsroom.js`, src/cms/browser.js, with the
 * editions' language and the authors' names) and a page with its own Content-Security-Policy.
 * Written into the build only when `cms.enabled` is set; `npm start` always writes it, with the
 * local backend.
 */
import { copyFile, mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { uiStrings } from "../i18n.ts";
import type { SiteModel } from "../model/site.ts";
import { PROJECT_ROOT } from "../project.ts";
import { hashedAsset } from "../render/assets.ts";
import type { CmsOptions } from "./config.ts";

export const ADMIN_FOLDER = "admin";

/**
 * The admin page's policy, looser than the public pages' (src/render/security.ts) and only here:
 * Decap compiles its configuration's JSON schema with ajv (`new Function`: 'unsafe-eval'), its
 * styles are injected at run time (emotion: 'unsafe-inline' styles), a photo being uploaded is
 * shown from a `blob:` URL, and it talks to the git host's API.
 */
export function adminContentSecurityPolicy(connect: readonly string[] = []): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self' data:",
    ["connect-src 'self' blob:", ...connect].join(" "),
    "frame-src 'self' blob:",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join("; ");
}

/** The hosts the CMS's backend talks to (GitHub's API, a GitLab or Gitea server, the login server). */
export function backendOrigins(site: Pick<SiteModel, "config">): string[] {
  const backend = site.config.cms.backend;
  if (!backend) return [];
  const origins = { github: ["https://api.github.com"], gitlab: ["https://gitlab.com"], gitea: [] as string[] }[backend.name];
  return [...origins, ...(backend.baseUrl ? [new URL(backend.baseUrl).origin] : [])];
}

/** The `_headers` block for /admin/*: the admin page's policy as a header, never indexed. */
export function adminHeaders(basePath: string, connect: readonly string[]): string {
  return [
    `${basePath}admin/*`,
    // Cloudflare Pages adds every matching block's headers: the site-wide policy is detached first.
    "  ! Content-Security-Policy",
    `  Content-Security-Policy: ${adminContentSecurityPolicy(connect)}; frame-ancestors 'self'`,
    "  X-Robots-Tag: noindex",
    "",
  ].join("\n");
}

function indexHtml(basePath: string, connect: readonly string[]): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${adminContentSecurityPolicy(connect)}">
<meta name="robots" content="noindex, nofollow">
<title>Newsroom CMS</title>
<link rel="icon" href="data:,">
<link href="${basePath}admin/config.yml" type="text/yaml" rel="cms-config-url">
</head>
<body>
<script src="${basePath}admin/decap-cms.js"></script>
<script src="${basePath}admin/newsroom.js"></script>
</body>
</html>
`;
}

const require = createRequire(import.meta.url);

/** Decap's files: the app, its chunks (`123.decap-cms.js`), its WebAssembly and its licence notes. */
async function decapFiles(): Promise<{ dir: string; files: string[] }> {
  const dir = path.dirname(require.resolve("decap-cms/dist/decap-cms.js"));
  const files = (await readdir(dir)).filter((f) => /(?:^|\.)decap-cms\.js$/.test(f) || f.endsWith(".wasm") || f === "decap-cms.js.LICENSE.txt");
  return { dir, files };
}

/** What the preview template needs: each edition's language, time zone and labels, the authors' names, our stylesheet. */
function previewData(site: SiteModel, options: CmsOptions & { checkUrl?: string }): unknown {
  const editions = Object.fromEntries(
    site.config.editions.map((e) => {
      const ui = uiStrings(e.lang);
      return [
        e.id,
        {
          lang: e.lang,
          locale: e.locale,
          ui: {
            source: ui.source,
            withReferenceTo: ui.withReferenceTo,
            background: ui.background,
            updated: ui.updated,
            tags: ui.tags,
            corrections: ui.corrections,
            draft: ui.draftBanner,
            photo: ui.photo,
          },
          sections: Object.fromEntries(site.config.sections.map((s) => [s.id, s.title[e.lang] ?? s.id])),
        },
      ];
    }),
  );
  const authors = Object.fromEntries([...site.authors.values()].map((a) => [a.id, a.name]));
  const stylesheet = `${options.basePath ?? "/"}${hashedAsset(PROJECT_ROOT, "assets/site.css").path.slice(1)}`;
  return { editions, authors, stylesheet, checkUrl: options.checkUrl };
}

/** Tags of each edition's articles, most used first. */
export function tagsInUse(site: SiteModel): Map<string, string[]> {
  const counts = new Map<string, Map<string, number>>();
  for (const a of site.articles) {
    const edition = counts.get(a.edition) ?? new Map<string, number>();
    counts.set(a.edition, edition);
    for (const t of a.tags) edition.set(t, (edition.get(t) ?? 0) + 1);
  }
  return new Map([...counts].map(([e, tags]) => [e, [...tags].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).map(([t]) => t)]));
}

/**
 * Writes `<output>/admin/`. `localBackend`: the API's URL under `npm start`. `configOnly`: the
 * files the content changes (the configuration's tags, the authors' names), not Decap's own.
 */
export async function writeAdmin(
  site: SiteModel,
  root: string,
  output: string,
  options: { localBackend?: string; configOnly?: boolean } = {},
): Promise<void> {
  const basePath = site.urls.basePath;
  const dir = path.join(output, ADMIN_FOLDER);
  await mkdir(dir, { recursive: true });
  const { existsSync } = await import("node:fs");
  const pageEditions = site.config.editions.filter((e) => existsSync(path.join(root, "content/pages", e.id))).map((e) => e.id);
  // Imported when the CMS is written: every page's headers need this module (layouts), not the YAML writer behind the config.
  const { cmsConfig, cmsConfigYaml } = await import("./config.ts");
  const config = await cmsConfig(site.config, { localBackend: options.localBackend, tags: tagsInUse(site), basePath, pageEditions });
  const connect = options.localBackend ? [] : backendOrigins(site);
  const decap = options.configOnly ? { dir: "", files: [] } : await decapFiles();
  const template = await readFile(path.join(PROJECT_ROOT, "src/cms/browser.js"), "utf8");
  const data = previewData(site, { basePath, checkUrl: options.localBackend ? `${basePath}admin/api/check` : undefined });
  await Promise.all([
    writeFile(path.join(dir, "index.html"), indexHtml(basePath, connect)),
    writeFile(path.join(dir, "config.yml"), cmsConfigYaml(config)),
    writeFile(path.join(dir, "newsroom.js"), `window.NEWSROOM_CMS = ${JSON.stringify(data)};\n${template}`),
    ...decap.files.map((f) => copyFile(path.join(decap.dir, f), path.join(dir, f))),
  ]);
}
