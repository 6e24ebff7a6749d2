/**
 * The short Markdown version of the build report that a GitHub Actions run page shows
 * (`$GITHUB_STEP_SUMMARY`): did the stories go out (new and changed articles as links to the
 * live site), what was refused, the warnings, the next embargo lift and the timings.
 */
import { clock, seconds, zoneCity } from "./format.ts";
import type { ArticleLink, BuildReport, ReportProblem } from "./model.ts";

/** Lines per list in the summary (GitHub limits a step summary to 1 MiB); report.json has them all. */
export const SUMMARY_LIMIT = 50;

/** Text that GitHub's Markdown would read as markup (links, emphasis, HTML, table cells) shown as itself. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~]/g, "\\$&").replace(/\s+/g, " ");
}

const code = (text: string): string => `\`${text.replace(/`/g, "'")}\``;

function articleLine(a: ArticleLink): string {
  return `- [${escapeMarkdown(a.title)}](${a.url.replace(/[()\s]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`)}) (${a.edition}, ${clock(a.date)})`;
}

function problemLine(p: ReportProblem): string {
  const where = p.file ? `${p.file}${p.line ? `:${p.line}` : ""}` : "";
  return `- ${where ? `${code(where)} ` : ""}${p.field ? `${escapeMarkdown(p.field)}: ` : ""}${escapeMarkdown(p.message)}`;
}

function list<T>(items: readonly T[], line: (item: T) => string): string[] {
  const lines = items.slice(0, SUMMARY_LIMIT).map(line);
  if (items.length > SUMMARY_LIMIT) lines.push(`- … and ${items.length - SUMMARY_LIMIT} more (in the build report)`);
  return lines;
}

export function reportMarkdown(report: BuildReport): string {
  const city = zoneCity(report.timeZone);
  const out: string[] = [];
  if (report.status === "failed") {
    out.push(`### ❌ Build failed: nothing was published`, "");
    out.push(
      report.lastPublished
        ? `The site online is still the one built at ${clock(report.lastPublished)} (${city} time).`
        : "The site online, if any, was left as it was.",
      "",
    );
    out.push(`**Problems (${report.problems.length})**`, "", ...list(report.problems, problemLine), "");
  } else {
    const a = report.articles;
    const editions = a
      ? Object.entries(a.byEdition)
          .map(([id, n]) => `${id} ${n}`)
          .join(", ")
      : "";
    out.push(`### ✅ Published ${a?.published ?? 0} articles (${editions}) in ${seconds(report.seconds)}`, "");
    if (a?.comparedWith) {
      out.push(`**New (${a.added.length})**`, "", ...(a.added.length ? list(a.added, articleLine) : ["- none"]), "");
      out.push(`**Changed (${a.changed.length})**`, "", ...(a.changed.length ? list(a.changed, articleLine) : ["- none"]), "");
      if (a.removed.length) {
        out.push(
          `**Removed (${a.removed.length})**`,
          "",
          ...list(a.removed, (r) => `- ${escapeMarkdown(r.title)} (${code(r.file)}, was ${r.url})`),
          "",
        );
      }
    } else {
      out.push("No earlier build's article list to compare with (the CI cache was empty): the next build lists what it adds and changes.", "");
    }
  }
  if (report.warnings.length) out.push(`**Warnings (${report.warnings.length})**`, "", ...list(report.warnings, problemLine), "");
  const held = report.embargoed ?? [];
  const next = held[0];
  if (next) {
    out.push(
      `**Next embargo lift:** ${next.goesLive} (${city} time): ${escapeMarkdown(next.title)} (${code(next.file)})${held.length > 1 ? `; ${held.length} held back in all` : ""}`,
      "",
    );
  } else if (report.status === "published") {
    out.push("**Embargo:** nothing held back", "");
  }
  if (report.phases.length) {
    out.push("| phase | time |", "|---|--:|");
    for (const p of report.phases) out.push(`| ${escapeMarkdown(p.name)} | ${seconds(p.seconds)} |`);
    out.push("");
  }
  if (report.pages) out.push(`${report.pages.rendered} pages rendered, ${report.pages.fromCache} from the page cache.`, "");
  return `${out.join("\n")}\n`;
}
