// Ties the pattern library to the runbook: every trigger of runbooks/h2-irsa-pod-identity.md and every
// message quoted in its "## Common Issues" is recognised by a high-severity pattern's example line.

import { readFileSync } from "node:fs";
import matter from "gray-matter";
import { describe, expect, it } from "vitest";
import { LOG_PATTERNS } from "../../src/logs/patterns/index.js";

const runbook = matter(readFileSync("runbooks/h2-irsa-pod-identity.md", "utf8"));
const triggers = (runbook.data as { triggers: string[] }).triggers;
const commonIssues = runbook.content.split("## Common Issues")[1]!.split("\n## ")[0]!;
const quoted = [...commonIssues.matchAll(/symptoms: "[^"\n]*"/g)].flatMap((m) =>
  [...m[0].matchAll(/'(.+?)'(?![A-Za-z])/g)].map((q) => q[1]!),
);

const highExamples = LOG_PATTERNS.filter((p) => p.severity === "high").flatMap((p) =>
  p.examples.match.map((e) => ({ id: p.id, line: e.line })),
);

describe("the runbook's messages", () => {
  it("has triggers and quoted Common Issues messages to check", () => {
    expect(triggers.length).toBeGreaterThanOrEqual(4);
    expect(quoted).toEqual(
      expect.arrayContaining([
        "Request ARN is invalid",
        "Incorrect token audience",
        "HTTPS certificate doesn't match configured thumbprint",
      ]),
    );
  });

  it.each([...triggers, ...quoted])("%s is recognised by a high-severity pattern", (phrase) => {
    const re = new RegExp(phrase);
    expect(highExamples.filter((e) => re.test(e.line)).map((e) => e.id).length).toBeGreaterThan(0);
  });
});
