// Reads a runbook's YAML frontmatter through gray-matter and validates it with zod. The YAML itself is
// parsed by the `yaml` package (as gray-matter's engine) so that errors and keys carry line numbers.

import matter from "gray-matter";
import { isMap, isSeq, LineCounter, parseDocument, YAMLParseError, type Document } from "yaml";
import { z } from "zod";
import type { RunbookFrontmatter } from "./types.js";
import type { Problem } from "./problems.js";

const requiredText = z.string().trim().min(1);

export const frontmatterSchema = z.object({
  title: requiredText,
  description: requiredText,
  status: requiredText,
  severity: requiredText,
  triggers: z.array(z.string().min(1)),
  owner: requiredText,
  objective: requiredText,
  context: requiredText,
});

const FIELD_NAMES = Object.keys(frontmatterSchema.shape) as (keyof RunbookFrontmatter)[];

export interface FrontmatterResult {
  frontmatter: RunbookFrontmatter | null;
  /** The markdown after the frontmatter, and the file line it starts on. */
  body: string;
  bodyFirstLine: number;
  /** 1-based file line of each trigger, in order (null when not locatable). */
  triggerLines: (number | null)[];
  problems: Problem[];
}

/** `source` must already have "\n" line endings. */
export function readFrontmatter(source: string): FrontmatterResult {
  const fail = (problems: Problem[]): FrontmatterResult => ({
    frontmatter: null,
    body: "",
    bodyFirstLine: 1,
    triggerLines: [],
    problems,
  });
  if (!/^---[^\S\n]*\n/.test(source)) {
    return fail([
      {
        line: 1,
        message:
          'no YAML frontmatter: the file must start with a "---" line, then title, description, status, severity, triggers, owner, objective and context, then "---"',
      },
    ]);
  }
  if (!/\n---[^\S\n]*(\n|$)/.test(source.slice(3))) {
    return fail([{ line: 1, message: 'the frontmatter opened on line 1 is never closed: add a "---" line after it' }]);
  }
  const yamlState: { document: Document | null } = { document: null };
  const lineCounter = new LineCounter();
  let parsed: matter.GrayMatterFile<string>;
  try {
    // Passing options also turns off gray-matter's cache, which would otherwise return stale objects.
    parsed = matter(source, {
      engines: {
        yaml: (text: string): object => {
          const document = parseDocument(text, { lineCounter, prettyErrors: false });
          yamlState.document = document;
          const firstError = document.errors[0];
          if (firstError) throw firstError;
          return (document.toJS() ?? {}) as object;
        },
      },
    });
  } catch (error) {
    const line = error instanceof YAMLParseError ? lineCounter.linePos(error.pos[0]).line : 1;
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    return fail([{ line, message: `the frontmatter is not valid YAML: ${reason}` }]);
  }
  // The engine sees the text after the opening "---", which starts with that line's newline, so a line
  // number in it is already a line number in the file.
  const keyLine = (key: string): number => locateKey(yamlState.document, lineCounter, key) ?? 1;
  const bodyFirstLine = countLines(source.slice(0, source.length - parsed.content.length));
  const data: unknown = parsed.data;
  const problems: Problem[] = [];
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    problems.push({ line: 1, message: "the frontmatter must be a YAML mapping of fields" });
    return { ...fail(problems), bodyFirstLine };
  }
  const record = data as Record<string, unknown>;
  for (const name of FIELD_NAMES) {
    if (record[name] === undefined || record[name] === null) {
      problems.push({ line: 1, message: `missing required frontmatter field "${name}"` });
    }
  }
  const result = frontmatterSchema.safeParse(record);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const name = String(issue.path[0] ?? "");
      if (record[name] === undefined || record[name] === null) continue; // reported above as missing
      const expected = name === "triggers" ? "a list of non-empty regular expression strings" : "a non-empty string";
      problems.push({ line: keyLine(name), message: `frontmatter field "${name}" must be ${expected}` });
    }
  }
  const triggerLines = locateSequenceItems(yamlState.document, lineCounter, "triggers");
  if (problems.length > 0 || !result.success) return { ...fail(problems), bodyFirstLine, triggerLines };
  return { frontmatter: result.data, body: parsed.content, bodyFirstLine, triggerLines, problems };
}

/** 1-based line of a top-level frontmatter key in the raw markdown (used for errors found later). */
export function frontmatterKeyLine(markdown: string, key: string): number {
  const lines = markdown.split(/\r?\n/);
  const index = lines.findIndex((text) => text.startsWith(`${key}:`));
  return index >= 0 ? index + 1 : 1;
}

function countLines(prefix: string): number {
  let lines = 1;
  for (const char of prefix) if (char === "\n") lines += 1;
  return lines;
}

function locateKey(document: Document | null, lineCounter: LineCounter, key: string): number | null {
  const contents = document?.contents;
  if (!isMap(contents)) return null;
  const pair = contents.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
  const offset = (pair?.key as { range?: [number, number, number] } | null)?.range?.[0];
  return offset === undefined ? null : lineCounter.linePos(offset).line;
}

function locateSequenceItems(document: Document | null, lineCounter: LineCounter, key: string): (number | null)[] {
  const contents = document?.contents;
  if (!isMap(contents)) return [];
  const sequence = contents.get(key, true);
  if (!isSeq(sequence)) return [];
  return sequence.items.map((item) => {
    const offset = (item as { range?: [number, number, number] } | null)?.range?.[0];
    return offset === undefined ? null : lineCounter.linePos(offset).line;
  });
}
