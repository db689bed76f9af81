// credential_chain.role_arn_override: AWS_ROLE_ARN set by the container spec (seen in the workload's
// template, or in a pod created after the annotation was written) differs from the annotation; the webhook
// keeps it, so the SDK asks for the spec's role. A pod older than the annotation is pod_predates_annotation's.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/credential-chain/role-arn-override.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { found } from "../../../src/snapshot/evidence.js";
import type { LogMatch, Snapshot } from "../../../src/snapshot/types.js";
import { variant } from "../../support/scenarios.js";

const run = (s: Snapshot) => check.run(s, deriveFacts(s));
const OTHER = "arn:aws:iam::111122223333:role/shared-batch-role";

function setRole(s: Snapshot, arn: string, inTemplate: boolean): void {
  if (s.k8s.pod.status !== "found") throw new Error("no pod");
  const env = s.k8s.pod.value.spec.containers[0]!.env!;
  env.find((e) => e.name === "AWS_ROLE_ARN")!.value = arn;
  if (!inTemplate || s.k8s.owners.status !== "found") return;
  const deployment = s.k8s.owners.value.find((o) => o.kind === "Deployment")!;
  const spec = deployment["spec"] as { template: { spec: { containers: { env?: unknown[] }[] } } };
  (spec.template.spec.containers[0]!.env ??= []).push({ name: "AWS_ROLE_ARN", value: arn });
}

/** STS refusing the spec's role, in the container's own log. */
function refused(s: Snapshot): void {
  const m: LogMatch = {
    patternId: "sts.web_identity_access_denied",
    file: "payments-api-7d9c8b6f5-x2k4q/payments-api.log",
    line: 3,
    text: `AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity (roleArn ${OTHER})`,
    time: null,
    captures: {},
  };
  s.logs = found({ files: [m.file], matches: [m], counts: { [m.patternId]: 1 } }, "logs/");
}

describe("credential_chain.role_arn_override", () => {
  it("does not fire on the healthy IRSA scenario", async () => {
    expect(run(await variant("healthy--irsa", () => {}))).toBeNull();
  });

  it("fires high when the Deployment's template writes a different AWS_ROLE_ARN and STS refuses it, with the guarded JSON patch", async () => {
    const f = run(
      await variant("healthy--irsa", (s) => {
        setRole(s, OTHER, true);
        refused(s);
      }),
    );
    expect(f?.causeId).toBe("credential_chain.role_arn_override");
    expect(f?.confidence).toBe("high");
    expect(f?.detail).toContain(`sets AWS_ROLE_ARN=${OTHER} in its spec`);
    expect(f?.detail).toContain("instead of arn:aws:iam::111122223333:role/payments-api-irsa");
    expect(f?.actions[0]?.command).toMatch(/^kubectl patch deployment\/payments-api -n payments --type json -p '\[\{"op":"test"/);
  });

  it("is medium when the template's role is not seen failing: it may be the role the chart means, and work", async () => {
    const f = run(await variant("healthy--irsa", (s) => setRole(s, OTHER, true)));
    expect(f?.causeId).toBe("credential_chain.role_arn_override");
    expect(f?.confidence).toBe("medium");
  });

  it("stays silent when nothing shows the spec set it: a pod older than the annotation is a stale injection", async () => {
    expect(run(await variant("healthy--irsa", (s) => setRole(s, OTHER, false)))).toBeNull();
  });
});
