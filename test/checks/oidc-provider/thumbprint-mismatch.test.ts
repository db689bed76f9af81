// oidc_provider.thumbprint_mismatch: only STS's message shows it; the described provider's thumbprints
// make it high, an undescribed provider medium, and no message (or no provider) no finding.

import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { check } from "../../../src/checks/oidc-provider/thumbprint-mismatch.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { found, notCollected } from "../../../src/snapshot/evidence.js";
import { scanLines } from "../../../src/logs/index.js";
import type { Snapshot } from "../../../src/snapshot/types.js";
import { loadScenario, variant } from "../../support/scenarios.js";

const BASE = "healthy--irsa";
const PROVIDER = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D";
const STS_LINE =
  "operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 400, RequestID: 1f2e3d4c-5b6a-4789-8abc-def012345678, InvalidIdentityToken: OpenIDConnect provider's HTTPS certificate doesn't match configured thumbprint";

const run = (s: Snapshot) => check.run(s, deriveFacts(s));

async function withLog(s: Snapshot, line: string): Promise<Snapshot> {
  const scanned = await scanLines("payments-api-7d9c8b6f5-x2k4q/payments-api.log", [line]);
  s.logs = found(scanned.evidence, "logs/");
  return s;
}

describe("oidc_provider.thumbprint_mismatch", () => {
  it("does not fire on the healthy IRSA and Pod Identity scenarios", async () => {
    expect(run(await loadScenario(BASE))).toBeNull();
    expect(run(await loadScenario("healthy--pod-identity"))).toBeNull();
  });

  it("fires high on STS's message with the provider's thumbprints quoted", async () => {
    const finding = run(await withLog(await loadScenario(BASE), STS_LINE));
    expect(finding?.causeId).toBe("oidc_provider.thumbprint_mismatch");
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("[9e99a48a9960b14926bb7f3b02e22da2b0ab7280]");
    expect(finding?.detail).toContain(PROVIDER);
    expect(finding?.evidence[0]?.content).toContain("doesn't match configured thumbprint");
  });

  it("gives a runnable openssl + update-open-id-connect-provider-thumbprint command for the issuer's host", async () => {
    const finding = run(await withLog(await loadScenario(BASE), STS_LINE));
    const command = finding?.actions[0]?.command ?? "";
    expect(command).toContain(
      "openssl s_client -servername oidc.eks.eu-west-1.amazonaws.com -showcerts -connect oidc.eks.eu-west-1.amazonaws.com:443",
    );
    expect(command).toContain(
      `aws iam update-open-id-connect-provider-thumbprint --open-id-connect-provider-arn ${PROVIDER} --thumbprint-list "$THUMBPRINT"`,
    );
    execFileSync("bash", ["-n", "-c", command]); // syntax only: nothing is run
    expect(finding?.immediate).toContain("EKS-hosted");
  });

  it("leaves out the EKS note for an issuer EKS does not host", async () => {
    const s = await variant(BASE, (x) => {
      if (x.aws.cluster.status !== "found") throw new Error("no cluster");
      x.aws.cluster.value.identity = { oidc: { issuer: "https://oidc.platform.example.com/prod-eu" } };
      x.aws.oidcProviderList = found(
        ["arn:aws:iam::111122223333:oidc-provider/oidc.platform.example.com/prod-eu"],
        "aws/iam-list-open-id-connect-providers.json",
      );
    });
    const finding = run(await withLog(s, STS_LINE));
    expect(finding?.confidence).toBe("medium");
    expect(finding?.immediate).not.toContain("EKS-hosted");
    expect(finding?.actions[0]?.command).toContain("-connect oidc.platform.example.com:443");
  });

  it("is medium with toConfirm when the provider was not described", async () => {
    const s = await variant(BASE, (x) => (x.aws.oidcProviders[PROVIDER] = notCollected("IAM OIDC provider")));
    const finding = run(await withLog(s, STS_LINE));
    expect(finding?.confidence).toBe("medium");
    expect(finding?.toConfirm?.[0]).toContain(`aws iam get-open-id-connect-provider --open-id-connect-provider-arn ${PROVIDER}`);
  });

  it("does not fire without STS's message, nor when the account has no provider for the issuer", async () => {
    expect(run(await variant(BASE, (x) => (x.aws.oidcProviders = {})))).toBeNull();
    const missing = await variant(BASE, (x) => {
      x.aws.oidcProviderList = found([], "aws/iam-list-open-id-connect-providers.json");
      x.aws.oidcProviders = {};
    });
    expect(run(await withLog(missing, STS_LINE))).toBeNull();
  });
});
