// Missing evidence: every piece of the snapshot that could not be obtained, said plainly with what would
// supply it (the CLI command for an offline bundle, or the permission the tool's own read needs).

import type { Finding } from "../checks/types.js";
import type { Evidence } from "../snapshot/evidence.js";
import type { Snapshot } from "../snapshot/types.js";
import { configMapCommand } from "../snapshot/configmap-env.js";

export interface MissingEvidence {
  what: string;
  reason: string;
  detail: string;
  /** What to run (offline bundles) or grant (live reads) to supply it. */
  remedy: string;
}

interface Slot {
  what: string;
  evidence: Evidence<unknown>;
  /** The command that produces it for an offline bundle. */
  command: string;
}

function slots(s: Snapshot): Slot[] {
  const ns = s.target.namespace;
  const cluster = s.target.cluster ?? "<cluster>";
  const pod = s.target.pod ?? "<pod>";
  const list: Slot[] = [
    { what: "pod", evidence: s.k8s.pod, command: `kubectl get pod ${pod} -n ${ns} -o yaml` },
    { what: "service account", evidence: s.k8s.serviceAccount, command: `kubectl get serviceaccount -n ${ns} -o yaml` },
    { what: "events", evidence: s.k8s.events, command: `kubectl get events -n ${ns} -o yaml` },
    { what: "mutating webhooks", evidence: s.k8s.mutatingWebhooks, command: "kubectl get mutatingwebhookconfigurations -o yaml" },
    {
      what: "eks-pod-identity-agent DaemonSet",
      evidence: s.k8s.podIdentityAgent,
      command: "kubectl get daemonset eks-pod-identity-agent -n kube-system -o yaml",
    },
    { what: "node", evidence: s.k8s.node, command: "kubectl get node <node> -o yaml" },
    { what: "EKS cluster", evidence: s.aws.cluster, command: `aws eks describe-cluster --name ${cluster} --output json` },
    {
      what: "Pod Identity associations",
      evidence: s.aws.podIdentityAssociations,
      command: `aws eks list-pod-identity-associations --cluster-name ${cluster} --output json`,
    },
    { what: "IAM OIDC providers", evidence: s.aws.oidcProviderList, command: "aws iam list-open-id-connect-providers --output json" },
    { what: "caller identity", evidence: s.aws.callerIdentity, command: "aws sts get-caller-identity --output json" },
    { what: "logs", evidence: s.logs, command: `kubectl logs ${pod} -n ${ns} --all-containers` },
  ];
  for (const [name, e] of Object.entries(s.aws.roles)) {
    list.push({ what: `IAM role ${name}`, evidence: e, command: `aws iam get-role --role-name ${name} --output json` });
  }
  for (const [name, e] of Object.entries(s.k8s.configMaps ?? {})) {
    list.push({ what: `ConfigMap ${ns}/${name}`, evidence: e, command: configMapCommand(ns, name) });
  }
  for (const [arn, e] of Object.entries(s.aws.oidcProviders)) {
    list.push({
      what: `IAM OIDC provider ${arn}`,
      evidence: e,
      command: `aws iam get-open-id-connect-provider --open-id-connect-provider-arn ${arn} --output json`,
    });
  }
  return list;
}

/**
 * `kubectl get -o yaml` drops managedFields since Kubernetes 1.21, and with them when the role annotation
 * was written. When a pod-predates-annotation finding had to stay below high confidence for want of that
 * time, say so, and how to supply it.
 */
function annotationTime(s: Snapshot, findings: readonly Finding[]): MissingEvidence | null {
  const sa = s.k8s.serviceAccount;
  if (sa.status !== "found" || sa.value.metadata["managedFields"] !== undefined) return null;
  const weak = findings.find((f) => f.causeId === "irsa_annotation.pod_predates_annotation" && f.confidence !== "high");
  if (!weak) return null;
  const name = `${sa.value.metadata.namespace ?? s.target.namespace}/${sa.value.metadata.name}`;
  return {
    what: `service account ${name} managedFields`,
    reason: "not_collected",
    detail: `ServiceAccount ${name} was saved without metadata.managedFields (kubectl get -o yaml drops them since 1.21), so when its eks.amazonaws.com/role-arn annotation was set could not be compared with the pod's creation; the ${weak.causeId} finding is ${weak.confidence} confidence for want of it`,
    remedy: `add the output of \`kubectl get serviceaccount ${sa.value.metadata.name} -n ${sa.value.metadata.namespace ?? s.target.namespace} -o yaml --show-managed-fields\` to the snapshot`,
  };
}

export function missingEvidence(snapshot: Snapshot, findings: readonly Finding[] = []): MissingEvidence[] {
  const out: MissingEvidence[] = [];
  const time = annotationTime(snapshot, findings);
  if (time) out.push(time);
  for (const slot of slots(snapshot)) {
    const e = slot.evidence;
    if (e.status !== "unavailable") continue;
    const remedy =
      e.reason === "permission_denied"
        ? `grant ${e.permission ?? "read access"} to the identity irsa-doctor runs as`
        : e.reason === "not_collected"
          ? `add the output of \`${slot.command}\` to the snapshot`
          : e.reason === "unreachable"
            ? "check network access to the API endpoint and retry"
            : `fix the file and retry: ${e.detail}`;
    out.push({ what: slot.what, reason: e.reason, detail: e.detail, remedy });
  }
  for (const p of snapshot.problems) {
    out.push({ what: p.source, reason: "unreadable", detail: p.message, remedy: "fix or replace the file; it was not used" });
  }
  return out;
}
