// Missing evidence: every piece of the snapshot that could not be obtained, said plainly with what would
// supply it (the CLI command for an offline bundle, or the permission the tool's own read needs).

import type { Evidence } from "../snapshot/evidence.js";
import type { Snapshot } from "../snapshot/types.js";

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
    { what: "eks-pod-identity-agent DaemonSet", evidence: s.k8s.podIdentityAgent, command: "kubectl get daemonset eks-pod-identity-agent -n kube-system -o yaml" },
    { what: "node", evidence: s.k8s.node, command: "kubectl get node <node> -o yaml" },
    { what: "EKS cluster", evidence: s.aws.cluster, command: `aws eks describe-cluster --name ${cluster} --output json` },
    { what: "Pod Identity associations", evidence: s.aws.podIdentityAssociations, command: `aws eks list-pod-identity-associations --cluster-name ${cluster} --output json` },
    { what: "IAM OIDC providers", evidence: s.aws.oidcProviderList, command: "aws iam list-open-id-connect-providers --output json" },
    { what: "caller identity", evidence: s.aws.callerIdentity, command: "aws sts get-caller-identity --output json" },
    { what: "logs", evidence: s.logs, command: `kubectl logs ${pod} -n ${ns} --all-containers` },
  ];
  for (const [name, e] of Object.entries(s.aws.roles)) {
    list.push({ what: `IAM role ${name}`, evidence: e, command: `aws iam get-role --role-name ${name} --output json` });
  }
  for (const [arn, e] of Object.entries(s.aws.oidcProviders)) {
    list.push({ what: `IAM OIDC provider ${arn}`, evidence: e, command: `aws iam get-open-id-connect-provider --open-id-connect-provider-arn ${arn} --output json` });
  }
  return list;
}

export function missingEvidence(snapshot: Snapshot): MissingEvidence[] {
  const out: MissingEvidence[] = [];
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
