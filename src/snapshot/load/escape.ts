// Problems name files and quote fragments from a bundle: their control characters (an ANSI escape in a
// file name clears the operator's screen) are escaped once here, for the CLI, MCP and the report alike.

import { escapeControls, escapeLine } from "../../util/terminal.js";
import type { SnapshotProblem } from "../types.js";

export function escapeProblems(problems: readonly SnapshotProblem[]): SnapshotProblem[] {
  return problems.map((p) => ({ ...p, source: escapeLine(p.source), message: escapeControls(p.message) }));
}
