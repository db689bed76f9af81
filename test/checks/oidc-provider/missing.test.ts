// oidc_provider.missing: fires when the account's provider list lacks the cluster's issuer (high), or on
// STS's "No OpenIDConnect provider found" with the list unavailable (medium); never on healthy bundles.

import { describe, expect, it } from "vitest";
import { check } from "../../../src/checks/oidc-provider/missing.js";
import { deriveFacts } from "../../../src/diagnosis/facts/index.js";
import { found, notCollected, unavailable } from "../../../src/snapshot/evidence.js";
import { scanLines } from "../../../src/logs/index.js";
import type { Snapshot } from "../../../src/snapshot/types.js";
import { loadScenario, variant } from "../../support/scenarios.js";

const BASE = "healthy--irsa";
const ISSUER = "https://oidc.eks.eu-west-1.amazonaws.com/id/5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D";
const PROVIDER = "arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5C1A9F3B2D7E4A6B8C0D1E2F3A4B5C6D";
const OTHER = "oidc.eks.eu-west-1.amazonaws.com/id/8E3B1D6F0A2C4E9B7D5F1A3C6E8B0D2F";
const STS_LINE = `operation error STS: AssumeRoleWithWebIdentity, https response error StatusCode: 400, RequestID: 0c9e4b7a-2d61-4f38-a5e0-7b1c3d9f2e84, InvalidIdentityToken: No OpenIDConnect provider found in your account for ${ISSUER}`;

const run = (s: Snapshot) => check.run(s, deriveFacts(s));

async function withLog(s: Snapshot, line: string): Promise<void> {
  const scanned = await scanLines("payments-api-7d9c8b6f5-x2k4q/payments-api.log", [line]);
  s.logs = found(scanned.evidence, "logs/");
}

function dropProvider(s: Snapshot): void {
  if (s.aws.oidcProviderList.status !== "found") throw new Error("base scenario lists no providers");
  s.aws.oidcProviderList.value = s.aws.oidcProviderList.value.filter((arn) => arn !== PROVIDER);
  delete s.aws.oidcProviders[PROVIDER];
}

describe("oidc_provider.missing", () => {
  it("does not fire on the healthy IRSA and Pod Identity scenarios", async () => {
    expect(run(await loadScenario(BASE))).toBeNull();
    expect(run(await loadScenario("healthy--pod-identity"))).toBeNull();
  });

  it("fires high when the provider list was read and lacks the issuer, naming the other EKS provider", async () => {
    const finding = run(await variant(BASE, dropProvider));
    expect(finding?.causeId).toBe("oidc_provider.missing");
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain(ISSUER);
    expect(finding?.detail).toContain(PROVIDER);
    expect(finding?.detail).toContain(OTHER);
    expect(finding?.detail).toContain("prod-eu");
    expect(finding?.evidence.some((e) => e.type === "oidc_provider" && e.content.includes(`none for ${ISSUER.slice(8)}`))).toBe(true);
  });

  it("offers eksctl and the aws CLI, fitted to the cluster, region and issuer", async () => {
    const finding = run(await variant(BASE, dropProvider));
    const commands = finding?.actions.map((a) => a.command) ?? [];
    expect(commands).toEqual([
      "eksctl utils associate-iam-oidc-provider --cluster prod-eu --region eu-west-1 --approve",
      `aws iam create-open-id-connect-provider --url ${ISSUER} --client-id-list sts.amazonaws.com`,
    ]);
    expect(finding?.actions.every((a) => a.safety === "Create OIDC provider")).toBe(true);
    expect(finding?.immediate).toMatch(/^Operator: /);
    expect(finding?.immediate).not.toContain("does not admit"); // the role's trust policy is fine here
  });

  it("quotes STS's message when the logs carry it", async () => {
    const finding = run(await variant(BASE, dropProvider).then(async (s) => (await withLog(s, STS_LINE), s)));
    expect(finding?.evidence[0]).toMatchObject({
      type: "credential_finding",
      content: expect.stringContaining("No OpenIDConnect provider found"),
    });
  });

  it("is medium with toConfirm when the list is unavailable but STS's message is in the logs", async () => {
    const s = await variant(BASE, (x) => {
      x.aws.oidcProviderList = unavailable("permission_denied", "iam:ListOpenIDConnectProviders was denied", {
        permission: "iam:ListOpenIDConnectProviders",
      });
      x.aws.oidcProviders = {};
    });
    await withLog(s, STS_LINE);
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.toConfirm?.join(" ")).toContain("aws iam list-open-id-connect-providers");
    expect(finding?.toConfirm?.join(" ")).toContain("iam:ListOpenIDConnectProviders was denied");
  });

  it("does not fire when the list is unavailable and the logs say nothing (absent is not unavailable)", async () => {
    const s = await variant(BASE, (x) => {
      x.aws.oidcProviderList = notCollected("IAM OIDC providers");
      x.aws.oidcProviders = {};
    });
    expect(run(s)).toBeNull();
  });

  it("does not fire for a pod that uses Pod Identity only", async () => {
    const s = await loadScenario("healthy--pod-identity");
    s.aws.oidcProviderList = found([`arn:aws:iam::111122223333:oidc-provider/${OTHER}`], "aws/iam-list-open-id-connect-providers.json");
    s.aws.oidcProviders = {};
    expect(deriveFacts(s).aws.oidc.provider).toBe("missing");
    expect(run(s)).toBeNull();
  });

  it("is medium when the list lacks the issuer but nothing shows the pod uses IRSA", async () => {
    const s = await variant(BASE, (x) => {
      dropProvider(x);
      x.k8s.pod = notCollected("pod");
      x.k8s.pods = notCollected("pods");
      x.k8s.serviceAccount = notCollected("service account");
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("medium");
    expect(finding?.toConfirm?.join(" ")).toContain("kubectl get serviceaccount");
    await withLog(s, STS_LINE);
    expect(run(s)?.confidence).toBe("high");
  });

  it("names the old provider the role still trusts when the cluster was re-created with a new issuer", async () => {
    const s = await variant(BASE, (x) => {
      if (x.aws.cluster.status !== "found") throw new Error("base scenario has no cluster");
      x.aws.cluster.value.identity = { oidc: { issuer: "https://oidc.eks.eu-west-1.amazonaws.com/id/A7F41C09D3E2B58E6C1D0F9A2B4E7C31" } };
    });
    const finding = run(s);
    expect(finding?.confidence).toBe("high");
    expect(finding?.detail).toContain("A7F41C09D3E2B58E6C1D0F9A2B4E7C31");
    expect(finding?.immediate).toContain(
      `The trust policy of role payments-api-irsa does not admit system:serviceaccount:payments:payments-api either (it still trusts ${PROVIDER})`,
    );
  });
});
