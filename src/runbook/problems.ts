// A problem found while parsing one runbook, before the file name is attached. Parsers collect these
// instead of throwing so that one run reports every problem in a file, not just the first.

export interface Problem {
  /** 1-based line in the runbook file, or null when the problem is the whole file. */
  line: number | null;
  message: string;
}
