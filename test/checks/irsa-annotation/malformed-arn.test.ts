// irsa_annotation.malformed_arn: fires on every way the annotation is not a role ARN (extra colon, bare role
// name, whitespace, quotes), fixes it to the derivable ARN, and stays quiet on valid or missing annotations.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/irsa-annotation/malformed-arn.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { notCollected } from "../../../src/snapshot/evidence.js";
import type { Snapshot } from "../../../src/snapshot/types.js";
import { loadScenario, variant } from "../../support/scenarios.js";

const GOOD = "arn:aws:iam::111122223333:role/payments-api-irsa";
const run = (s: Snapshot) => check.run(s, deriveFacts(s));

function annotate(value: string | null) {
  return (s: Snapshot): void => {
    if (s.k8s.serviceAccount.status !== "found") throw new Error("scenario has no service account");
    const meta = s.k8s.serviceAccount.value.metadata;
    meta.annotations = value === null ? {} : { ...meta.annotations, "eks.amazonaws.com/role-arn": value };
  };
}

/** Forget every source of the account id, so a bare role name cannot be completed. */
function forgetAccount(s: Snapshot): void {
  s.target.account = null;
  s.aws.callerIdentity = notCollected("the caller identity");
  s.aws.cluster = notCollected("the cluster description");
}

describe("irsa_annotation.malformed_arn", () => {
  it("fires high on an extra colon, quoting the value and fixing it to the six-part ARN", async () => {
    const finding = run(await loadScenario("irsa_annotation.malformed_arn--extra-colon"));
    expect(finding?.causeId).toBe("irsa_annotation.malformed_arn");
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain('"arn:aws:iam:::111122223333:role/payments-api-irsa"');
    expect(finding?.detail).toContain("extra ':'");
    expect(finding?.detail).toContain("payments/payments-api");
    expect(finding?.actions[0]?.command).toBe(
      `kubectl annotate serviceaccount payments-api -n payments eks.amazonaws.com/role-arn=${GOOD} --overwrite`,
    );
    expect(finding?.evidence.some((e) => e.content.includes("Request ARN is invalid"))).toBe(true);
  });

  it("completes a bare role name with the cluster's account", async () => {
    const finding = run(await loadScenario("irsa_annotation.malformed_arn--role-name-only"));
    expect(finding?.detail).toContain("is a role name, not a role ARN");
    expect(finding?.immediate).toContain(GOOD);
    expect(finding?.toConfirm).toEqual([]);
  });

  it("asks for the account when a bare role name cannot be completed", async () => {
    const s = await variant("irsa_annotation.malformed_arn--role-name-only", forgetAccount);
    const finding = run(s);
    expect(finding?.confidence).toBe("high");
    expect(finding?.immediate).not.toContain(GOOD);
    expect(finding?.toConfirm?.join(" ")).toContain("account id");
  });

  it.each([
    ["trailing newline", `${GOOD}\n`, "whitespace"],
    ["quotes inside the value", `"${GOOD}"`, "quote characters"],
    ["missing role/ prefix", "arn:aws:iam::111122223333:payments-api-irsa", 'lacks "role/"'],
    ["region set", "arn:aws:iam:eu-west-1:111122223333:role/payments-api-irsa", "names a region"],
  ])("fires on %s and offers the corrected ARN", async (_case, value, reason) => {
    const finding = run(await variant("healthy--irsa", annotate(value)));
    expect(finding?.causeId).toBe("irsa_annotation.malformed_arn");
    expect(finding?.detail).toContain(reason);
    expect(finding?.actions[0]?.command).toContain(`eks.amazonaws.com/role-arn=${GOOD} `);
  });

  it("reads the injected AWS_ROLE_ARN when the service account was not collected", async () => {
    const s = await variant("irsa_annotation.malformed_arn--extra-colon", (x) => {
      x.k8s.serviceAccount = notCollected("service account payments/payments-api");
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("AWS_ROLE_ARN of pod payments-api-7d9c8b6f5-x2k4q");
  });

  it("does not fire on the healthy scenarios", async () => {
    expect(run(await loadScenario("healthy--irsa"))).toBeNull();
    expect(run(await loadScenario("healthy--pod-identity"))).toBeNull();
  });

  it("does not fire on a missing annotation (irsa_annotation.missing's case)", async () => {
    expect(run(await loadScenario("irsa_annotation.missing--go-no-credential-providers"))).toBeNull();
  });
});
