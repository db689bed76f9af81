// Trigger matching: ranking by matched triggers then id, linear-time evaluation of authors' regexes,
// the error text bound, and compiling once per loaded runbook.

import { join } from "node:path";
import { RE2JS } from "re2js";
import { describe, expect, it, vi } from "vitest";
import { FIXTURES, ROOT, parseFile } from "./helpers.js";
import { getLogPattern } from "../../src/logs/index.js";
import { MAX_ERROR_TEXT_LENGTH, loadRunbooks, matchRunbooks, type Runbook } from "../../src/runbook/index.js";

const set = await loadRunbooks([join(ROOT, "runbooks"), FIXTURES]);

describe("matchRunbooks", () => {
  it("ranks H2 for an IRSA AccessDenied and lists the triggers that matched, in the runbook's order", () => {
    const text =
      "An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized; InvalidIdentityToken";
    expect(matchRunbooks(set.runbooks, text)).toEqual([
      {
        runbookId: "h2-irsa-pod-identity-confusion",
        title: "H2 — IRSA / Pod Identity Confusion",
        matched: ["AccessDenied.*AssumeRoleWithWebIdentity", "InvalidIdentityToken"],
        // Both STS answers are in the text, and botocore's ClientError form of either is recognised on its own.
        recognised: [
          { patternId: "sts.invalid_identity_token", meaning: getLogPattern("sts.invalid_identity_token")!.meaning },
          { patternId: "sts.web_identity_access_denied", meaning: getLogPattern("sts.web_identity_access_denied")!.meaning },
        ],
        score: 2,
      },
    ]);
  });

  it("matches H2 through the diagnosis's pattern library when no trigger names the message, for one point", () => {
    const text = "Aws::Errors::MissingCredentialsError: unable to sign request without credentials set";
    expect(matchRunbooks(set.runbooks, text)).toEqual([
      {
        runbookId: "h2-irsa-pod-identity-confusion",
        title: "H2 — IRSA / Pod Identity Confusion",
        matched: [],
        recognised: [{ patternId: "creds.ruby_missing_credentials", meaning: getLogPattern("creds.ruby_missing_credentials")!.meaning }],
        score: 1,
      },
    ]);
    // A version line only says which SDK is in use: not a credential failure, no runbook.
    expect(matchRunbooks(set.runbooks, "aws-sdk-java/1.12.600 Linux/5.10 OpenJDK_64-Bit_Server_VM")).toEqual([]);
  });

  it("orders by number of matched triggers, then by id on ties", () => {
    const oneEach = "ExpiredTokenException and SERVFAIL";
    expect(matchRunbooks(set.runbooks, oneEach).map((m) => [m.runbookId, m.score])).toEqual([
      ["a2-dns-resolution-failures", 1],
      ["h2-irsa-pod-identity-confusion", 1],
    ]);
    const moreDns = "ExpiredTokenException; lookup api: no such host; SERVFAIL";
    expect(matchRunbooks(set.runbooks, moreDns).map((m) => [m.runbookId, m.score])).toEqual([
      ["a2-dns-resolution-failures", 2],
      ["h2-irsa-pod-identity-confusion", 1],
    ]);
  });

  it("honours an author's (?i) flag and returns nothing when no trigger matches", () => {
    expect(matchRunbooks(set.runbooks, "KUBELET STOPPED POSTING NODE STATUS").map((m) => m.runbookId)).toEqual(["a2-node-not-ready"]);
    expect(matchRunbooks(set.runbooks, "everything is fine")).toEqual([]);
  });

  it("evaluates catastrophic patterns like (a+)+$ in linear time on a 64 KiB text", () => {
    const text = `${"a".repeat(MAX_ERROR_TEXT_LENGTH - 1)}!`;
    const started = performance.now();
    const matches = matchRunbooks(set.runbooks, text);
    const elapsed = performance.now() - started;
    expect(matches).toEqual([]);
    // A backtracking engine needs longer than the age of the universe here; RE2 takes milliseconds.
    expect(elapsed).toBeLessThan(2_000);
    const xs = `${"x".repeat(40_000)}y`;
    expect(matchRunbooks(set.runbooks, xs).map((m) => [m.runbookId, m.matched])).toEqual([
      ["t1-pathological-trigger-patterns", ["(x+x+)+y"]],
    ]);
  });

  it("only the first 64 KiB of the error text are matched", () => {
    expect(MAX_ERROR_TEXT_LENGTH).toBe(65_536);
    const inside = `${" ".repeat(MAX_ERROR_TEXT_LENGTH - 20)}SERVFAIL`;
    const beyond = `${" ".repeat(MAX_ERROR_TEXT_LENGTH)}SERVFAIL`;
    expect(matchRunbooks(set.runbooks, inside).map((m) => m.runbookId)).toEqual(["a2-dns-resolution-failures"]);
    expect(matchRunbooks(set.runbooks, beyond)).toEqual([]);
  });

  it("compiles a runbook's triggers once, when parsed, and again only if its triggers were replaced", () => {
    const compile = vi.spyOn(RE2JS, "compile");
    try {
      const runbook: Runbook = parseFile(join(FIXTURES, "a2-dns-resolution-failures.md"));
      expect(compile).toHaveBeenCalledTimes(3);
      for (let round = 0; round < 5; round += 1) matchRunbooks([runbook], "no such host");
      expect(compile).toHaveBeenCalledTimes(3);
      runbook.triggers = ["(unclosed", "host"];
      expect(matchRunbooks([runbook], "dial tcp: no such host").map((m) => m.matched)).toEqual([["host"]]);
      expect(compile).toHaveBeenCalledTimes(5);
    } finally {
      compile.mockRestore();
    }
  });

  it("a runbook built elsewhere (e.g. from JSON) is compiled on first use, an invalid trigger never matching", () => {
    const copy = JSON.parse(JSON.stringify(set.runbooks.find((r) => r.id === "a2-dns-resolution-failures"))) as Runbook;
    copy.triggers = ["(unclosed", "SERVFAIL"];
    expect(matchRunbooks([copy], "SERVFAIL (unclosed").map((m) => m.matched)).toEqual([["SERVFAIL"]]);
  });
});
