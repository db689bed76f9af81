// Shared helpers for the runbook tests: read a runbook file and parse it, failing loudly on errors.

import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseRunbook, type Runbook, type Step } from "../../src/runbook/index.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const FIXTURES = join(ROOT, "fixtures", "runbooks");
export const BROKEN = join(FIXTURES, "broken");

export function parseFile(file: string): Runbook {
  const result = parseRunbook(readFileSync(file, "utf8"), file);
  if ("errors" in result) throw new Error(`${file} did not parse: ${JSON.stringify(result.errors)}`);
  return result.runbook;
}

/** 1-based line of the first line of the file that contains `text` (so tests do not hard-code lines). */
export function lineOf(file: string, text: string): number {
  const index = readFileSync(file, "utf8")
    .split("\n")
    .findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`"${text}" is not in ${file}`);
  return index + 1;
}

/** A step without its line and children, for compact comparisons. */
export function summary(step: Step): Pick<Step, "level" | "condition" | "tool" | "params" | "command"> {
  return { level: step.level, condition: step.condition, tool: step.tool, params: step.params, command: step.command };
}
