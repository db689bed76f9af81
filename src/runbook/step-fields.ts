// Reads what a step asks for out of its text: the backticked tool to use, the tool's parameters, and a
// backticked shell command. Runbooks are prose, so these are conventions, documented where they are read.

import { findCodeSpans, type CodeSpan } from "./markdown-text.js";
import type { StepParam } from "./types.js";

export interface StepFields {
  tool: string | null;
  params: StepParam[];
  command: string | null;
}

/** Command-line programs a step may ask to run; a code span starting with one of them is a command. */
const KNOWN_CLIS: ReadonlySet<string> = new Set([
  "aws",
  "awk",
  "base64",
  "cat",
  "chronyc",
  "conntrack",
  "crictl",
  "ctr",
  "curl",
  "date",
  "df",
  "dig",
  "dmesg",
  "docker",
  "du",
  "ec2-metadata",
  "echo",
  "eksctl",
  "env",
  "ethtool",
  "find",
  "free",
  "getent",
  "grep",
  "head",
  "helm",
  "host",
  "hostname",
  "id",
  "ip",
  "ip6tables",
  "iptables",
  "ipvsadm",
  "journalctl",
  "jq",
  "kubectl",
  "less",
  "ls",
  "lsblk",
  "lsof",
  "mount",
  "nc",
  "nerdctl",
  "netstat",
  "nft",
  "nslookup",
  "nsenter",
  "ntpq",
  "nvidia-smi",
  "openssl",
  "ping",
  "printenv",
  "ps",
  "resolvectl",
  "sed",
  "ss",
  "ssh",
  "stat",
  "strace",
  "sudo",
  "sysctl",
  "systemctl",
  "tail",
  "tcpdump",
  "telnet",
  "terraform",
  "timedatectl",
  "top",
  "tracepath",
  "traceroute",
  "uname",
  "wget",
  "whoami",
  "yq",
]);

const TOOL_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
// "Use `x`", "Use the `x`", "Use EKS MCP `x`", "call `x`": a verb, then at most three articles or acronyms.
const TOOL_VERB_BEFORE = /\b(?:use|using|call|calling|invoke|run|via|tool)\s+(?:(?:the|an?|[A-Z][A-Z0-9]+)\s+){0,3}$/i;
const TOOL_WORD_AFTER = /^\s+tools?\b/i;
const RUN_WORDS = /\b(?:run|running|execute|command|shell)\b/i;
// A bare parameter list ("with clusterName, kind=Pod and severity=high to ...") ends at one of these.
const CLAUSE_END = /\s(?:to|for|so|in order|then|which|that|until)\s|\s[—–-]\s|[.;:!?](?:\s|$)|\(/;
const NOT_PARAMS = new Set(["a", "an", "the", "its", "their", "this", "that", "these", "those", "care", "caution"]);
const KEY_VALUE = /(?<![\w./-])([A-Za-z_][A-Za-z0-9_.-]*)=(`[^`]*`|"[^"]*"|'[^']*'|<[^>\s]*>|[^\s,;)\]]+)/g;

export function readStepFields(text: string): StepFields {
  const spans = findCodeSpans(text);
  const freeSpans = spans.filter((span) => text[span.start - 1] !== "=");
  const toolSpan = freeSpans.find((span) => isToolReference(text, span)) ?? null;
  const commandSpan = freeSpans.find((span) => span !== toolSpan && isCommand(span.content, text)) ?? null;
  return {
    tool: toolSpan?.content ?? null,
    params: readParams(text, spans, toolSpan),
    command: commandSpan?.content ?? null,
  };
}

function isToolReference(text: string, span: CodeSpan): boolean {
  if (!TOOL_NAME.test(span.content) || KNOWN_CLIS.has(span.content)) return false;
  return TOOL_WORD_AFTER.test(text.slice(span.end)) || TOOL_VERB_BEFORE.test(text.slice(0, span.start));
}

/**
 * A command starts with a known CLI; otherwise it needs a space, a lowercase program name and a step
 * that talks about running something, so that a quoted log message (`No OpenIDConnect provider found`)
 * is not mistaken for one.
 */
function isCommand(content: string, stepText: string): boolean {
  const program = content.split(/\s+/)[0] ?? "";
  if (KNOWN_CLIS.has(program)) return true;
  return /\s/.test(content) && /^[a-z][a-z0-9._-]*$/.test(program) && RUN_WORDS.test(stepText);
}

interface PlacedParam extends StepParam {
  at: number;
}

function readParams(text: string, spans: CodeSpan[], toolSpan: CodeSpan | null): StepParam[] {
  const insideSpan = (offset: number): boolean => spans.some((span) => offset > span.start && offset < span.end);
  const placed: PlacedParam[] = [];
  for (const match of text.matchAll(KEY_VALUE)) {
    if (insideSpan(match.index) || text[match.index - 1] === "`") continue;
    placed.push({ name: match[1] ?? "", value: cleanValue(match[2] ?? ""), at: match.index });
  }
  if (toolSpan) placed.push(...readBareNames(text, spans, toolSpan));
  placed.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  const params: StepParam[] = [];
  for (const { name, value } of placed) {
    if (seen.has(name)) continue;
    seen.add(name);
    params.push({ name, value });
  }
  return params;
}

/** Backticks and quotes are delimiters, not part of the value; <placeholders> keep their brackets. */
function cleanValue(raw: string): string {
  const delimited = /^`([^`]*)`$|^"([^"]*)"$|^'([^']*)'$/.exec(raw);
  if (delimited) return delimited[1] ?? delimited[2] ?? delimited[3] ?? "";
  return raw.replace(/[.:]+$/, "");
}

/**
 * Parameter names the caller fills in, listed without a value after the tool: "Use `status` tool with
 * executionId to poll". Only camelCase or snake_case names count, or a single word forming a whole
 * list item, so that prose after "with" is not taken for parameters.
 */
function readBareNames(text: string, spans: CodeSpan[], toolSpan: CodeSpan): PlacedParam[] {
  const masked = maskDelimited(text, spans);
  const withAt = masked.slice(toolSpan.end).search(/\bwith\s/);
  if (withAt < 0) return [];
  const clauseStart = toolSpan.end + withAt + "with ".length;
  const rest = masked.slice(clauseStart);
  const endAt = rest.search(CLAUSE_END);
  const clause = endAt < 0 ? rest : rest.slice(0, endAt);
  const names: PlacedParam[] = [];
  let offset = clauseStart;
  for (const item of clause.split(/(,|\s+and\s+)/)) {
    const itemStart = offset;
    offset += item.length;
    const trimmed = item.trim();
    if (trimmed === "" || trimmed === "," || /^and$/.test(trimmed) || trimmed.includes("=")) continue;
    const word = /^[A-Za-z_][A-Za-z0-9_]*\b/.exec(trimmed)?.[0];
    if (word === undefined || NOT_PARAMS.has(word.toLowerCase())) continue;
    const conventional = /[a-z][A-Z]/.test(word) || word.includes("_");
    if (conventional || trimmed === word) {
      names.push({ name: word, value: null, at: itemStart + item.indexOf(word) });
    }
  }
  return names;
}

/** Replaces the inside of code spans, quotes and <placeholders> so that their commas and words are inert. */
function maskDelimited(text: string, spans: CodeSpan[]): string {
  let masked = text;
  const blank = (start: number, end: number): void => {
    masked = masked.slice(0, start) + "x".repeat(Math.max(0, end - start)) + masked.slice(end);
  };
  for (const span of spans) blank(span.start + 1, span.end - 1);
  for (const match of masked.matchAll(/"[^"]*"|<[^<>]*>/g)) blank(match.index + 1, match.index + match[0].length - 1);
  return masked;
}
