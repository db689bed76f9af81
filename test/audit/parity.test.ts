// A binding's verdict is the per-pod diagnosis of its pods: each bundled scenario, read as a fleet bundle,
// gives its service account the cause `diagnose --snapshot` names. The scenarios whose cause only logs or
// CloudTrail show get what the per-pod diagnosis concludes without them, and the audit says what it left out;
// a service account with neither annotation nor association is not a binding at all.

import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { SCENARIOS, runDiagnosisOf, scenarioNames } from "./helpers.js";
import { loadFleetDir } from "../../src/audit/offline.js";
import { runAudit } from "../../src/audit/run.js";
import { CHECKS } from "../../src/checks/registry.js";
import { diagnose } from "../../src/diagnosis/engine.js";
import { unavailable } from "../../src/snapshot/evidence.js";
import { loadSnapshotDir } from "../../src/snapshot/load/index.js";
import type { Snapshot } from "../../src/snapshot/types.js";

/**
 * Scenarios whose deciding evidence is a pod's (or a cluster component's) logs or CloudTrail, which the audit does not
 * read (src/audit/checks.ts says why). Their binding must get the verdict the per-pod diagnosis gives the same snapshot
 * without logs and CloudTrail (that verdict must differ from the full one, or the scenario does not belong here), and
 * the audit must name the per-pod cause in `not_checked`.
 */
const LOG_DECIDED = new Set([
  // Released from held-back set 4: only a log decides them (the app's own "credentials not found", the CloudWatch
  // agent's STS timeout, STS's thumbprint refusal, the Pod Identity agent's EKS Auth timeout, the chained denial).
  "inconclusive--baml-bedrock-credentials-chain-built-without-region",
  "network.sts_unreachable--cwagent-private-cluster-global-sts-endpoint",
  "oidc_provider.thumbprint_mismatch--cdk-provider-leaf-cert-thumbprint-after-rotation",
  "permissions.role_lacks_permission--chained-target-trusts-deleted-role-principal-id",
  "pod_identity.agent_unreachable--private-cluster-eks-auth-endpoint-no-private-dns",
  "network.sts_unreachable--private-subnets-no-sts-endpoint",
  "oidc_provider.thumbprint_mismatch--stale-thumbprint",
  "permissions.role_lacks_permission--irsa-s3-putobject",
  "permissions.role_lacks_permission--pod-identity-sqs-sendmessage",
  "pod_identity.agent_proxy--agent-proxy-moved",
  "pod_identity.agent_unreachable--private-nodes-no-eks-auth-endpoint",
  "sdk.falls_back_to_node_role--sidecar-skipped-by-webhook",
  "sdk.too_old--boto3-before-web-identity",
  "token.expired--token-read-once-at-start",
  "irsa_annotation.role_not_found--staging-account-id",
  "permissions.role_lacks_permission--cross-account-chained-assume-role",
  "permissions.role_lacks_permission--fluent-bit-retention-in-node-log-bundle",
  "sdk.falls_back_to_node_role--deeplake-ignores-web-identity",
  "sdk.too_old--js-v2-pod-identity-missing-credentials",
  // The Secret is not in the bundle: the pod's log (Go's EnvConfigCredentials) and CloudTrail (calls signed by the
  // IAM user) show its keys win; envFrom alone leaves it open.
  "credential_chain.static_keys--legacy-secret-envfrom-keys-found-in-audit",
  // Which SDK reads the credentials file before web identity: the log's AccessDenied names the IAM user, CloudTrail
  // has no AssumeRoleWithWebIdentity.
  "credential_chain.static_keys--velero-credentials-file-shadows-irsa",
  // Only the app's own log (or CloudTrail) shows it calling sts:AssumeRole on the role it already holds.
  "credential_chain.assumes_own_role--fluent-bit-sidecar-assumes-its-own-role",
  "credential_chain.assumes_own_role--kes-externalsecret-rolearn-is-the-irsa-role",
  "credential_chain.assumes_own_role--falcosidekick-chart-rolearn-assumes-own-role",
  // Released from held-back set 2: the node-role principal and the SDK's refusal are in the pod's log only.
  "sdk.falls_back_to_node_role--falcosidekick-irsa-env-ignored-node-role-denied",
  "sdk.too_old--external-dns-go-v1-ignores-pod-identity-endpoint",
  // Only the controller's log holds the AccessDenied (GetSessionToken with session credentials) that keeps it from healthy.
  "inconclusive--eso-sts-session-token-generator-irsa-session-credentials",
  // Only the kube-apiserver's log says the webhook failed open (x509); without it a pod without AWS_ROLE_ARN under an
  // annotation of unknown age reads as irsa_annotation.pod_predates_annotation (medium), per pod as in the audit.
  "webhook.not_injecting--rke2-webhook-x509-fails-open",
  // Released from dev set 5: only the app's log shows the STS reset over plain HTTP, the .NET refusal of a POSIX
  // token path on Windows, and the timeouts to the agent that a node firewall causes.
  "network.sts_unreachable--s3-proxy-disablessl-sends-sts-over-plain-http",
  "token.not_mounted_or_unreadable--windows-pod-gets-unix-token-path-dotnet-rejects-it",
  "inconclusive--bottlerocket-cis-iptables-drops-pod-identity-agent-hop",
  // Released from held-back set 5: each binding is configured right and only a log shows the failure: the KFP API
  // server's Access Denied that nothing in the configuration explains, botocore's connect timeout to the regional STS
  // host (the NetworkPolicy that drops it is a kind the tool does not read), the controller's AccessDenied for the
  // action its new version calls, minio-go's refusal of the Pod Identity agent's link-local address, and Hadoop S3A's
  // refusal of a read the pod's role allows.
  "inconclusive--kfp-ml-pipeline-irsa-env-present-root-cause-retracted",
  "network.sts_unreachable--networkpolicy-egress-allowlist-misses-regional-sts-range",
  "permissions.role_lacks_permission--lbc-v2-9-describelistenerattributes-after-blueprints-upgrade",
  "sdk.too_old--milvus-minio-go-rejects-pod-identity-link-local-uri",
  "sdk.falls_back_to_node_role--spark-s3a-instance-profile-before-web-identity",
  // Released from held-back set 6: the app's STS timeout behind a pod security group, the Java SDK's missing STS
  // module with the node role's denial, n8n's own "System AWS credentials are required".
  "network.sts_unreachable--security-groups-for-pods-public-subnet-strict-mode",
  "sdk.falls_back_to_node_role--fedora-ocfl-s3-java-sdk-v2-without-sts-module",
  "sdk.too_old--n8n-pod-identity-token-file-not-read",
  // Released from held-back set 7: only Cube Store's log shows its session credentials expiring in use.
  "sdk.too_old--cubestore-refreshes-web-identity-only-when-token-file-changes",
]);

/**
 * Scenarios decided by a newer revision of the service account's workload that cannot create its pods: the audit
 * judges a binding by the pods that exist, so its verdict is that of the running pod read alone (a known gap).
 */
const NEWER_REVISION_DECIDED = new Set(["webhook.not_injecting--istio-hold-until-proxy-starts-duplicate-token-mount"]);

/** The snapshot without what the audit never reads per pod: logs and CloudTrail. */
function withoutLogsAndTrail(s: Snapshot): Snapshot {
  return {
    ...s,
    logs: unavailable("not_collected", "not read by the audit"),
    aws: { ...s.aws, cloudTrail: unavailable("not_collected", "not read by the audit") },
  };
}

describe("the audit's verdict for a binding is the per-pod diagnosis of its pods", () => {
  test.each(scenarioNames())("%s", async (name) => {
    const { dir, snapshot, outcome } = await runDiagnosisOf(name);
    const audit = runAudit(await loadFleetDir(dir));
    const sa = snapshot.k8s.serviceAccount.status === "found" ? snapshot.k8s.serviceAccount.value : undefined;
    const saName = sa?.metadata.name ?? snapshot.target.serviceAccount;
    const binding = audit.bindings.find((b) => b.namespace === snapshot.target.namespace && b.service_account === saName);
    const associated = (snapshot.aws.podIdentityAssociations.status === "found" ? snapshot.aws.podIdentityAssociations.value : []).some(
      (a) => a.namespace === snapshot.target.namespace && a.serviceAccount === saName,
    );
    const bound = sa?.metadata.annotations?.["eks.amazonaws.com/role-arn"] !== undefined || associated;
    expect(binding !== undefined).toBe(bound);
    if (!binding) return;
    if (LOG_DECIDED.has(name)) {
      const configOnly = diagnose(withoutLogsAndTrail(snapshot), CHECKS).outcome;
      expect(configOnly, "logs and CloudTrail do not decide this scenario: compare it in full").not.toBe(outcome);
      expect(binding.cause_id).toBe(configOnly);
      expect(audit.not_checked.map((n) => n.cause_id)).toContain(outcome);
    } else if (NEWER_REVISION_DECIDED.has(name) && snapshot.k8s.pod.status === "found") {
      const podAlone = diagnose({ ...snapshot, target: { ...snapshot.target, pod: snapshot.k8s.pod.value.metadata.name } }, CHECKS).outcome;
      expect(podAlone, "the running pod alone does not decide this scenario: compare it in full").not.toBe(outcome);
      expect(binding.cause_id).toBe(podAlone);
    } else expect(binding.cause_id).toBe(outcome);
    if (snapshot.k8s.pod.status === "found") expect(binding.pods).toContain(snapshot.k8s.pod.value.metadata.name);
    else expect(binding.pods).toEqual([]);
  });

  test("the scenarios compared are most of the catalogue, so the comparison is not vacuous", () => {
    expect(scenarioNames().length - LOG_DECIDED.size).toBeGreaterThan(60);
    for (const name of LOG_DECIDED) expect(scenarioNames()).toContain(name);
  });
});

test("a bundle holding the key names of a Secret a pod pulls in with envFrom: the audit reads them as diagnose does", async () => {
  const dir = await mkdtemp(join(tmpdir(), "irsa-doctor-audit-secret-"));
  try {
    // Without logs and CloudTrail only the Secret's key names can show that its keys come before web identity.
    await cp(`${SCENARIOS}credential_chain.static_keys--legacy-secret-envfrom-keys-found-in-audit`, dir, {
      recursive: true,
      filter: (src) => !/[/\\](logs|cloudtrail-[^/\\]*)$/.test(src),
    });
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "order-events-aws", namespace: "orders" }, type: "Opaque" };
    const keys = { AWS_ACCESS_KEY_ID: "bm90LWEta2V5", AWS_SECRET_ACCESS_KEY: "bm90LWEta2V5", AWS_REGION: "ZXUtd2VzdC0x" };
    await writeFile(join(dir, "k8s/secret-order-events-aws.json"), JSON.stringify({ ...secret, data: keys }));
    const perPod = diagnose(await loadSnapshotDir(dir), CHECKS);
    expect(perPod.outcome).toBe("credential_chain.static_keys");
    const binding = runAudit(await loadFleetDir(dir)).bindings.find((b) => b.service_account === "order-events");
    expect(binding?.cause_id).toBe(perPod.outcome);
    expect(binding?.confidence).toBe(perPod.confidence);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
