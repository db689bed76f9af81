// Which of a runbook's Common Issues a finding matches, read from the issue's symptoms: a quoted phrase
// ('Request ARN is invalid', which may be a regex) found in the finding's sample line, or else every
// identifier the symptoms name (AccessDenied, AssumeRoleWithWebIdentity, 169.254.170.23, AWS_ROLE_ARN,
// eks-pod-identity-agent) present in it. Symptoms about an absence ("returns no matches") cannot be shown
// by a finding and never match. Conservative on purpose: a match is evidence, not a guess.

import { RE2JS } from "re2js";
import type { CommonIssue, Runbook } from "../runbook/types.js";

export interface IssueMatch {
  runbook: string;
  index: number;
  issue: CommonIssue;
  /** The phrases or identifiers found in the finding's sample. */
  matchedOn: string[];
}

interface IssueSignature {
  runbook: string;
  index: number;
  issue: CommonIssue;
  phrases: { text: string; re: RE2JS }[];
  identifiers: string[];
}

const QUOTED = /'([^']{3,})'|"([^"]{3,})"/g;
const ABSENCE = /\b(?:no matches|returns nothing|no results|not found in)\b/i;

function isIdentifier(word: string): boolean {
  const upper = (word.match(/[A-Z]/g) ?? []).length;
  const lower = (word.match(/[a-z]/g) ?? []).length;
  if (upper >= 2 && lower >= 1) return true; // AccessDenied, OpenIDConnect, sts:AssumeRoleWithWebIdentity
  if (/^[A-Z0-9]+(?:_[A-Z0-9]+)+$/.test(word)) return true; // AWS_ROLE_ARN
  if (/\d/.test(word) && /[.:]/.test(word)) return true; // 169.254.170.23
  return /^[a-z0-9]+(?:-[a-z0-9]+){2,}$/.test(word); // eks-pod-identity-agent
}

export function issueSignatures(runbooks: readonly Runbook[]): IssueSignature[] {
  const out: IssueSignature[] = [];
  for (const runbook of runbooks) {
    runbook.commonIssues.forEach((issue, index) => {
      if (ABSENCE.test(issue.symptoms)) return;
      const phrases: IssueSignature["phrases"] = [];
      for (const m of issue.symptoms.matchAll(QUOTED)) {
        const text = (m[1] ?? m[2])!;
        let re: RE2JS;
        try {
          re = RE2JS.compile(text, RE2JS.CASE_INSENSITIVE);
        } catch {
          re = RE2JS.compile(RE2JS.quote(text), RE2JS.CASE_INSENSITIVE);
        }
        phrases.push({ text, re });
      }
      const unquoted = issue.symptoms.replace(QUOTED, " ");
      const identifiers = [
        ...new Set(
          unquoted
            .split(/\s+/)
            .map((w) => w.replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, ""))
            .filter(isIdentifier),
        ),
      ];
      if (phrases.length > 0 || identifiers.length > 0) out.push({ runbook: runbook.id, index, issue, phrases, identifiers });
    });
  }
  return out;
}

/** The issues whose symptoms this sample line shows. */
export function matchIssues(signatures: readonly IssueSignature[], sample: string): IssueMatch[] {
  const lower = sample.toLowerCase();
  const out: IssueMatch[] = [];
  for (const s of signatures) {
    const phrases = s.phrases.filter((p) => p.re.test(sample)).map((p) => p.text);
    if (phrases.length > 0) {
      out.push({ runbook: s.runbook, index: s.index, issue: s.issue, matchedOn: phrases });
      continue;
    }
    if (s.identifiers.length > 0 && s.identifiers.every((id) => lower.includes(id.toLowerCase()))) {
      out.push({ runbook: s.runbook, index: s.index, issue: s.issue, matchedOn: s.identifiers });
    }
  }
  return out;
}
