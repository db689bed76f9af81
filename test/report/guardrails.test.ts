// The runbook's guardrails applied to operator actions: ratings by the runbook's own words, and escalation
// conditions that hold only when the action or the scope calls for them.

import { describe, expect, it } from "vitest";
import { applicableEscalations, ratingFor } from "../../src/report/guardrails.js";
import type { Finding, OperatorAction } from "../../src/checks/types.js";
import { h2Runbook } from "../support/scenarios.js";

const action = (safety: string): OperatorAction => ({ description: "d.", command: "c", safety });
const finding = (causeId: Finding["causeId"], actions: OperatorAction[], clusterWide?: boolean): Finding => ({
  causeId,
  confidence: "high",
  detail: "d",
  evidence: [],
  immediate: "Operator: d",
  actions,
  ...(clusterWide === undefined ? {} : { clusterWide }),
});

describe("safety ratings from the H2 guardrails", () => {
  it("rates the runbook's named operator actions exactly", async () => {
    const g = (await h2Runbook()).guardrails;
    expect(ratingFor(action("Annotate ServiceAccount"), g)?.rating).toBe("YELLOW");
    expect(ratingFor(action("Create OIDC provider"), g)?.rating).toBe("YELLOW");
    expect(ratingFor(action("Modify IAM trust policy"), g)?.rating).toBe("RED");
  });

  it("leaves an action the runbook does not rate unrated rather than borrowing a rating for 'IAM role'", async () => {
    const g = (await h2Runbook()).guardrails;
    expect(ratingFor(action("Modify IAM role permissions"), g)).toBeNull();
    expect(ratingFor(action("Restart pods"), g)).toBeNull();
  });
});

describe("escalation conditions", () => {
  it("a trust policy change needs security approval; a permissions change does not claim it", async () => {
    const g = (await h2Runbook()).guardrails;
    expect(applicableEscalations(finding("trust_policy.subject_mismatch", [action("Modify IAM trust policy")]), g)).toEqual([
      "IAM role trust policy changes require security team approval",
    ]);
    expect(applicableEscalations(finding("permissions.role_lacks_permission", [action("Modify IAM role permissions")]), g)).toEqual([]);
  });

  it("a missing OIDC provider needs cluster admin and affects every service", async () => {
    const g = (await h2Runbook()).guardrails;
    const got = applicableEscalations(finding("oidc_provider.missing", [action("Create OIDC provider")]), g);
    expect(got).toContain("OIDC provider creation requires cluster admin access");
    expect(got.some((c) => c.startsWith("Multiple services"))).toBe(true);
  });

  it("the finding's own scope decides the multi-service escalation", async () => {
    const g = (await h2Runbook()).guardrails;
    const multi = (f: Finding) => applicableEscalations(f, g).some((c) => c.startsWith("Multiple services"));
    expect(multi(finding("webhook.not_injecting", [], false))).toBe(false);
    expect(multi(finding("webhook.not_injecting", [], true))).toBe(true);
    expect(multi(finding("oidc_provider.audience_mismatch", [], false))).toBe(false);
  });

  it("no finding, no escalation", async () => {
    expect(applicableEscalations(null, (await h2Runbook()).guardrails)).toEqual([]);
  });
});
