/**
 * Splits a Markdown file into front matter and body and parses the YAML strictly:
 * the YAML 1.2 core schema keeps times as strings (no UTC surprise, REFERENCE.md §2)
 * and duplicate keys are errors. Lines are counted in the original file.
 */
import { isUtf8 } from "node:buffer";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import matter from "gray-matter";
import yaml from "js-yaml";
import { locateField, yamlSyntaxError } from "./yaml-positions.ts";

export interface FrontMatterFile {
  data: unknown;
  body: string;
  /** The front matter text, as YAML, for locating fields. */
  yamlText: string;
  /** 1-based line of the first YAML line in the file. */
  yamlStartLine: number;
  /** 1-based line of the first body line. */
  bodyStartLine: number;
  /** 1-based line of the closing ---. */
  closeLine: number;
}

export interface FrontMatterFailure {
  line?: number;
  column?: number;
  message: string;
}

const FENCE = /^---[ \t]*$/;

function parseYaml(text: string): object {
  return yaml.load(text, { schema: yaml.CORE_SCHEMA }) as object;
}

/** Articles larger than this are refused before parsing (a news article is a few kB). */
export const MAX_ARTICLE_BYTES = 2 * 1024 * 1024;

/** Decodes a file strictly: invalid UTF-8 is an error with the line of the first bad byte. */
export function decodeUtf8(bytes: Uint8Array): { ok: true; text: string } | { ok: false; error: FrontMatterFailure } {
  if (bytes.length > MAX_ARTICLE_BYTES) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    return { ok: false, error: { line: 1, message: `expected an article under ${mb(MAX_ARTICLE_BYTES)} MB, received ${mb(bytes.length)} MB` } };
  }
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // isUtf8 is a native check, several times faster than a fatal TextDecoder.
  if (isUtf8(buffer)) return { ok: true, text: buffer.toString("utf8") };
  const lossy = buffer.toString("utf8");
  const bad = lossy.indexOf("\uFFFD");
  const line = lossy.slice(0, Math.max(bad, 0)).split("\n").length;
  return { ok: false, error: { line, message: "expected UTF-8 text, found bytes that are not UTF-8 (save the file as UTF-8)" } };
}

export function parseFrontMatter(raw: string): { ok: true; value: FrontMatterFile } | { ok: false; error: FrontMatterFailure } {
  // A BOM, CRLF line endings and blank lines before the opening --- have an obvious meaning: accept them.
  const text = raw.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  if (text.trim() === "") return { ok: false, error: { line: 1, message: "expected front matter between --- lines, received an empty file" } };
  // Only the head of the file is split into lines: bodies can be long and are kept as one string.
  const blank = /^(?:[ \t]*\n)*/.exec(text)?.[0] ?? "";
  const open = blank.split("\n").length - 1;
  const firstLineEnd = text.indexOf("\n", blank.length);
  const firstLine = text.slice(blank.length, firstLineEnd === -1 ? undefined : firstLineEnd);
  if (!FENCE.test(firstLine)) {
    return {
      ok: false,
      error: { line: open + 1, message: `expected the file to start with a --- line opening the front matter, received "${truncate(firstLine)}"` },
    };
  }
  const closing = /^---[ \t]*$/m;
  const rest = firstLineEnd === -1 ? "" : text.slice(firstLineEnd + 1);
  const match = closing.exec(rest);
  if (!match) return { ok: false, error: { line: open + 1, message: "expected a closing --- line after the front matter, found none" } };
  const yamlText = rest.slice(0, Math.max(match.index - 1, 0));
  const yamlLines = match.index === 0 ? 0 : yamlText.split("\n").length;
  const close = open + 1 + yamlLines;
  const afterClose = rest.indexOf("\n", match.index);
  const body = afterClose === -1 ? "" : rest.slice(afterClose + 1);
  let data: unknown;
  try {
    // gray-matter parses just the front matter, through the strict engine.
    data = matter(`---\n${yamlText}\n---\n`, { engines: { yaml: parseYaml } }).data ?? {};
  } catch (error) {
    if (error instanceof yaml.YAMLException) {
      const yamlStart = open + 2;
      const precise = yamlSyntaxError(yamlText);
      return {
        ok: false,
        error: precise
          ? { line: yamlStart + precise.line - 1, column: precise.column, message: `YAML syntax error: ${precise.message}` }
          : { line: yamlStart + error.mark.line, column: error.mark.column + 1, message: `YAML syntax error: ${error.reason}` },
      };
    }
    throw error;
  }
  // An empty body is not an error here: a brief (a summary or a source link, no text) is an article (parse-article decides).
  // One blank line after the closing --- is dropped; the body's lines are still counted in the file.
  const blankFirst = body.startsWith("\n");
  return {
    ok: true,
    value: {
      data,
      body: blankFirst ? body.slice(1) : body,
      yamlText,
      yamlStartLine: open + 2,
      bodyStartLine: close + 2 + (blankFirst ? 1 : 0),
      closeLine: close + 1,
    },
  };
}

function truncate(s: string, max = 40): string {
  return s.length > max ? `${s.slice(0, max)}…` : s;
}

/** The file line of a front-matter field, re-reading the file (error paths only). */
export async function locateInFile(root: string, file: string, path: readonly PropertyKey[]): Promise<number | undefined> {
  const parsed = parseFrontMatter(await readFile(join(root, file), "utf8"));
  if (!parsed.ok) return undefined;
  const line = locateField(parsed.value.yamlText, path);
  return line === undefined ? undefined : parsed.value.yamlStartLine + line - 1;
}
