// Small readings the tools rely on: the year of yearless timestamps, which Common Issue a finding's line
// shows, and the safety rating a runbook gives each tool.

import { describe, expect, it } from "vitest";
import { issueSignatures, matchIssues } from "../../src/logtools/common-issues.js";
import { safetyRatingFor } from "../../src/runbook/safety-ratings.js";
import { SourceClock } from "../../src/logtools/time.js";
import { h2Runbooks } from "./support/engine.js";

describe("SourceClock", () => {
  it("reads lines with their own year as they are", () => {
    const clock = new SourceClock("2026-01-01T00:00:00Z");
    expect(clock.timeOf("2024-11-28T10:00:00.5Z error")).toBe("2024-11-28T10:00:00.500Z");
  });

  it("gives yearless journal lines the year the file was written", () => {
    expect(new SourceClock("2024-11-28T10:05:00Z").timeOf("Nov 28 10:00:01 host kubelet[1]: I1128 10:00:01.000 x")).toBe(
      "2024-11-28T10:00:01.000Z",
    );
  });

  it("puts a December line in a file written in January in the year before", () => {
    expect(new SourceClock("2025-01-02T00:00:00Z").timeOf("Dec 31 23:59:00 host kubelet[1]: x")).toBe("2024-12-31T23:59:00.000Z");
  });

  it("prefers the year the file itself showed last", () => {
    const clock = new SourceClock("2026-06-01T00:00:00Z");
    expect(clock.timeOf("2023-05-01T00:00:00Z start")).toBe("2023-05-01T00:00:00.000Z");
    expect(clock.timeOf("I0502 10:00:00.000000 1 x.go:1] later")).toBe("2023-05-02T10:00:00.000Z");
  });

  it("gives no time to a yearless line when the file's time is unknown", () => {
    expect(new SourceClock(null).timeOf("Nov 28 10:00:01 host kubelet[1]: x")).toBeNull();
  });
});

describe("Common Issues shown by a finding's line", () => {
  it.each([
    [
      "An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity",
      [0, 7],
    ],
    [
      "caused by: InvalidIdentityToken: No OpenIDConnect provider found in your account for https://oidc.eks.eu-west-1.amazonaws.com/id/X",
      [1, 2, 11],
    ],
    ["ExpiredTokenException: Token expired", [3]],
    ["ValidationError: Request ARN is invalid", [4]],
    ["InvalidIdentityToken: Incorrect token audience", [2, 5, 11]],
    ["Error retrieving metadata: Read timeout on endpoint URL: http://169.254.170.23/v1/credentials", [9]],
    ["AWS_WEB_IDENTITY_TOKEN_FILE=/var/run/secrets/eks.amazonaws.com/serviceaccount/token", []],
    ["all good", []],
  ])("%s -> issues %j", async (sample, expected) => {
    const runbooks = (await h2Runbooks()).runbooks;
    expect(matchIssues(issueSignatures(runbooks), sample).map((m) => m.index)).toEqual(expected);
  });
});

describe("safety ratings from the runbook's guardrails", () => {
  it("rates collect, search, errors and correlate GREEN (read-only), and leaves status and summarize unrated", async () => {
    const runbooks = (await h2Runbooks()).runbooks;
    for (const tool of ["collect", "search", "errors", "correlate"]) {
      expect(safetyRatingFor(runbooks, tool)).toEqual({ rating: "GREEN", note: "read-only", runbook: "h2-irsa-pod-identity-confusion" });
    }
    expect(safetyRatingFor(runbooks, "status")).toBeNull();
    expect(safetyRatingFor(runbooks, "summarize")).toBeNull();
  });
});
