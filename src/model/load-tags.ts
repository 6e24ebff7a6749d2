/** Reads the optional `content/tags.yaml` (tag display names and descriptions) and validates it. */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { notRegularFile } from "../content/files.ts";
import { parseYamlFile } from "../content/yaml-file.ts";
import { yamlFieldLines } from "../content/yaml-positions.ts";
import type { Problem } from "../errors/problem.ts";
import { issuesToProblems } from "../schema/issues.ts";
import { type TagsFile, tagsFileSchema } from "../schema/tags.ts";

export const TAGS_FILE = "content/tags.yaml";

/** An absent file means no tag has extra information; problems are pushed, never thrown. */
export async function loadTagsFile(root: string, editionIds: readonly string[], problems: Problem[]): Promise<TagsFile> {
  const special = await notRegularFile(root, TAGS_FILE);
  if (special) {
    problems.push(special);
    return {};
  }
  let text: string;
  try {
    text = await readFile(path.join(root, TAGS_FILE), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return {};
    throw error;
  }
  const parsed = parseYamlFile(TAGS_FILE, text);
  if (!parsed.ok) {
    problems.push(parsed.problem);
    return {};
  }
  const { data } = parsed;
  const result = tagsFileSchema(editionIds).safeParse(data);
  if (result.success) return result.data;
  problems.push(...issuesToProblems(result.error.issues, { file: TAGS_FILE, line: yamlFieldLines(text, 1), knownKeys: knownKeys(data) }));
  return {};
}

/** Known keys of every tag entry, so a typo such as `nme` gets "did you mean name?". */
function knownKeys(data: unknown): Record<string, readonly string[]> {
  const known: Record<string, readonly string[]> = {};
  if (!data || typeof data !== "object") return known;
  for (const [edition, tags] of Object.entries(data)) {
    if (!tags || typeof tags !== "object") continue;
    for (const slug of Object.keys(tags)) known[`${edition}.${slug}`] = ["name", "description"];
  }
  return known;
}
