// The parsed form of a runbook. This is the contract between the runbook engine, the MCP surface and
// the diagnosis: every field is plain data so that it serialises to JSON unchanged (runbook://{id}/parsed).

export type StepLevel = "FIRST" | "MUST" | "SHOULD" | "MAY";
export type SafetyRating = "GREEN" | "YELLOW" | "RED";

export interface RunbookFrontmatter {
  title: string;
  description: string;
  status: string;
  severity: string;
  /** Regular expressions, as written by the runbook's author. */
  triggers: string[];
  owner: string;
  objective: string;
  context: string;
}

/** A value given to a step's tool: `key=value`, key=`regex`, key="text", or a bare parameter name. */
export interface StepParam {
  name: string;
  /** null for a bare parameter name such as `clusterName` (the caller supplies it). */
  value: string | null;
}

export interface Step {
  level: StepLevel;
  /** The qualifier of a label such as "MUST (if IPVS mode detected):" -> "if IPVS mode detected"; else null. */
  condition: string | null;
  /** The step's text without list markers, markdown emphasis kept as plain text. */
  text: string;
  /** The backticked tool the step says to use ("Use `search` tool ..." -> "search"), or null. */
  tool: string | null;
  params: StepParam[];
  /** A backticked shell command the step asks for (e.g. `kubectl get nodes`), or null. */
  command: string | null;
  children: Step[];
  /** 1-based line of the step in the runbook file. */
  line: number;
}

export interface Phase {
  number: number;
  name: string;
  /** Plain paragraphs of the phase, in order. */
  notes: string[];
  steps: Step[];
  line: number;
}

export interface SafetyRatingEntry {
  /** Tool or action names the rating covers ("collect", "search", "Annotate ServiceAccount"). */
  tools: string[];
  rating: SafetyRating;
  note: string;
}

export interface Guardrails {
  escalationConditions: string[];
  safetyRatings: SafetyRatingEntry[];
}

export interface CommonIssue {
  symptoms: string;
  diagnosis: string;
  resolution: string;
}

export interface ExampleCall {
  tool: string;
  args: Record<string, unknown>;
}

export interface Example {
  text: string;
  calls: ExampleCall[];
}

/** One key of the Output Format template, with nested keys where the template has them. */
export interface OutputField {
  key: string;
  /** "scalar" | "list" | "map"; a list's items are described by `items`. */
  kind: "scalar" | "list" | "map";
  /** The template's placeholder text for a scalar, e.g. "<irsa_annotation|...> — <detail>". */
  placeholder: string | null;
  /** Allowed alternatives when the placeholder is an enumeration like <a|b|c>. */
  choices: string[];
  fields: OutputField[];
  items: OutputField[];
}

export interface OutputFormat {
  /** The template exactly as written in the runbook. */
  template: string;
  /** The template parsed as YAML. */
  value: unknown;
  fields: OutputField[];
}

export interface Runbook extends RunbookFrontmatter {
  /** Unique: the runbook's code plus a slug of the title, e.g. "h2-irsa-pod-identity-confusion". */
  id: string;
  /** The code that starts the title ("H2"), or null. */
  code: string | null;
  file: string;
  /** The markdown source, verbatim. */
  markdown: string;
  phases: Phase[];
  guardrails: Guardrails;
  commonIssues: CommonIssue[];
  examples: Example[];
  outputFormat: OutputFormat | null;
}

export interface RunbookError {
  file: string;
  /** 1-based line, or null when the problem is the whole file (unreadable, empty). */
  line: number | null;
  message: string;
}

export interface RunbookSet {
  runbooks: Runbook[];
  errors: RunbookError[];
}

export interface TriggerMatch {
  runbookId: string;
  title: string;
  /** The triggers that matched, in the runbook's order. */
  matched: string[];
  /**
   * For the diagnosis runbook: the pattern-library messages recognised in the text (the library is its
   * recognition, shared with diagnose and the errors tool); empty for the others.
   */
  recognised: { patternId: string; meaning: string }[];
  /** The number of triggers matched, plus one when only the library recognised the text; ties by runbook id. */
  score: number;
}
