// The log-only verdict (src/diagnosis/log-only.ts) on bundles built the way the corpus bench builds them:
// a message that settles its category names that cause at medium confidence with candidates and what to
// collect; a message that fits several categories stays inconclusive with all of them; a decisive line
// does not outweigh configuration that was collected and shows otherwise; nothing from a message is high.

import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeBundle, type CorpusEntry } from "../../bench/corpus-lib.mjs";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import {
  CREDENTIALS_REJECTED,
  looksNeeded,
  MAX_CANDIDATES,
  SERVICE_REFUSED_UNNAMED,
  WEB_IDENTITY_REFUSED,
} from "../../src/logs/families.js";
import type { LogMatch } from "../../src/snapshot/types.js";
import type { LogCauseId } from "../../src/logs/causes.js";
import { diagnoseSnapshot, variant } from "../support/scenarios.js";

const root = mkdtempSync(join(tmpdir(), "irsa-doctor-log-only-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function diagnoseText(id: string, text: string) {
  const entry = { id, text } as CorpusEntry;
  return diagnoseSnapshot(await loadSnapshotDir(writeBundle(root, entry)));
}

describe("the log-only verdict", () => {
  it("names oidc_provider.missing at medium when STS says the account has no provider for the issuer", async () => {
    const { report } = await diagnoseText(
      "no-oidc",
      "caused by: InvalidIdentityToken: No OpenIDConnect provider found in your account for https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE0123",
    );
    expect(report.cause_id).toBe("oidc_provider.missing");
    expect(report.confidence).toBe("medium");
    const top = report.candidates[0]!;
    expect(top.cause_id).toBe("oidc_provider.missing");
    expect(top.to_confirm?.length ?? 0).toBeGreaterThan(0);
    // The other reading STS's text allows stays listed.
    expect(report.candidates.map((c) => c.cause_id)).toContain("trust_policy.issuer_mismatch");
  });

  it("stays inconclusive when STS finds no provider for a GovCloud or China issuer: an STS client outside that partition says the same", async () => {
    for (const issuer of [
      "https://oidc.eks.us-gov-west-1.amazonaws.com/id/EXAMPLE0123",
      "https://oidc.eks.cn-north-1.amazonaws.com.cn/id/EXAMPLE0123",
    ]) {
      const { report } = await diagnoseText(
        `no-oidc-${issuer.length}`,
        `InvalidIdentityTokenException: No OpenIDConnect provider found in your account for ${issuer}`,
      );
      expect([report.cause_id, report.confidence]).toEqual(["inconclusive", "low"]);
      expect(report.candidates.map((c) => c.cause_id)).toEqual(expect.arrayContaining(["oidc_provider.missing", "sdk.too_old"]));
    }
  });

  it("names irsa_annotation.missing at medium when an add-on says no role is associated with its service account", async () => {
    const { report } = await diagnoseText(
      "ascp",
      "rpc error: code = Unknown desc = us-east-1: An IAM role must be associated with service account demo-sa (namespace: default)",
    );
    expect([report.cause_id, report.confidence]).toEqual(["irsa_annotation.missing", "medium"]);
    expect(report.candidates.map((c) => c.cause_id)).toContain("pod_identity.association_missing");
  });

  it("names webhook.not_injecting and pod_identity.agent_not_running at medium from kubectl's words, saying the line settles it", async () => {
    const webhook = (
      await diagnoseText(
        "webhook",
        `Error from server (NotFound): mutatingwebhookconfigurations.admissionregistration.k8s.io "pod-identity-webhook" not found`,
      )
    ).report;
    expect([webhook.cause_id, webhook.confidence]).toEqual(["webhook.not_injecting", "medium"]);
    expect(webhook.root_cause).toContain("settles the category on its own");
    expect(webhook.candidates[0]?.to_confirm).toEqual(
      expect.arrayContaining(["kubectl get mutatingwebhookconfigurations -o yaml, for the pod-identity-webhook"]),
    );
    const agent = (await diagnoseText("agent", "kube-system   eks-pod-identity-agent-x2k4q   0/1     CrashLoopBackOff   7 (2m ago)   14m"))
      .report;
    expect([agent.cause_id, agent.confidence]).toEqual(["pod_identity.agent_not_running", "medium"]);
  });

  it("stays inconclusive on a node-role denial, listing why the pod had no identity and the SDK fallback with what to collect", async () => {
    const { report } = await diagnoseText(
      "node-role",
      "AccessDenied: User: arn:aws:sts::111122223333:assumed-role/eks-node-NodeInstanceRole-1A2B/i-0abc123def4567890 is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::b/k",
    );
    expect([report.cause_id, report.confidence]).toEqual(["inconclusive", "low"]);
    const ids = report.candidates.map((c) => c.cause_id);
    expect(ids).toEqual(
      expect.arrayContaining([
        "irsa_annotation.missing",
        "irsa_annotation.pod_predates_annotation",
        "sdk.falls_back_to_node_role",
        "pod_identity.association_missing",
        "permissions.role_lacks_permission",
        "webhook.not_injecting",
      ]),
    );
    expect(looksNeeded(ids as LogCauseId[])).toBeLessThanOrEqual(MAX_CANDIDATES);
    for (const c of report.candidates) expect(c.to_confirm?.length ?? 0, c.cause_id).toBeGreaterThan(0);
  });

  it("lists a bare service denial's candidates most frequent first: the role's permissions, then the node-role fallback", async () => {
    const { report } = await diagnoseText(
      "s3-403",
      "botocore.exceptions.ClientError: An error occurred (AccessDenied) when calling the GetObject operation: Access Denied",
    );
    expect([report.cause_id, report.confidence]).toEqual(["inconclusive", "low"]);
    expect(report.candidates.map((c) => c.cause_id)).toEqual([...SERVICE_REFUSED_UNNAMED]);
    // Causes that share a category get a step of their own: ask the container who it is.
    const fallback = report.candidates.find((c) => c.cause_id === "sdk.falls_back_to_node_role");
    expect(fallback?.to_confirm?.join(" ") ?? "").toContain("get-caller-identity");
  });

  it("lists a bare AssumeRoleWithWebIdentity refusal's candidates subject mismatch first, without the missing annotation", async () => {
    const { report } = await diagnoseText("wi-denied", "caused by: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity");
    expect(report.cause_id).toBe("inconclusive");
    const ids = report.candidates.map((c) => c.cause_id);
    expect(ids).toEqual([...WEB_IDENTITY_REFUSED]);
  });

  it("gives an AWS error code no pattern explains its code's family, inconclusive and low, with the line as evidence", async () => {
    const refused = (
      await diagnoseText("net-refused", "error using generator: AccessDenied: Cannot call GetSessionToken with session credentials")
    ).report;
    expect([refused.cause_id, refused.confidence]).toEqual(["inconclusive", "low"]);
    expect(refused.candidates.map((c) => c.cause_id)).toEqual([...SERVICE_REFUSED_UNNAMED]);
    expect(refused.candidates[0]?.reason).toContain("app.log:1");
    expect(refused.evidence.map((e) => e.content).join(" ")).toContain("GetSessionToken");
    const rejected = (
      await diagnoseText("net-rejected", "upload failed: InvalidToken: The provided token is malformed or otherwise invalid.")
    ).report;
    expect([rejected.cause_id, rejected.confidence]).toEqual(["inconclusive", "low"]);
    expect(rejected.candidates.map((c) => c.cause_id)).toEqual([...CREDENTIALS_REJECTED]);
  });

  it("lists nothing from the net when a recognised line already gives candidates (the net only fills what nothing else says)", async () => {
    const { report } = await diagnoseText(
      "net-beside",
      [
        "caused by: AccessDenied: Not authorized to perform sts:AssumeRoleWithWebIdentity",
        "2026-11-28T10:00:00Z sync failed: AccessDenied: Cannot call GetSessionToken with session credentials",
      ].join("\n"),
    );
    expect(report.candidates.map((c) => c.cause_id)).toEqual([...WEB_IDENTITY_REFUSED]);
  });

  it("names credential_chain.assumes_own_role at medium when a role's own session is refused sts:AssumeRole on that role", async () => {
    const own = (
      await diagnoseText(
        "self-assume",
        "operator error: AccessDenied: User: arn:aws:sts::111122223333:assumed-role/metrics-exporter/1700000000123456789 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111122223333:role/metrics-exporter",
      )
    ).report;
    expect([own.cause_id, own.confidence]).toEqual(["credential_chain.assumes_own_role", "medium"]);
    expect(own.evidence.map((e) => e.content).join(" ")).toContain("role/metrics-exporter");
    expect(own.candidates[0]?.to_confirm?.[0]).toContain("must name the role itself");
    // Another role than the caller's: the chained call's trust or permissions, not the self-assume.
    const other = (
      await diagnoseText(
        "chained",
        "operator error: AccessDenied: User: arn:aws:sts::111122223333:assumed-role/metrics-exporter/1700000000123456789 is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::444455556666:role/reader",
      )
    ).report;
    expect(other.cause_id).toBe("inconclusive");
    expect(other.candidates.map((c) => c.cause_id)).not.toContain("credential_chain.assumes_own_role");
  });

  it("keeps 'Incorrect token audience' inconclusive between the provider's client IDs and the token's audience", async () => {
    const { report } = await diagnoseText(
      "audience",
      "An error occurred (InvalidIdentityToken) when calling the AssumeRoleWithWebIdentity operation: Incorrect token audience",
    );
    expect(report.cause_id).toBe("inconclusive");
    expect(report.candidates.map((c) => c.cause_id)).toEqual(
      expect.arrayContaining(["oidc_provider.audience_mismatch", "token.audience_mismatch"]),
    );
  });

  it("does not let a decisive line outweigh an OIDC provider that was collected and exists", async () => {
    const line: LogMatch = {
      patternId: "sts.no_oidc_provider",
      file: "app.log",
      line: 1,
      text: "InvalidIdentityToken: No OpenIDConnect provider found in your account",
      time: null,
      captures: {},
    };
    const s = await variant("healthy--irsa", (snap) => {
      if (snap.logs.status === "found") snap.logs.value.matches.push(line);
    });
    expect(s.logs.status).toBe("found");
    const { report } = await diagnoseSnapshot(s);
    expect(report.cause_id).not.toBe("oidc_provider.missing");
    expect(report.candidates.map((c) => c.cause_id)).not.toContain("oidc_provider.missing");
  });
});
