// Parses the "## Examples" section: each fenced block is an example, kept as text, and its tool calls
// (`name(key=value, ...)` lines, possibly spread over several lines) are read into { tool, args }.
// Argument values are read as YAML flow values, so "text" is a string, 120 a number and ["a","b"] an
// array, as written. Positional arguments are kept under their index ("0", "1", ...).

import { parse } from "yaml";
import { findFencedBlocks, blockText, type SourceLine } from "./sections.js";
import type { Example, ExampleCall } from "./types.js";

const CALL = /^([A-Za-z_][\w.-]*)\s*\(([\s\S]*)\)\s*;?$/;
const CALL_START = /^\s*[A-Za-z_][\w.-]*\s*\(/;
const COMMENT = /^\s*(?:#|\/\/)/;
const NAMED = /^([A-Za-z_][\w-]*)\s*=\s*([\s\S]+)$/;

export function parseExamples(lines: readonly SourceLine[]): Example[] {
  return findFencedBlocks(lines).map((block) => {
    const text = blockText(block);
    return { text, calls: readCalls(text) };
  });
}

function readCalls(text: string): ExampleCall[] {
  const calls: ExampleCall[] = [];
  let statement = "";
  for (const line of text.split("\n")) {
    if (statement === "" && (COMMENT.test(line) || !CALL_START.test(line))) continue; // prose or shell
    statement = statement === "" ? line.trim() : `${statement} ${line.trim()}`;
    if (openBrackets(statement) > 0) continue; // the call goes on over the next line
    const match = CALL.exec(statement);
    if (match) calls.push({ tool: match[1] ?? "", args: readArgs(match[2] ?? "") });
    statement = "";
  }
  return calls;
}

function readArgs(list: string): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  splitTopLevel(list).forEach((part, index) => {
    const named = NAMED.exec(part);
    if (named) args[named[1] ?? ""] = readValue(named[2] ?? "");
    else args[String(index)] = readValue(part);
  });
  return args;
}

function readValue(raw: string): unknown {
  try {
    return parse(raw) as unknown;
  } catch {
    // Not YAML (a backslash that is no YAML escape, say): the text as written, without its quotes.
    return /^(["']).*\1$/s.test(raw) ? raw.slice(1, -1) : raw;
  }
}

/** Splits on commas that are outside quotes and brackets. */
function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let current = "";
  let depth = 0;
  let quote: string | null = null;
  for (const char of list) {
    if (quote !== null) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if ("([{".includes(char)) depth += 1;
    else if (")]}".includes(char)) depth -= 1;
    else if (char === "," && depth === 0) {
      parts.push(current.trim());
      current = "";
      continue;
    }
    current += char;
  }
  if (current.trim() !== "") parts.push(current.trim());
  return parts;
}

/** How many brackets are still open at the end of the text (quotes respected). */
function openBrackets(text: string): number {
  let depth = 0;
  let quote: string | null = null;
  for (const char of text) {
    if (quote !== null) {
      if (char === quote) quote = null;
    } else if (char === '"' || char === "'") quote = char;
    else if ("([{".includes(char)) depth += 1;
    else if (")]}".includes(char)) depth -= 1;
  }
  return depth;
}
