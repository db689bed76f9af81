// oidc_provider.audience_mismatch: fires when the cluster's provider lacks sts.amazonaws.com among its
// client IDs (high), or on "Incorrect token audience" with the provider not described (medium); leaves
// non-standard token audiences to token.audience_mismatch.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/oidc-provider/audience-mismatch.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { found, notCollected } from "../../../src/snapshot/evidence.js";
import { scanLines } from "../../../src/logs/index.js";
import type { OidcProvider, Snapshot } from "../../../src/snapshot/types.js";
import { loadScenario, variant } from "../../support/scenarios.js";

const BASE = "healthy--irsa";
const PROVIDER = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D";
const STS_LINE =
  "operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 400, RequestID: 7b3e21c4-9a0d-4f1e-8c2b-6d5e4f3a2b1c, InvalidIdentityToken: Incorrect token audience";

const run = (s: Snapshot) => check.run(s, deriveFacts(s));

async function withLog(s: Snapshot, line: string): Promise<void> {
  const scanned = await scanLines("payments-api-7d9c8b6f5-x2k4q/payments-api.log", [line]);
  s.logs = found(scanned.evidence, "logs/");
}

function provider(s: Snapshot): OidcProvider {
  const e = s.aws.oidcProviders[PROVIDER];
  if (e?.status !== "found") throw new Error("base scenario does not describe the cluster's provider");
  return e.value;
}

describe("oidc_provider.audience_mismatch", () => {
  it("does not fire on the healthy IRSA and Pod Identity scenarios", async () => {
    expect(run(await loadScenario(BASE))).toBeNull();
    expect(run(await loadScenario("healthy--pod-identity"))).toBeNull();
  });

  it("fires high when the provider's ClientIDList lacks sts.amazonaws.com, naming the provider and its client IDs", async () => {
    const finding = run(await variant(BASE, (s) => (provider(s).ClientIDList = ["https://sts.amazonaws.com"])));
    expect(finding?.causeId).toBe("oidc_provider.audience_mismatch");
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain(PROVIDER);
    expect(finding?.detail).toContain(
      "accepts only the client IDs https://sts.amazonaws.com: sts.amazonaws.com, the audience of the pod's token, is not among them",
    );
    expect(finding?.actions.map((a) => a.command)).toEqual([
      `aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${PROVIDER} --client-id sts.amazonaws.com`,
    ]);
    expect(finding?.immediate).toContain("keep the existing client IDs");
  });

  it("says the provider has no client IDs at all when the list is empty", async () => {
    const finding = run(await variant(BASE, (s) => (provider(s).ClientIDList = [])));
    expect(finding?.detail).toContain("has no client IDs (audiences) at all");
    expect(finding?.immediate).not.toContain("keep the existing client IDs");
  });

  it("leaves a non-standard token audience to token.audience_mismatch", async () => {
    const s = await variant(BASE, (x) => {
      provider(x).ClientIDList = ["sts.amazonaws.com"];
      const pod = x.k8s.pod.status === "found" ? x.k8s.pod.value : undefined;
      const source = pod?.spec.volumes?.find((v) => v.name === "aws-iam-token")?.projected?.sources?.[0]?.serviceAccountToken;
      if (!source) throw new Error("base pod has no aws-iam-token volume");
      source.audience = "vault";
    });
    await withLog(s, STS_LINE);
    expect(deriveFacts(s).workload.tokenAudience).toBe("vault");
    expect(run(s)).toBeNull();
  });

  it("is medium with toConfirm on STS's message when the provider was not described", async () => {
    const s = await variant(BASE, (x) => (x.aws.oidcProviders[PROVIDER] = notCollected("IAM OIDC provider")));
    expect(run(s)).toBeNull();
    await withLog(s, STS_LINE);
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.toConfirm).toEqual([
      `aws iam get-open-id-connect-provider --open-id-connect-provider-arn ${PROVIDER}, to see its ClientIDList`,
    ]);
  });

  it("does not fire on STS's message when the described provider does accept sts.amazonaws.com", async () => {
    const s = await loadScenario(BASE);
    await withLog(s, STS_LINE);
    expect(run(s)).toBeNull();
  });

  it("gives only a low candidate when no token was seen and no STS message: the audience is then assumed", async () => {
    // kOps: no pod exists (the webhook refuses them) and kOps' webhook issues amazonaws.com, its provider's only client ID.
    const finding = run(await loadScenario("webhook.not_injecting--kops-webhook-cert-volume-missing-failurepolicy-fail"));
    expect(finding?.confidence).toBe("low");
    expect(finding?.toConfirm?.at(-1)).toMatch(/sts\.amazonaws\.com is only the EKS default, assumed here$/);
  });
});
