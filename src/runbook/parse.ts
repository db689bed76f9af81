// Parses one runbook file into the model of ./types.ts, or into every problem found in it. Sections may
// come in any order; sections other than phases, Guardrails, Common Issues, Examples and Output Format
// (a "## Notes", say) are ignored. A section given twice is read twice, its content appended.

import type { RE2JS } from "re2js";
import { parseCommonIssues } from "./common-issues.js";
import { parseExamples } from "./examples.js";
import { readFrontmatter } from "./frontmatter.js";
import { parseGuardrails } from "./guardrails.js";
import { parseOutputFormat } from "./output-format.js";
import { isPhaseHeading, parsePhase } from "./phases.js";
import { runbookIdentity } from "./runbook-id.js";
import { splitSections } from "./sections.js";
import { compileTrigger, rememberCompiledTriggers } from "./triggers.js";
import type { Problem } from "./problems.js";
import type { CommonIssue, Example, Guardrails, OutputFormat, Phase, Runbook, RunbookError } from "./types.js";

export type ParseResult = { runbook: Runbook } | { errors: RunbookError[] };

export function parseRunbook(markdown: string, file: string): ParseResult {
  const source = markdown.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const fail = (problems: Problem[]): ParseResult => ({
    errors: problems.map((problem) => ({ file, line: problem.line, message: problem.message })),
  });
  if (source.trim() === "") return fail([{ line: null, message: "the runbook file is empty" }]);

  const head = readFrontmatter(source);
  const problems: Problem[] = [...head.problems];
  const compiled: RE2JS[] = [];
  head.frontmatter?.triggers.forEach((pattern, index) => {
    const result = compileTrigger(pattern);
    if (typeof result === "string") problems.push({ line: head.triggerLines[index] ?? 1, message: result });
    else compiled.push(result);
  });
  if (head.frontmatter === null) return fail(problems);

  const phases: Phase[] = [];
  const guardrails: Guardrails = { escalationConditions: [], safetyRatings: [] };
  const commonIssues: CommonIssue[] = [];
  const examples: Example[] = [];
  let outputFormat: OutputFormat | null = null;
  for (const section of splitSections(head.body, head.bodyFirstLine)) {
    const name = section.heading
      .toLowerCase()
      .replace(/[^a-z]+/g, " ")
      .trim();
    if (isPhaseHeading(section.heading)) {
      const result = parsePhase(section);
      if ("problem" in result) problems.push(result.problem);
      else phases.push(result.phase);
    } else if (name === "guardrails" || name === "guardrail") {
      const result = parseGuardrails(section.lines);
      guardrails.escalationConditions.push(...result.guardrails.escalationConditions);
      guardrails.safetyRatings.push(...result.guardrails.safetyRatings);
      problems.push(...result.problems);
    } else if (name === "common issues" || name === "common issue") {
      const result = parseCommonIssues(section.lines);
      commonIssues.push(...result.issues);
      problems.push(...result.problems);
    } else if (name === "examples" || name === "example") {
      examples.push(...parseExamples(section.lines));
    } else if (name === "output format") {
      const result = parseOutputFormat(section.lines, section.line);
      outputFormat ??= result.format;
      problems.push(...result.problems);
    }
  }
  if (phases.length === 0 && !problems.some((problem) => problem.message.startsWith("phase heading"))) {
    problems.push({
      line: head.bodyFirstLine,
      message: 'the runbook has no phases: add at least one "## Phase <number> — <name>" section',
    });
  }
  if (problems.length > 0) return fail(problems);

  const { id, code } = runbookIdentity(head.frontmatter.title);
  const runbook: Runbook = {
    id,
    code,
    file,
    ...head.frontmatter,
    markdown,
    phases,
    guardrails,
    commonIssues,
    examples,
    outputFormat,
  };
  rememberCompiledTriggers(runbook, compiled);
  return { runbook };
}
