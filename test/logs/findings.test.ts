// The numbering every findings list uses (the errors tool and the runbook's errors step).

import { describe, expect, it } from "vitest";
import { atLeast, numberFindings, type FindingOrder } from "../../src/logs/index.js";

const g = (patternId: string, file: string, severity: FindingOrder["severity"], count: number): FindingOrder => ({
  patternId,
  file,
  severity,
  count,
});

describe("numberFindings", () => {
  const groups = [
    g("sdk.too_old", "b.log", "low", 9),
    g("sts.access_denied", "b.log", "high", 2),
    g("sts.access_denied", "a.log", "high", 2),
    g("imds.timeout", "a.log", "medium", 1),
    g("token.expired", "a.log", "high", 5),
  ];
  const numbered = numberFindings(groups, (x) => x);

  it("orders by severity, then count (most first), then pattern id, then file, and numbers from F-001", () => {
    expect(numbered.map(({ id, group }) => `${id} ${group.severity} ${group.count} ${group.patternId} ${group.file}`)).toEqual([
      "F-001 high 5 token.expired a.log",
      "F-002 high 2 sts.access_denied a.log",
      "F-003 high 2 sts.access_denied b.log",
      "F-004 medium 1 imds.timeout a.log",
      "F-005 low 9 sdk.too_old b.log",
    ]);
  });

  it("keeps the same ids at any minimum severity: each shorter list is a prefix", () => {
    const findings = numbered.map(({ id, group }) => ({ id, severity: group.severity }));
    expect(atLeast(findings, "high").map((f) => f.id)).toEqual(["F-001", "F-002", "F-003"]);
    expect(atLeast(findings, "medium").map((f) => f.id)).toEqual(["F-001", "F-002", "F-003", "F-004"]);
    expect(atLeast(findings, "low")).toEqual(findings);
  });

  it("does not depend on the order the groups come in", () => {
    expect(numberFindings([...groups].reverse(), (x) => x)).toEqual(numbered);
  });
});
