import { formatReport, type Problem } from "./problem.ts";

/** The one error base class: anything an editor or operator can act on. */
export class NewsroomError extends Error {
  override name = "NewsroomError";
}

/** Content failed validation; carries every problem found in every file. */
export class ContentError extends NewsroomError {
  override name = "ContentError";
  constructor(readonly problems: Problem[]) {
    super(formatReport(problems));
  }
}
